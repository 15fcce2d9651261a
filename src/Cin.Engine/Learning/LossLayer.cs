namespace Cin.Engine.Learning;

/// <summary>The loss network's taps the losses read, in the order it computes them (ResNet-18: 1/2, 1/4, 1/8, 1/16 of the input).</summary>
public enum LossLayer
{
    Relu1,
    Layer1,
    Layer2,
    Layer3,
}

/// <summary>The four taps of one image, indexed by <see cref="LossLayer"/>.</summary>
public sealed class LossTaps(FeatureMap relu1, FeatureMap layer1, FeatureMap layer2, FeatureMap layer3)
{
    private readonly FeatureMap[] _maps = [relu1, layer1, layer2, layer3];

    public const int Count = 4;

    /// <summary>The layer the content loss compares (as in training/cin_train/losses.py).</summary>
    public const LossLayer Content = LossLayer.Layer2;

    public FeatureMap this[LossLayer layer] => _maps[(int)layer];

    /// <summary>Zeroed maps of the same shapes, for gradients.</summary>
    public LossTaps ZerosLike() => new(Zeros(_maps[0]), Zeros(_maps[1]), Zeros(_maps[2]), Zeros(_maps[3]));

    private static FeatureMap Zeros(FeatureMap m) => new(m.Height, m.Width, m.Channels);
}
