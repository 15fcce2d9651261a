using Cin.Engine.Batch;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using Cin.Engine.Imaging;
using Cin.Engine.Network;

namespace Cin.Engine.Video;

/// <summary>
/// A clip in, a stylized clip out. Three stages overlap: an ffmpeg process decodes to raw RGB on a reader thread,
/// this thread runs the network frame by frame (<see cref="TemporalStylizer"/>), and a writer thread feeds a second
/// ffmpeg process that encodes, with the source's audio, into a temporary file beside the output, renamed into place
/// when the clip is complete. Interrupted, it leaves no file, or with <see cref="VideoOptions.KeepPartial"/> a
/// playable clip of the frames done.
/// </summary>
public static class VideoStylizer
{
    /// <summary>Frames waiting between stages: enough to ride out uneven frame times, few enough to bound memory.</summary>
    private const int QueueLength = 3;

    /// <summary>Fails fast on an output cin cannot write, before any slow work; returns its container.</summary>
    public static VideoContainer CheckDestination(string output, bool overwrite)
    {
        if (VideoFiles.OutputContainer(output) is not { } container)
            throw new ImageFileException(output, ImageFileError.UnknownOutputFormat, "cin writes video as .mp4 (H.264), .mkv (H.264) or .webm (VP9)");
        string folder = Path.GetDirectoryName(Path.GetFullPath(output))!;
        if (!Directory.Exists(folder)) throw new ImageFileException(output, ImageFileError.OutputFolderMissing, "the output folder does not exist");
        if (Directory.Exists(output)) throw new ImageFileException(output, ImageFileError.Unwritable, "is a folder");
        if (!overwrite && File.Exists(output)) throw new ImageFileException(output, ImageFileError.OutputExists, "already exists");
        return container;
    }

    public static VideoResult StylizeFile(string input, string output, StyleNetwork network, StyleParameters style, VideoOptions options,
        Action<VideoProgress>? progress = null, CancellationToken cancellation = default)
    {
        options.Frame.Validate();
        long start = Stopwatch.GetTimestamp();
        var container = CheckDestination(output, options.Overwrite);
        // Front ends refuse this when they plan (OutputPlanner); checked here too because this is a public entry.
        if (PathIdentity.SameFile(input, output))
            throw new ImageFileException(input, ImageFileError.OutputIsInput, "the output would replace the input itself");
        var info = VideoProbe.Probe(options.Tools, input);
        bool deep = info.HighBitDepth;
        var encoding = VideoEncoding.For(container, info, options.Quality);
        var stylizer = new TemporalStylizer(network, style, options.Frame);

        string folder = Path.GetDirectoryName(Path.GetFullPath(output))!;
        string temp = Path.Combine(folder, $".{Path.GetFileName(output)}.cin-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}.tmp");
        using var decoder = Launch(options.Tools.Ffmpeg, VideoEncoding.DecoderArguments(input, deep));
        var decoderErrors = decoder.StandardError.ReadToEndAsync(CancellationToken.None);
        Process? encoder = null;
        bool moved = false;
        using var stopReading = new CancellationTokenSource();
        var decoded = new BlockingCollection<FeatureMap>(QueueLength);
        var toEncode = new BlockingCollection<FeatureMap>(QueueLength);
        try
        {
            encoder = Launch(options.Tools.Ffmpeg, encoding.EncoderArguments(info, deep, input, temp));
            var encoderErrors = encoder.StandardError.ReadToEndAsync(CancellationToken.None);
            _ = encoder.StandardOutput.ReadToEndAsync(CancellationToken.None);
            var reading = Task.Run(() => Read(decoder.StandardOutput.BaseStream, info, deep, decoded, stopReading.Token));
            var writer = new FrameWriter(encoder.StandardInput.BaseStream, deep);
            var writing = Task.Run(() => writer.Run(toEncode));

            int frames = 0;
            bool interrupted = false;
            // A large frame takes seconds: its layers' loops check the cancellation too, and a frame given up part-way
            // is not encoded.
            using (Kernels.RowParallel.Cancellable(cancellation))
            {
                foreach (var frame in decoded.GetConsumingEnumerable())
                {
                    if (cancellation.IsCancellationRequested) { interrupted = true; break; }
                    if (writer.Failure != null) break;
                    FeatureMap stylized;
                    try
                    {
                        stylized = stylizer.Stylize(frame);
                    }
                    catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
                    {
                        interrupted = true;
                        break;
                    }
                    toEncode.Add(stylized);
                    frames++;
                    progress?.Invoke(Progress(frames, info.FrameCount, Stopwatch.GetElapsedTime(start)));
                }
            }
            interrupted |= cancellation.IsCancellationRequested;
            stopReading.Cancel();
            toEncode.CompleteAdding();
            writing.Wait();

            if (writer.Failure is { } writeFailure)
            {
                Stop(encoder);
                throw new ImageFileException(output, ImageFileError.Unwritable, $"ffmpeg could not encode it ({VideoProbe.LastLine(Finish(encoderErrors), temp)})", writeFailure);
            }
            if (interrupted)
            {
                Stop(decoder);
                if (!options.KeepPartial || frames == 0)
                {
                    Stop(encoder);
                    throw new OperationCanceledException(cancellation);
                }
            }
            else
            {
                // The reader has seen the end of the stream; the decoder's verdict decides whether that was the clip's end.
                if (reading.Exception?.InnerException is { } readFailure && readFailure is not OperationCanceledException)
                    throw new ImageFileException(input, ImageFileError.Corrupt, readFailure.Message, readFailure);
                decoder.WaitForExit();
                if (decoder.ExitCode != 0)
                    throw new ImageFileException(input, ImageFileError.Corrupt, $"ffmpeg could not decode it ({VideoProbe.LastLine(Finish(decoderErrors), input)})");
                if (frames == 0) throw new ImageFileException(input, ImageFileError.Corrupt, "no frame could be decoded");
            }

            encoder.StandardInput.Close();
            encoder.WaitForExit();
            if (encoder.ExitCode != 0)
                throw new ImageFileException(output, ImageFileError.Unwritable, $"ffmpeg could not encode it ({VideoProbe.LastLine(Finish(encoderErrors), temp)})");
            // Without overwrite, the move fails rather than replace a file that appeared since the check.
            File.Move(temp, output, options.Overwrite);
            moved = true;
            return new VideoResult(input, output, info.Width, info.Height, frames)
            {
                Partial = interrupted,
                SceneCuts = stylizer.Cuts,
                Elapsed = Stopwatch.GetElapsedTime(start),
            };
        }
        finally
        {
            stopReading.Cancel();
            toEncode.CompleteAdding();
            Stop(decoder);
            if (encoder != null) { Stop(encoder); encoder.Dispose(); }
            if (!moved) TryDelete(temp);
        }
    }

