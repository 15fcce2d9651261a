using Cin.Engine;
using Cin.Engine.Learning;
using Cin.Engine.Network;

namespace Cin.Features;

/// <summary>
/// What <c>cin learn</c> and New-CinStyle train with: the ResNet-18 trunk compiled into this assembly as the loss
/// network (its weights read and packed on first use, once per process), and the compiled style network's generated
/// training pass.
/// </summary>
public sealed class CompiledLearningBackend : ILearningBackend
{
    private readonly Lazy<ILossNetwork> _lossNetwork = new(() => new ResNetLossNetwork(Resnet18TrunkFeatures.LoadEmbedded()));

    public ILossNetwork LossNetwork => _lossNetwork.Value;

    public IStyleNetworkTrainer Trainer(StyleNetwork network) => new StyleNetworkTrainer(network);

    /// <summary>The learner's view of <see cref="Resnet18TrunkFeatures"/>: its four taps, and its generated backward pass.</summary>
    private sealed class ResNetLossNetwork(Resnet18TrunkFeatures network) : ILossNetwork
    {
        public bool Accepts(int height, int width) => Resnet18TrunkFeatures.SizeProblem(height, width) is null;

        public ILossPass Forward(FeatureMap rgb, int threads) => new Pass(network, network.ForwardForTraining(rgb, threads));

        private static readonly int ContentIndex = Resnet18TrunkFeatures.TapNames.ToList().IndexOf("layer2");

        // The layers after layer2 (a quarter of the work) never run.
        public FeatureMap ContentTap(FeatureMap rgb, int threads) => network.ForwardTo(ContentIndex, rgb, threads);

        private sealed class Pass(Resnet18TrunkFeatures network, Resnet18TrunkFeatures.TrainingPass pass) : ILossPass
        {
            public LossTaps Taps { get; } = new(pass.Taps.Relu1, pass.Taps.Layer1, pass.Taps.Layer2, pass.Taps.Layer3);

            public FeatureMap Backward(LossTaps tapGradients, int threads) =>
                network.Backward(pass, [tapGradients[LossLayer.Relu1], tapGradients[LossLayer.Layer1], tapGradients[LossLayer.Layer2],
                    tapGradients[LossLayer.Layer3]], threads);
        }
    }
}
