namespace Cin.Engine.Batch;

/// <summary>
/// How a run divides the processors between images in parallel (jobs) and threads inside each image.
/// </summary>
/// <remarks>
/// Measured with the NativeAOT cin on 100 photos of 1024 px (long side), magenta model, on an idle 16-core Xeon:
/// <code>
///   2 cores (taskset)   jobs=1 threads=1  1.01 images/s     16 cores   jobs=16 threads=1   15.3 images/s
///                       jobs=1 threads=2  1.76 images/s                jobs=8  threads=2   13.4 images/s
///                       jobs=2 threads=1  1.79 images/s                jobs=4  threads=4   11.8 images/s
///                       jobs=2 threads=2  1.87 images/s                jobs=1  threads=16   6.6 images/s
/// </code>
/// Threads inside one image synchronize at every layer and leave the serial parts (decoding, encoding, the colour
/// pass, the per-channel statistics of each norm) on one core, so they scale worse the more cores there are: at 16
/// they reach 43% of what 16 independent images do. Images in parallel cost memory instead (each holds its own
/// activations), which the runner bounds with a shared budget. So a folder run defaults to one job per processor,
/// one thread each; a single photo gets every processor as threads.
/// </remarks>
public static class Parallelism
{
    /// <summary>
    /// Fills in what the user left open. One image: every processor works inside it. Several: one job per processor
    /// (at most one per image), the processors shared among the jobs as threads; a job count alone gets the
    /// processors shared among its jobs, a thread count alone as many jobs as fit beside it.
    /// </summary>
    public static (int Jobs, int Threads) Choose(int files, int? jobs, int? threads, int processors)
    {
        processors = Math.Max(1, processors);
        if (jobs is { } j && threads is { } t) return (Math.Max(1, j), Math.Max(1, t));
        if (jobs is { } onlyJobs) return (Math.Max(1, onlyJobs), Math.Max(1, processors / Math.Max(1, onlyJobs)));
        if (files <= 1) return (1, Math.Max(1, threads ?? processors));
        if (threads is { } onlyThreads) return (Math.Max(1, processors / Math.Max(1, onlyThreads)), Math.Max(1, onlyThreads));
        int auto = Math.Min(files, processors);
        return (auto, Math.Max(1, processors / auto));
    }
}