    private static VideoProgress Progress(int frames, long? total, TimeSpan elapsed)
    {
        double fps = frames / Math.Max(1e-6, elapsed.TotalSeconds);
        TimeSpan? remaining = total is { } t && t >= frames && fps > 0 ? TimeSpan.FromSeconds((t - frames) / fps) : null;
        return new VideoProgress(frames, total, fps, remaining);
    }

    /// <summary>Reads whole frames until the stream ends; a stream that ends inside a frame is a truncated clip.</summary>
    private static void Read(Stream stream, VideoInfo info, bool deep, BlockingCollection<FeatureMap> frames, CancellationToken stop)
    {
        try
        {
            var buffer = new byte[RawFrames.FrameBytes(info.Width, info.Height, deep)];
            while (!stop.IsCancellationRequested)
            {
                int got = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
                if (got == 0) break;
                if (got < buffer.Length) throw new InvalidDataException("the video data ends inside a frame");
                frames.Add(RawFrames.ToMap(buffer, info.Width, info.Height, deep), stop);
            }
        }
        finally
        {
            frames.CompleteAdding();
        }
    }

    /// <summary>Writes frames to the encoder; after a failure (ffmpeg gone) it keeps taking frames so the producer never blocks.</summary>
    private sealed class FrameWriter(Stream stream, bool deep)
    {
        public volatile Exception? Failure;

        public void Run(BlockingCollection<FeatureMap> frames)
        {
            byte[]? buffer = null;
            foreach (var frame in frames.GetConsumingEnumerable())
            {
                if (Failure != null) continue;
                try
                {
                    buffer ??= new byte[RawFrames.FrameBytes(frame.Width, frame.Height, deep)];
                    RawFrames.FromMap(frame, buffer, deep);
                    stream.Write(buffer);
                }
                catch (IOException e)
                {
                    Failure = e;
                }
            }
            if (Failure == null)
            {
                try { stream.Flush(); }
                catch (IOException e) { Failure = e; }
            }
        }
    }

    private static Process Launch(string program, IReadOnlyList<string> arguments)
    {
        var process = Process.Start(VideoTools.Start(program, arguments)) ?? throw new InvalidOperationException($"Could not start {program}.");
        return process;
    }

    private static string Finish(Task<string> errors) => errors.Wait(TimeSpan.FromSeconds(5)) ? errors.Result : "";

    private static void Stop(Process process)
    {
        try
        {
            if (!process.HasExited) process.Kill();
            process.WaitForExit(5000);
        }
        catch (InvalidOperationException) { }
        catch (System.ComponentModel.Win32Exception) { }
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
