namespace Cin.Generators.Model;

/// <summary>
/// Everything the emitter needs to know about one model folder, compared by value. <see cref="Directory"/> and
/// <see cref="NameLine"/> (model.txt's <c>name</c> line) are for reporting a clash with another folder.
/// </summary>
internal sealed record ModelSpec(
    string Directory,
    string Folder,
    LineLocation NameLine,
    string Name,
    string Title,
    string Licence,
    string Source,
    int WeightCount,
    string WeightsSha256,
    int SizeMultiple,
    int MinimumSize,
    EquatableArray<BlockSpec> Blocks,
    EquatableArray<StyleSpec> Styles)
{
    public string ClassName => Naming.Pascal(Name) + "Network";
    public string ResourceName => "cin-models/" + Folder + "/weights.bin";
}

/// <summary>A step of the network: a single layer, or a residual block of two layers around a skip connection.</summary>
internal sealed record BlockSpec(string Name, bool IsResidual, EquatableArray<LayerSpec> Layers);

/// <summary>
/// One convolution with its normalization. <see cref="NormIndex"/> numbers the layers in run order;
/// <see cref="WeightOffset"/> is where the kernel starts in weights.bin, in floats. The last three are the decisions
/// of <see cref="ConvAlgorithmRules"/> for this layer in its place, which the emitter only prints: the convolution
/// <see cref="Algorithm"/>, whether the layer takes its input before the previous layer's norm and applies it as it
/// reads (<see cref="ReadsInputNorm"/>), and where its own norm is applied (<see cref="Norm"/>).
/// </summary>
internal sealed record LayerSpec(
    string Name,
    int Kernel,
    int Stride,
    int InChannels,
    int OutChannels,
    string Activation,
    int Upsample,
    int NormIndex,
    int WeightOffset,
    EquatableArray<float> Gamma,
    EquatableArray<float> Beta,
    ConvAlgorithm Algorithm,
    bool ReadsInputNorm,
    NormPlacement Norm)
{
    /// <summary>K*K*CI*CO; the parser has checked that it (and every model's total) fits comfortably in an int.</summary>
    public int WeightCount => Kernel * Kernel * InChannels * OutChannels;
}

internal sealed record StyleSpec(
    int Index,
    string Name,
    EquatableArray<string> Aliases,
    string Title,
    string Artist,
    string Year,
    string Source);
