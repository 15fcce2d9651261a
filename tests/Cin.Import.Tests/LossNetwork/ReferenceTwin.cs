namespace Cin.Import.Tests.LossNetwork;

/// <summary>
/// The plain reference twin of the loss network: a direct, slow forward pass over a cin-features folder, with
/// every sum accumulated in float64 and each layer's output stored as float32 (as a runtime does). Loops follow the
/// definitions in styles/README.md one to one; nothing is clever, so that a mismatch points at the folder.
/// </summary>
internal static class ReferenceTwin
{
    /// <summary>The network's input from an RGB image in [0, 1]: x255, RGB to BGR, minus the channel means.</summary>
    public static Chw Preprocess(FeatureFolder folder, Chw rgb01)
    {
        Assert.Equal("bgr255", folder.InputKeyword);
        var x = new Chw(3, rgb01.Height, rgb01.Width);
        for (int c = 0; c < 3; c++)
        {
            for (int y = 0; y < x.Height; y++)
            {
                for (int i = 0; i < x.Width; i++) x[c, y, i] = 255f * rgb01[2 - c, y, i] - folder.Mean[c];
            }
        }
        return x;
    }

    /// <summary>Runs the statements on an already preprocessed input; returns every tap by name.</summary>
    public static Dictionary<string, Chw> Forward(FeatureFolder folder, Chw input)
    {
        var taps = new Dictionary<string, Chw>();
        Chw x = input;
        foreach (FeatureFolder.Op op in folder.Ops)
        {
            x = op switch
            {
                FeatureFolder.ConvOp c => Conv(c.Conv, x),
                FeatureFolder.MaxPoolOp p => MaxPool(p, x),
                FeatureFolder.BlockOp b => Block(b, x),
                FeatureFolder.TapOp t => Tap(taps, t.TapName, x),
                _ => throw new InvalidOperationException(op.ToString()),
            };
        }
        return taps;
    }

    private static Chw Tap(Dictionary<string, Chw> taps, string name, Chw x)
    {
        taps.Add(name, x);
        return x;
    }

    private static Chw Block(FeatureFolder.BlockOp block, Chw x)
    {
        Chw main = Conv(block.Conv2, Conv(block.Conv1, x));
        Chw shortcut = block.Projection is null ? x : Conv(block.Projection, x);
        // With stride 2 the two paths agree in size only on an even input (styles/README.md, cin-features).
        Assert.Equal(main.ShapeText, shortcut.ShapeText);
        var y = new Chw(main.Channels, main.Height, main.Width);
        for (int i = 0; i < y.Data.Length; i++) y.Data[i] = Math.Max(0f, main.Data[i] + shortcut.Data[i]);
        return y;
    }

    private static int OutputSize(int size, int before, int after, int kernel, int stride) => (size + before + after - kernel) / stride + 1;

    private static Chw Conv(FeatureFolder.Conv conv, Chw x)
    {
        Assert.Equal(conv.In, x.Channels);
        int k = conv.Kernel, s = conv.Stride, top = conv.Pad[0], left = conv.Pad[1];
        var y = new Chw(conv.Out, OutputSize(x.Height, top, conv.Pad[2], k, s), OutputSize(x.Width, left, conv.Pad[3], k, s));
        for (int o = 0; o < conv.Out; o++)
        {
            for (int oy = 0; oy < y.Height; oy++)
            {
                for (int ox = 0; ox < y.Width; ox++)
                {
                    double sum = conv.Bias[o];
                    for (int ky = 0; ky < k; ky++)
                    {
                        int iy = oy * s - top + ky;
                        if (iy < 0 || iy >= x.Height) continue; // zero padding
                        for (int kx = 0; kx < k; kx++)
                        {
                            int ix = ox * s - left + kx;
                            if (ix < 0 || ix >= x.Width) continue;
                            for (int i = 0; i < conv.In; i++)
                                sum += (double)conv.Hwio[((ky * k + kx) * conv.In + i) * conv.Out + o] * x[i, iy, ix];
                        }
                    }
                    y[o, oy, ox] = (float)(conv.Relu ? Math.Max(0, sum) : sum);
                }
            }
        }
        return y;
    }

    private static Chw MaxPool(FeatureFolder.MaxPoolOp pool, Chw x)
    {
        int k = pool.Kernel, s = pool.Stride, top = pool.Pad[0], left = pool.Pad[1];
        var y = new Chw(x.Channels, OutputSize(x.Height, top, pool.Pad[2], k, s), OutputSize(x.Width, left, pool.Pad[3], k, s));
        for (int c = 0; c < x.Channels; c++)
        {
            for (int oy = 0; oy < y.Height; oy++)
            {
                for (int ox = 0; ox < y.Width; ox++)
                {
                    float max = float.NegativeInfinity; // padded cells never win
                    for (int ky = 0; ky < k; ky++)
                    {
                        for (int kx = 0; kx < k; kx++)
                        {
                            int iy = oy * s - top + ky, ix = ox * s - left + kx;
                            if (iy >= 0 && iy < x.Height && ix >= 0 && ix < x.Width) max = Math.Max(max, x[c, iy, ix]);
                        }
                    }
                    y[c, oy, ox] = max;
                }
            }
        }
        return y;
    }
}
