using System.Runtime.Intrinsics;

namespace Cin.Engine.Kernels.Features;

/// <summary>
/// The data gradient of <see cref="MaxPool"/>: each output's gradient goes to its window's winner, the first cell in
/// row-major order that holds the window's maximum (padded cells never win), and sums where windows overlap. Runs
/// over whole rows of windows on one thread, since overlapping windows of neighbouring rows add into the same cells.
/// </summary>
public static class MaxPoolBackward
{
    public static FeatureMap Apply(FeatureMap input, int kernel, int stride, ZeroPadding pad, FeatureMap outputGradient, FeatureMap inputGradient)
    {
        int h = input.Height, w = input.Width, c = input.Channels;
        int ho = pad.OutputHeight(h, kernel, stride), wo = pad.OutputWidth(w, kernel, stride);
        if (outputGradient.Height != ho || outputGradient.Width != wo || outputGradient.Channels != c)
            throw new ArgumentException($"The output gradient must be {ho}x{wo}x{c}.", nameof(outputGradient));
        if (inputGradient.Height != h || inputGradient.Width != w || inputGradient.Channels != c)
            throw new ArgumentException($"The input gradient must be {h}x{w}x{c}.", nameof(inputGradient));
        inputGradient.Span.Clear();
        float[] x = input.Data, dy = outputGradient.Data, dx = inputGradient.Data;
        for (int oy = 0; oy < ho; oy++)
        {
            int y0 = Math.Max(0, oy * stride - pad.Top), y1 = Math.Min(h, oy * stride - pad.Top + kernel);
            for (int ox = 0; ox < wo; ox++)
            {
                int x0 = Math.Max(0, ox * stride - pad.Left), x1 = Math.Min(w, ox * stride - pad.Left + kernel);
                int o = (oy * wo + ox) * c;
                int ch = Vector256.IsHardwareAccelerated ? WinnersByVector(x, dy, dx, w, c, y0, y1, x0, x1, o) : 0;
                for (; ch < c; ch++)
                {
                    int best = (y0 * w + x0) * c + ch;
                    for (int iy = y0; iy < y1; iy++)
                        for (int ix = x0; ix < x1; ix++)
                        {
                            int i = (iy * w + ix) * c + ch;
                            if (x[i] > x[best]) best = i;
                        }
                    dx[best] += dy[o + ch];
                }
            }
        }
        return inputGradient;
    }

    /// <summary>
    /// One window's winners eight channels at a time (a cell replaces the best only when strictly greater, in
    /// row-major order, as the scalar loop does), each gradient then added at its winner; returns the channels done.
    /// </summary>
    private static unsafe int WinnersByVector(float[] input, float[] outputGradient, float[] inputGradient, int w, int c,
        int y0, int y1, int x0, int x1, int o)
    {
        int lanes = Vector256<float>.Count, done = c - c % lanes;
        var laneIndex = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);
        int* winners = stackalloc int[lanes];
        fixed (float* x = input, dy = outputGradient, dx = inputGradient)
        {
            for (int ch = 0; ch < done; ch += lanes)
            {
                int first = (y0 * w + x0) * c + ch;
                var best = Vector256.Load(x + first);
                var bestIndex = Vector256.Create(first) + laneIndex;
                for (int iy = y0; iy < y1; iy++)
                    for (int ix = x0; ix < x1; ix++)
                    {
                        int i = (iy * w + ix) * c + ch;
                        var value = Vector256.Load(x + i);
                        var greater = Vector256.GreaterThan(value, best);
                        best = Vector256.ConditionalSelect(greater, value, best);
                        bestIndex = Vector256.ConditionalSelect(greater.AsInt32(), Vector256.Create(i) + laneIndex, bestIndex);
                    }
                bestIndex.Store(winners);
                for (int k = 0; k < lanes; k++) dx[winners[k]] += dy[o + ch + k];
            }
        }
        return done;
    }
}
