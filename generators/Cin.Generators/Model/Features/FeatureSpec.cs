namespace Cin.Generators.Model.Features;

/// <summary>
/// Everything the emitter needs to know about one feature-network folder (<c>format cin-features 1</c>), compared by
/// value. The decisions the parser made are data here: each conv's offsets in weights.bin, the blocks' expanded
/// convs, and the image sizes the network accepts (<see cref="Heights"/>, <see cref="Widths"/>).
/// </summary>
internal sealed record FeatureSpec(
    string Directory,
    string Folder,
    LineLocation NameLine,
    string Name,
    string Title,
    string Licence,
    string Source,
    string InputEncoding,
    EquatableArray<float> InputMean,
    string Storage,
    int WeightCount,
    string WeightsSha256,
    EquatableArray<FeatureStepSpec> Steps,
    SizeRule Heights,
    SizeRule Widths)
{
    public string ClassName => Naming.Pascal(Name) + "Features";
    public string ResourceName => "cin-models/" + Folder + "/weights.bin";
}

/// <summary>Zero padding in ONNX's order, as model.txt writes it.</summary>
internal readonly record struct PadSpec(int Top, int Left, int Bottom, int Right)
{
    public override string ToString() => $"{Top},{Left},{Bottom},{Right}";
}

/// <summary>
/// One convolution with bias: where its kernel (HWIO) and its biases start in weights.bin, in values, and whether a
/// ReLU follows (for a block's conv2, after the shortcut is added); and the algorithm <c>ConvAlgorithmRules.ChooseForFeatures</c>
/// chose for its shape, which the generated layer runs forward and backward.
/// </summary>
internal sealed record FeatureConvSpec(
    string Name, int Kernel, int Stride, PadSpec Pad, int InChannels, int OutChannels, bool Relu, int WeightOffset, int BiasOffset,
    ConvAlgorithm Algorithm)
{
    public int KernelValues => Kernel * Kernel * InChannels * OutChannels;
}

/// <summary>A statement of model.txt, in run order.</summary>
internal abstract record FeatureStepSpec(string Name);

internal sealed record ConvStepSpec(FeatureConvSpec Conv) : FeatureStepSpec(Conv.Name);

internal sealed record MaxPoolStepSpec(string PoolName, int Kernel, int Stride, PadSpec Pad, int Channels) : FeatureStepSpec(PoolName);

/// <summary>A basic block, expanded into its two convs and its projection (null for an identity shortcut).</summary>
internal sealed record BlockStepSpec(string BlockName, FeatureConvSpec Conv1, FeatureConvSpec Conv2, FeatureConvSpec? Projection)
    : FeatureStepSpec(BlockName);

/// <summary>The output of the step before is handed out under <see cref="FeatureStepSpec.Name"/>.</summary>
internal sealed record TapStepSpec(string TapName, int Channels, int Scale) : FeatureStepSpec(TapName);

/// <summary>
/// The image heights (or widths) a network accepts: exactly those of at least <see cref="Minimum"/> whose remainder
/// by <see cref="Modulus"/> (the product of the strides) lies in one of <see cref="Accepted"/>. Below the minimum
/// some map would be smaller than its kernel; off the remainders a stride-2 block's two paths disagree in size.
/// </summary>
internal sealed record SizeRule(int Modulus, int Minimum, EquatableArray<RemainderRange> Accepted);

/// <summary>Remainders <see cref="First"/> to <see cref="Last"/>, inclusive.</summary>
internal readonly record struct RemainderRange(int First, int Last);
