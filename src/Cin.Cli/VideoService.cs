using System.Globalization;
using Cin.Engine.Batch;
using Cin.Engine.Imaging;
using Cin.Engine.Network;
using Cin.Engine.Video;

namespace Cin.Cli;

/// <summary>
/// `cin clip.mp4 -o clip-starry.mp4 --style starry-night`: stylizes video files, one after another, through
/// <see cref="VideoStylizer"/>, with a progress line on a terminal. Independent of the command-line parser.
/// </summary>
/// <remarks>
/// A run is a video run when every input is a video file (by extension, see <see cref="VideoFiles"/>). Each output
/// is -o (one clip), a file in the folder -o names (several), or beside the input as &lt;name&gt;-&lt;style&gt;.&lt;ext&gt;
/// (the input's extension when cin writes it, else .mp4). Exit codes are those of photos: 0, 1 when a clip failed,
/// 2 for a usage mistake, 130 when interrupted.
/// </remarks>
public sealed class VideoService(IModelCatalog catalog, TextWriter output, TextWriter error, CinConsole? console = null)
{
    private readonly CinConsole _console = console ?? CinConsole.Redirected;

    /// <summary>Whether <paramref name="request"/> is a video run: every input an existing video file.</summary>
    public static bool Handles(StylizeRequest request) =>
        request.Inputs.Count > 0 && request.Inputs.All(i => VideoFiles.IsVideo(i) && !Directory.Exists(i) && i.IndexOfAny(['*', '?', '[']) < 0);

    public int Run(StylizeRequest request, VideoRequest video) =>
        ErrorReporting.Run(error, () =>
        {
            try
            {
                return Stylize(request, video);
            }
            catch (VideoToolsMissingException e)
            {
                error.WriteLine($"cin: {e.Message}");
                return ExitCodes.Failure;
            }
        });

    private int Stylize(StylizeRequest request, VideoRequest video)
    {
        request.CheckOptions();
        var (model, weights, styleText) = ModelLookup.Style(catalog, request);
        var items = Plan(request, model, weights);
        var tools = VideoTools.Find(video.Ffmpeg);
        foreach (var (_, target) in items)
            if (!(request.SkipExisting && File.Exists(target))) VideoStylizer.CheckDestination(target, request.Force);

        StyleNetwork network = catalog.Load(model.Name);
        StyleParameters style = StyleParameters.Blend(network, model, weights);
        var options = new VideoOptions(tools)
        {
            Quality = request.Quality,
            Overwrite = request.Force,
            KeepPartial = video.KeepPartial,
            Frame = new FrameOptions
            {
                Temporal = video.Temporal,
                Threads = request.Threads ?? Environment.ProcessorCount,
                Strength = request.Strength,
                KeepColors = request.KeepColors,
                WorkSize = request.WorkSize,
            },
        };

        using var stop = new CancellationTokenSource();
        using var subscription = _console.Interruptions(_ =>
        {
            if (stop.IsCancellationRequested) return;
            stop.Cancel();
            error.WriteLine(video.KeepPartial
                ? "cin: interrupted; closing the clip at the frames done (--keep-partial)"
                : "cin: interrupted; abandoning the clip (nothing partial is left)");
        });

        int failed = 0;
        foreach (var (input, target) in items)
        {
            if (request.SkipExisting && File.Exists(target))
            {
                output.WriteLine($"{target}: skipped (its output exists)");
                continue;
            }
            var line = new ProgressLine(output, _console, Path.GetFileName(input));
            try
            {
                var result = VideoStylizer.StylizeFile(input, target, network, style, options, line.Report, stop.Token);
                line.Clear();
                output.WriteLine(SuccessLine(result, styleText));
                if (result.Partial) return ExitCodes.Interrupted;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                line.Clear();
                return ExitCodes.Interrupted;
            }
            catch (ImageFileException e) when (items.Count > 1)
            {
                line.Clear();
                error.WriteLine($"cin: {e.Message}");
                failed++;
            }
            finally
            {
                line.Clear();
            }
        }
        return failed > 0 ? ExitCodes.Failure : ExitCodes.Success;
    }

    /// <summary>
    /// Each input with its output file, named and checked by the same <see cref="OutputPlanner"/> as photos: -o is one
    /// clip's file or, for several clips or a name ending in '/', a folder; {ext} is the clip's own container or mp4.
    /// </summary>
    private static List<(string Input, string Output)> Plan(StylizeRequest request, ModelInfo model, float[] weights)
    {
        OutputPlanner planner;
        try
        {
            planner = new OutputPlanner(new OutputRequest
            {
                Destination = request.Output,
                DestinationIsFolder = request.Output is null ? null : request.Inputs.Count > 1 ? true : null,
                NamePattern = request.NamePattern ?? OutputName.DefaultPattern,
                StyleLabel = StyleLabel.For(model, weights),
                Model = model.Name,
                Overwrite = request.Force,
                SkipExisting = request.SkipExisting,
                CreateFolders = true,
            });
        }
        catch (OutputPatternException e)
        {
            throw new UsageException($"--name: {e.Message}");
        }
        var items = new List<(string, string)>();
        foreach (string input in request.Inputs)
        {
            if (!File.Exists(input)) throw new ImageFileException(input, ImageFileError.Unreadable, "no such file");
            var planned = planner.Plan(input);
            if (planned.Problem is { } problem) throw problem;
            if (planned.FolderToCreate is { } folder) Directory.CreateDirectory(folder);
            items.Add((input, planned.Output));
        }
        return items;
    }

    private static string SuccessLine(VideoResult r, string style) => string.Create(CultureInfo.InvariantCulture,
        $"{r.Output}: {r.Width}x{r.Height}, {r.Frames} frames{(r.Partial ? " (interrupted; the frames done)" : "")}, style {style}, " +
        $"{r.Elapsed.TotalSeconds:0.0} s ({r.Frames / Math.Max(1e-6, r.Elapsed.TotalSeconds):0.0} fps)");

    /// <summary>The live "clip.mp4  frame 120/300  23.4 fps  ETA 0:08" line, on a terminal only.</summary>
    private sealed class ProgressLine(TextWriter output, CinConsole console, string name)
    {
        private long _lastDrawn;
        private bool _drawn;

        public void Report(VideoProgress progress)
        {
            if (!console.IsTerminal) return;
            long now = Environment.TickCount64;
            if (_drawn && now - _lastDrawn < 200 && progress.Frames != progress.Total) return;
            _lastDrawn = now;
            string text = Format(name, progress);
            int width = Math.Max(20, console.Width) - 1;
            output.Write("\r" + (text.Length > width ? text[..width] : text.PadRight(width)));
            output.Flush();
            _drawn = true;
        }

        public void Clear()
        {
            if (!_drawn) return;
            output.Write("\r" + new string(' ', Math.Max(20, console.Width) - 1) + "\r");
            output.Flush();
            _drawn = false;
        }
    }

    /// <summary>The progress line's text.</summary>
    internal static string Format(string name, VideoProgress p)
    {
        string total = p.Total is { } t ? $"/{t}" : "";
        string eta = p.Remaining is { } left ? $"{(int)left.TotalMinutes}:{left.Seconds:00}" : "--:--";
        return string.Create(CultureInfo.InvariantCulture, $"{name}  frame {p.Frames}{total}  {p.FramesPerSecond:0.0} fps  ETA {eta}");
    }
}
