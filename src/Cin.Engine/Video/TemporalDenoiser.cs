using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Cin.Engine.Video;

/// <summary>
/// A motion-compensated recursive filter on the network's input: each pixel is pulled towards the previous filtered
/// frame, shifted by the frame's global motion, where the two agree to within the noise, and left alone where they
/// do not (an edge the whole-pixel shift misses by a fraction, an object that moves on its own, a cut).
/// </summary>
/// <remarks>
/// Sensor noise is fresh in every frame, and the network amplifies it: noise of 0.01 in the input moves its output
/// by about 0.03, as much flicker as everything else together once the phase is aligned. Filtering the input along
/// the motion removes the noise before the network sees it; unlike averaging output frames, it moves no stroke and
/// leaves no ghost, because a pixel that changed more than noise does is taken as it is.
/// </remarks>
public sealed class TemporalDenoiser
{
    /// <summary>The previous frame's weight where the two agree exactly; the noise falls to sqrt((1-w)/(1+w)) of its level.</summary>
    public const float PreviousWeight = 0.6f;

    /// <summary>Pixels differing by this many noise levels, or more, are taken as they are.</summary>
    public const float Tolerance = 4f;

    /// <summary>The tolerance is never below this (a clean clip) nor above <see cref="MaximumTolerance"/>.</summary>
    private const float MinimumTolerance = 0.02f;
    private const float MaximumTolerance = 0.08f;

    private FeatureMap? _previous;

    /// <summary>Forgets the previous frame (at a scene cut).</summary>
    public void Reset() => _previous = null;

    /// <summary>
    /// The filtered frame, a new map; <paramref name="motion"/> is the frame's motion against the previous one (null
    /// at a cut), <paramref name="noise"/> the clip's noise level in 0..1 values.
    /// </summary>
    public FeatureMap Apply(FeatureMap frame, GlobalMotion? motion, float noise, int threads = 1)
    {
        var filtered = FeatureMap.Uninitialized(frame.Height, frame.Width, frame.Channels);
        if (_previous is { } previous && motion is { } m && previous.Width == frame.Width && previous.Height == frame.Height)
        {
            int dx = (int)MathF.Round(m.Dx), dy = (int)MathF.Round(m.Dy);
            float tolerance = Math.Clamp(Tolerance * noise, MinimumTolerance, MaximumTolerance);
            Rows.For(frame.Height, threads, y => BlendRow(frame, previous, filtered, y, dx, dy, tolerance));
        }
        else
        {
            frame.Span.CopyTo(filtered.Span);
        }
        _previous = filtered;
        return filtered;
    }

    /// <summary>
    /// Row y of frame(x) + w * (previous(x - d) - frame(x)), w falling from <see cref="PreviousWeight"/> to 0 as the
    /// two part; pixels with no counterpart in the previous frame are copied.
    /// </summary>
    private static void BlendRow(FeatureMap frame, FeatureMap previous, FeatureMap filtered, int y, int dx, int dy, float tolerance)
    {
        int width = frame.Width, height = frame.Height;
        ReadOnlySpan<float> row = frame.Row(y);
        Span<float> to = filtered.Row(y);
        if (y - dy < 0 || y - dy >= height)
        {
            row.CopyTo(to);
            return;
        }
        ReadOnlySpan<float> before = previous.Row(y - dy);
        int x0 = Math.Max(0, dx), x1 = Math.Min(width, width + dx);
        row[..(3 * x0)].CopyTo(to);
        if (x1 < width) row[(3 * x1)..].CopyTo(to[(3 * x1)..]);
        if (x1 <= x0) return;
        float inverse = 1 / tolerance;
        // By reference from the first pixel of the overlap: the slices fix the extent, so no bounds checks inside.
        int n = x1 - x0;
        ref float now = ref MemoryMarshal.GetReference(row.Slice(3 * x0, 3 * n));
        ref float old = ref MemoryMarshal.GetReference(before.Slice(3 * (x0 - dx), 3 * n));
        ref float result = ref MemoryMarshal.GetReference(to.Slice(3 * x0, 3 * n));
        for (int i = 0; i < 3 * n; i += 3)
        {
            float cr = Unsafe.Add(ref now, i), cg = Unsafe.Add(ref now, i + 1), cb = Unsafe.Add(ref now, i + 2);
            float r = Unsafe.Add(ref old, i) - cr, g = Unsafe.Add(ref old, i + 1) - cg, b = Unsafe.Add(ref old, i + 2) - cb;
            float difference = (MathF.Abs(r) + MathF.Abs(g) + MathF.Abs(b)) * (1f / 3);
            float w = PreviousWeight * Math.Max(0, 1 - difference * inverse);
            Unsafe.Add(ref result, i) = cr + w * r;
            Unsafe.Add(ref result, i + 1) = cg + w * g;
            Unsafe.Add(ref result, i + 2) = cb + w * b;
        }
    }
}
