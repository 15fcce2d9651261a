using Cin.Engine.Simd;

namespace Cin.Engine.Kernels.Features;

/// <summary>
/// Max-pooling of a channels-last map over <c>K</c>x<c>K</c> windows moved by a stride, with padding that may be
/// lopsided: padded cells never win (they count as minus infinity, as in ONNX), so each window is clipped to the map
/// instead of padded. The maximum is taken across whole vectors of channels, with a scalar tail.
/// </summary>
public static class MaxPool
{
    public static FeatureMap Apply(FeatureMap input, int kernel, int stride, ZeroPadding pad, FeatureMap output, int threads = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(kernel);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stride);
        if (pad.Top >= kernel || pad.Left >= kernel || pad.Bottom >= kernel || pad.Right >= kernel)
            throw new ArgumentException($"Padding {pad} reaches a whole {kernel}x{kernel} window past the map.", nameof(pad));
        int ho = pad.OutputHeight(input.Height, kernel, stride), wo = pad.OutputWidth(input.Width, kernel, stride);
        if (ho == 0 || wo == 0)
            throw new ArgumentException($"A {input.Height}x{input.Width} map padded {pad} is smaller than the {kernel}x{kernel} window.");
        if (output.Height != ho || output.Width != wo || output.Channels != input.Channels)
            throw new ArgumentException($"The output must be {ho}x{wo}x{input.Channels}.");
        RowParallel.For(ho, threads, y =>
        {
            var row = new RowKernel(input, kernel, stride, pad, output, y);
            SimdDispatch.RunWidest(ref row);
        });
        return output;
    }

    private readonly struct RowKernel(FeatureMap input, int kernel, int stride, ZeroPadding pad, FeatureMap output, int y) : ISimdKernel
    {
        public void Run<T>() where T : unmanaged, ISimd<T> => Row<T>(input, kernel, stride, pad, output, y);
    }

    /// <summary>One output row on one strategy.</summary>
    internal static unsafe void Row<T>(FeatureMap input, int kernel, int stride, ZeroPadding pad, FeatureMap output, int y)
        where T : unmanaged, ISimd<T>
    {
        int c = input.Channels, h = input.Height, w = input.Width, wo = output.Width;
        int y0 = Math.Max(0, y * stride - pad.Top), y1 = Math.Min(h, y * stride - pad.Top + kernel);
        int vectorEnd = c - c % T.Count;
        fixed (float* source = input.Data, result = output.Data)
        {
            for (int x = 0; x < wo; x++)
            {
                int x0 = Math.Max(0, x * stride - pad.Left), x1 = Math.Min(w, x * stride - pad.Left + kernel);
                float* target = result + ((long)y * wo + x) * c;
                // The window's first cell starts the maximum: it always lies inside, since every pad is below the kernel.
                float* first = source + ((long)y0 * w + x0) * c;
                int ch = 0;
                for (; ch < vectorEnd; ch += T.Count)
                {
                    T max = T.Load(first + ch);
                    for (int iy = y0; iy < y1; iy++)
                        for (int ix = x0; ix < x1; ix++)
                            max = T.Max(max, T.Load(source + ((long)iy * w + ix) * c + ch));
                    T.Store(max, target + ch);
                }
                for (; ch < c; ch++)
                {
                    float max = first[ch];
                    for (int iy = y0; iy < y1; iy++)
                        for (int ix = x0; ix < x1; ix++)
                            max = MathF.Max(max, source[((long)iy * w + ix) * c + ch]);
                    target[ch] = max;
                }
            }
        }
    }
}
