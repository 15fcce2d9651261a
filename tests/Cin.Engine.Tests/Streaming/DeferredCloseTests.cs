using System.Diagnostics;
using Cin.Engine.Network.Streaming;

namespace Cin.Engine.Tests.Streaming;

/// <summary>
/// Closing a file through the kernel's worker: our descriptor goes at once, the ring made for it leaves nothing in the
/// process, and the file really is closed a moment later. The last is seen through the lock that FileShare.None takes
/// on Unix (flock), which only goes away when the file's last reference does.
/// </summary>
public class DeferredCloseTests
{
    [Fact]
    public void The_file_is_closed_and_nothing_of_the_ring_stays_in_the_process()
    {
        using var temp = new TempFolder();
        string path = Path.Combine(temp.Path, "spill.tmp");
        int ringsBefore = OpenRings();
        var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, preallocationSize: 1 << 20);
        byte[] written = Enumerable.Range(0, 1 << 16).Select(i => (byte)(i * 7 + 1)).ToArray();
        RandomAccess.Write(handle, written, 4096);
        if (OperatingSystem.IsLinux())
            Assert.Throws<IOException>(() => File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None).Dispose());

        bool deferred = DeferredClose.Close(handle);

        Assert.True(handle.IsClosed);
        Assert.Equal(ringsBefore, OpenRings());
        if (OperatingSystem.IsLinux())
            Assert.DoesNotContain(path, OpenPaths());
        if (!deferred) return;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None).Dispose();
                break;
            }
            catch (IOException) when (clock.Elapsed < TimeSpan.FromSeconds(20))
            {
                Thread.Sleep(10);
            }
        }
        // What was written before the close is all there.
        using var reopened = File.OpenHandle(path, FileMode.Open, FileAccess.Read);
        byte[] read = new byte[written.Length];
        Assert.Equal(read.Length, RandomAccess.Read(reopened, read, 4096));
        Assert.Equal(written, read);
    }

    [Fact]
    public void A_closed_handle_is_left_as_it_is()
    {
        using var temp = new TempFolder();
        var handle = File.OpenHandle(Path.Combine(temp.Path, "x.tmp"), FileMode.CreateNew, FileAccess.ReadWrite);
        handle.Dispose();
        Assert.False(DeferredClose.Close(handle));
    }

    [Fact]
    public void Deferring_is_not_refused_on_this_Linux_unless_io_uring_is()
    {
        if (!OperatingSystem.IsLinux() || IoUringDisabled()) return;
        using var temp = new TempFolder();
        var handle = File.OpenHandle(Path.Combine(temp.Path, "x.tmp"), FileMode.CreateNew, FileAccess.ReadWrite);
        // A container's seccomp filter can still refuse the call; that is the one way to get false here.
        bool deferred = DeferredClose.Close(handle);
        Assert.True(deferred || InContainer(), "io_uring is enabled, so the kernel should take the file");
    }

    private static bool IoUringDisabled() =>
        File.Exists("/proc/sys/kernel/io_uring_disabled") && File.ReadAllText("/proc/sys/kernel/io_uring_disabled").Trim() != "0";

    private static bool InContainer() => File.Exists("/.dockerenv") || File.Exists("/run/.containerenv");

    private static IEnumerable<string> OpenPaths() =>
        Directory.Exists("/proc/self/fd")
            ? Directory.GetFiles("/proc/self/fd").Select(f => new FileInfo(f).LinkTarget ?? "")
            : [];

    private static int OpenRings() => OpenPaths().Count(p => p.Contains("io_uring"));
}
