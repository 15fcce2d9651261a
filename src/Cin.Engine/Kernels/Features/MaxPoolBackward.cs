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
                for (int ch = 0; ch < c; ch++)
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
}
