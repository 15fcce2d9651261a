using Cin.Engine;
using Cin.Engine.Learning;
using Cin.Engine.Network;

namespace Cin.TestSupport.Learning;

// Small stand-ins for the learner's two networks, with backward passes simple enough to be right by inspection: the
// learner's wiring is tested on them (tests/Cin.Engine.Tests/Learning) and so is `cin learn` (tests/Cin.Cli.Tests);
// the real networks' backward passes have their own checks.

/// <summary>out[p,c] = sigmoid(gamma[c] * x[p,c] + beta[c]) with the first norm layer's row, which must be three wide; the convolutions are ignored.</summary>
public sealed class PerChannelSigmoid : IStyleNetworkTrainer
{
    public IReadOnlyList<int> NormWidths => [3];

    public IStylePass Forward(FeatureMap rgb, StyleParameters style, int threads)
    {
        var output = new FeatureMap(rgb.Height, rgb.Width, 3);
        for (int i = 0; i < rgb.Length; i++)
            output.Data[i] = 1f / (1f + MathF.Exp(-(style.Gamma(0)[i % 3] * rgb.Data[i] + style.Beta(0)[i % 3])));
        return new Pass(rgb, output);
    }

    private sealed class Pass(FeatureMap input, FeatureMap output) : IStylePass
    {
        public FeatureMap Output => output;

        public void Backward(FeatureMap outputGradient, float[][] gamma, float[][] beta, int threads)
        {
            for (int i = 0; i < output.Length; i++)
            {
                float s = output.Data[i], d = outputGradient.Data[i] * s * (1 - s);
                gamma[0][i % 3] += d * input.Data[i];
                beta[0][i % 3] += d;
            }
        }
    }
}

/// <summary>Taps: the image, its 2x2 means, its squares, its 4x4 means; each a plain function with a plain backward.</summary>
public sealed class PoolingLossNetwork : ILossNetwork
{
    public bool Accepts(int height, int width) => height % 4 == 0 && width % 4 == 0;

    public ILossPass Forward(FeatureMap rgb, int threads)
    {
        var squares = new FeatureMap(rgb.Height, rgb.Width, 3);
        for (int i = 0; i < rgb.Length; i++) squares.Data[i] = rgb.Data[i] * rgb.Data[i];
        return new Pass(rgb, new LossTaps(Copy(rgb), Pool(rgb, 2), squares, Pool(rgb, 4)));
    }

    private static FeatureMap Copy(FeatureMap m)
    {
        var c = new FeatureMap(m.Height, m.Width, m.Channels);
        m.Span.CopyTo(c.Span);
        return c;
    }

    private static FeatureMap Pool(FeatureMap m, int k)
    {
        var p = new FeatureMap(m.Height / k, m.Width / k, 3);
        for (int y = 0; y < m.Height; y++)
            for (int x = 0; x < m.Width; x++)
                for (int c = 0; c < 3; c++) p[y / k, x / k, c] += m[y, x, c] / (k * k);
        return p;
    }

    private sealed class Pass(FeatureMap input, LossTaps taps) : ILossPass
    {
        public LossTaps Taps => taps;

        public FeatureMap Backward(LossTaps g, int threads)
        {
            var d = new FeatureMap(input.Height, input.Width, 3);
            for (int y = 0; y < input.Height; y++)
                for (int x = 0; x < input.Width; x++)
                    for (int c = 0; c < 3; c++)
                        d[y, x, c] = g[LossLayer.Relu1][y, x, c] + g[LossLayer.Layer1][y / 2, x / 2, c] / 4
                            + 2 * input[y, x, c] * g[LossLayer.Layer2][y, x, c] + g[LossLayer.Layer3][y / 4, x / 4, c] / 16;
            return d;
        }
    }
}

/// <summary>The stand-ins as a backend: <see cref="PerChannelSigmoid"/> for any model, <see cref="PoolingLossNetwork"/> as the loss.</summary>
public sealed class StandInLearningBackend : ILearningBackend
{
    public ILossNetwork LossNetwork { get; } = new PoolingLossNetwork();

    public int Trainers { get; private set; }

    public IStyleNetworkTrainer Trainer(StyleNetwork network)
    {
        Trainers++;
        return new PerChannelSigmoid();
    }
}
