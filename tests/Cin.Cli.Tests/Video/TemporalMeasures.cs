using Cin.Engine;

namespace Cin.Cli.Tests.Video;

/// <summary>The figures temporal stability is judged by. Shared with the bench.</summary>
public static class TemporalMeasures
{
    /// <summary>
    /// The warping error of a pan made by <see cref="SyntheticClips.Pan"/>: the mean absolute difference between
    /// output frame t+1 at x and output frame t at x + (vx, vy) (bilinear for a fractional step), over all channels
    /// and frame pairs, leaving out <paramref name="border"/> pixels at every edge. 0 for a perfectly stable result.
    /// </summary>
    public static double WarpingError(IReadOnlyList<FeatureMap> outputs, double vx, double vy, int border)
    {
        double total = 0;
        long count = 0;
        for (int t = 0; t + 1 < outputs.Count; t++)
        {
            FeatureMap before = outputs[t], after = outputs[t + 1];
            for (int y = border; y < after.Height - border; y++)
            for (int x = border; x < after.Width - border; x++)
            {
                double sx = x + vx, sy = y + vy;
                if (sx < border || sy < border || sx > before.Width - border - 1 || sy > before.Height - border - 1) continue;
                for (int c = 0; c < 3; c++)
                {
                    total += Math.Abs(after[y, x, c] - Bilinear(before, sy, sx, c));
                    count++;
                }
            }
        }
        return count == 0 ? double.NaN : total / count;
    }

    /// <summary>The mean absolute difference of two frames' region, all channels.</summary>
    public static double MeanDifference(FeatureMap a, FeatureMap b, int left, int top, int width, int height)
    {
        double total = 0;
        for (int y = top; y < top + height; y++)
        for (int x = left; x < left + width; x++)
        for (int c = 0; c < 3; c++)
            total += Math.Abs(a[y, x, c] - b[y, x, c]);
        return total / (3.0 * width * height);
    }

    /// <summary>
    /// How much of the previous frame shows through in a region of the result: the least-squares g in
    /// <c>result ≈ current + g * (previous - current)</c>, where current and previous are the frames' own results
    /// (each frame as a photo). 0 when the result follows its own frame, 1 for a full ghost of the previous one.
    /// </summary>
    public static double GhostFraction(FeatureMap result, FeatureMap current, FeatureMap previous, int left, int top, int width, int height)
    {
        double along = 0, norm = 0;
        for (int y = top; y < top + height; y++)
        for (int x = left; x < left + width; x++)
        for (int c = 0; c < 3; c++)
        {
            double change = previous[y, x, c] - current[y, x, c];
            along += (result[y, x, c] - current[y, x, c]) * change;
            norm += change * change;
        }
        return norm == 0 ? 0 : along / norm;
    }

    /// <summary>
    /// Sharpness: the mean absolute 4-neighbour Laplacian of the outputs, all channels, leaving out
    /// <paramref name="border"/> pixels. Averaging frames over time, or any blur, lowers it.
    /// </summary>
    public static double Sharpness(IReadOnlyList<FeatureMap> outputs, int border)
    {
        double total = 0;
        long count = 0;
        foreach (var map in outputs)
            for (int y = Math.Max(1, border); y < map.Height - Math.Max(1, border); y++)
            for (int x = Math.Max(1, border); x < map.Width - Math.Max(1, border); x++)
            for (int c = 0; c < 3; c++)
            {
                total += Math.Abs(4 * map[y, x, c] - map[y - 1, x, c] - map[y + 1, x, c] - map[y, x - 1, c] - map[y, x + 1, c]);
                count++;
            }
        return total / count;
    }

    private static float Bilinear(FeatureMap map, double y, double x, int c)
    {
        int iy = (int)Math.Floor(y), ix = (int)Math.Floor(x);
        float fy = (float)(y - iy), fx = (float)(x - ix);
        if (fx == 0 && fy == 0) return map[iy, ix, c];
        int iy1 = Math.Min(map.Height - 1, iy + 1), ix1 = Math.Min(map.Width - 1, ix + 1);
        return (1 - fy) * ((1 - fx) * map[iy, ix, c] + fx * map[iy, ix1, c]) + fy * ((1 - fx) * map[iy1, ix, c] + fx * map[iy1, ix1, c]);
    }
}
