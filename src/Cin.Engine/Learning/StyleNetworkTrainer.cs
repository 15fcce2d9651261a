using Cin.Engine.Network;

namespace Cin.Engine.Learning;

/// <summary>The learner's view of a compiled style network: its generated training forward pass and backward pass.</summary>
public sealed class StyleNetworkTrainer(StyleNetwork network) : IStyleNetworkTrainer
{
    public IReadOnlyList<int> NormWidths { get; } = Enumerable.Range(0, network.NormLayerCount)
        .Select(layer => network.GammaTable(layer).Length / network.Info.Styles.Count).ToArray();

    public IStylePass Forward(FeatureMap rgb, StyleParameters style, int threads) => new Pass(network, network.RunForTraining(rgb, style, threads));

    private sealed class Pass(StyleNetwork network, TrainingTape tape) : IStylePass
    {
        public FeatureMap Output => tape.Output!;

        public void Backward(FeatureMap outputGradient, float[][] gamma, float[][] beta, int threads)
        {
            var gradient = network.Backward(tape, outputGradient);
            for (int layer = 0; layer < gradient.LayerCount; layer++)
            {
                Kernels.ResidualAdd.Apply(gamma[layer], gradient.Gamma(layer));
                Kernels.ResidualAdd.Apply(beta[layer], gradient.Beta(layer));
            }
        }
    }
}
