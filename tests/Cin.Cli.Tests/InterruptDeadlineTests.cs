using Cin.Engine.Imaging;

namespace Cin.Cli.Tests;

/// <summary>Tests that must run alone: what they do reaches every write in the process.</summary>
[CollectionDefinition(nameof(AloneInProcess), DisableParallelization = true)]
public sealed class AloneInProcess;

/// <summary>
/// After Ctrl-C, an output still being encoded once the grace has passed (ImageSharp's encoders, WebP's for one, cannot
/// be stopped; cin's own PNG writer stops between pieces) does not hold cin up: its temporary file is deleted and the process ends with 130.
/// </summary>
[Collection(nameof(AloneInProcess))]
public sealed class InterruptDeadlineTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void An_encoder_still_running_after_the_grace_is_abandoned_with_its_temporary_file()
    {
        string path = _folder.File("out.png");
        using var exited = new ManualResetEventSlim();
        int code = -1;
        var console = new CinConsole
        {
            Exit = c => { code = c; exited.Set(); },
            InterruptGrace = TimeSpan.FromMilliseconds(1),
        };
        bool ended = false;
        string[] left = [];
        Assert.ThrowsAny<IOException>(() => AtomicFile.Write(path, overwrite: false, stream =>
        {
            stream.Write("half a picture"u8);
            console.EndAfterGrace();
            // A guard, not a time limit: the exit comes once the grace has passed, while this "encoder" still runs.
            ended = exited.Wait(TimeSpan.FromMinutes(1));
            left = _folder.TempFiles();
        }));
        Assert.True(ended, "the process was not ended");
        Assert.Equal(ExitCodes.Interrupted, code);
        Assert.Empty(left);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void A_console_inside_another_process_never_ends_it()
    {
        // No Exit (the default for in-process use): no deadline is set, so nothing is deleted.
        string path = _folder.File("out.png");
        AtomicFile.Write(path, overwrite: false, stream =>
        {
            stream.Write("a picture"u8);
            new CinConsole { InterruptGrace = TimeSpan.Zero }.EndAfterGrace();
        });
        Assert.True(File.Exists(path));
    }
}
