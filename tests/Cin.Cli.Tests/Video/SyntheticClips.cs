using Cin.Engine;

namespace Cin.Cli.Tests.Video;

/// <summary>
/// Clips made from a still photo with motion known exactly, for measuring temporal stability: a crop window panned
/// across the photo, an object moved across a still background, two scenes joined by a cut. Shared with the bench.
/// </summary>
public static class SyntheticClips
{
    /// <summary>
    /// <paramref name="count"/> frames of <paramref name="width"/> x <paramref name="height"/> cut from
    /// <paramref name="photo"/> at (x0 + t*vx, y0 + t*vy): the window moves right by vx, so the content moves left,
    /// and frame t+1 at x shows what frame t shows at x + (vx, vy). Fractional steps are sampled bilinearly. Gaussian
    /// noise of <paramref name="noise"/> (on 0..1 values, fresh in every frame, seeded) stands in for a sensor's.
    /// </summary>
    public static List<FeatureMap> Pan(FeatureMap photo, int width, int height, int x0, int y0, double vx, double vy, int count,
        float noise = 0, int seed = 1)
    {
        var random = new Random(seed);
        var frames = new List<FeatureMap>(count);
        for (int t = 0; t < count; t++)
        {
            double left = x0 + t * vx, top = y0 + t * vy;
            if (left < 0 || top < 0 || left + width > photo.Width - 1 || top + height > photo.Height - 1)
                throw new ArgumentException($"Frame {t} of the pan leaves the {photo.Width}x{photo.Height} photo.");
            var frame = Sample(photo, width, height, left, top);
            if (noise > 0) AddNoise(frame, noise, random);
            frames.Add(frame);
        }
        return frames;
    }

    /// <summary>
    /// A still background (the photo's top-left <paramref name="width"/> x <paramref name="height"/>) with a square of
    /// <paramref name="size"/> pixels, cut from <paramref name="objectSource"/>, moving right by <paramref name="step"/>
    /// pixels per frame along the middle row, starting at <paramref name="startX"/>.
    /// </summary>
    public static List<FeatureMap> MovingObject(FeatureMap background, FeatureMap objectSource, int width, int height, int size, int startX,
        int step, int count)
    {
        var frames = new List<FeatureMap>(count);
        int top = (height - size) / 2;
        for (int t = 0; t < count; t++)
        {
            var frame = Sample(background, width, height, 0, 0);
            int left = startX + t * step;
            for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++)
            {
                if (left + x < 0 || left + x >= width) continue;
                for (int c = 0; c < 3; c++) frame[top + y, left + x, c] = objectSource[y, x, c];
            }
            frames.Add(frame);
        }
        return frames;
    }

    /// <summary>The photo's region at a whole-pixel place, or a bilinear sample at a fractional one.</summary>
    public static FeatureMap Sample(FeatureMap photo, int width, int height, double left, double top)
    {
        var frame = new FeatureMap(height, width, 3);
        int ix = (int)Math.Floor(left), iy = (int)Math.Floor(top);
        float fx = (float)(left - ix), fy = (float)(top - iy);
        for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++)
        for (int c = 0; c < 3; c++)
        {
            float a = photo[iy + y, ix + x, c];
            if (fx == 0 && fy == 0) { frame[y, x, c] = a; continue; }
            float b = photo[iy + y, Math.Min(photo.Width - 1, ix + x + 1), c];
            float d = photo[Math.Min(photo.Height - 1, iy + y + 1), ix + x, c];
            float e = photo[Math.Min(photo.Height - 1, iy + y + 1), Math.Min(photo.Width - 1, ix + x + 1), c];
            frame[y, x, c] = (1 - fy) * ((1 - fx) * a + fx * b) + fy * ((1 - fx) * d + fx * e);
        }
        return frame;
    }

    private static void AddNoise(FeatureMap frame, float sigma, Random random)
    {
        Span<float> values = frame.Span;
        for (int i = 0; i < values.Length; i++)
        {
            // Box-Muller.
            double u = 1 - random.NextDouble(), v = random.NextDouble();
            double gaussian = Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v);
            values[i] = Math.Clamp(values[i] + sigma * (float)gaussian, 0f, 1f);
        }
    }
}
