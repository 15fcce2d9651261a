namespace Cin.Import.Model;

/// <summary>A statement of model.txt: a single conv, or a residual block of two.</summary>
internal abstract record LayerBlock
{
    /// <summary>The convs in the order their kernels and norm rows are stored.</summary>
    public abstract IEnumerable<ConvLayer> Convs { get; }
}

internal sealed record ConvBlock(ConvLayer Conv) : LayerBlock
{
    public override IEnumerable<ConvLayer> Convs => [Conv];
}

/// <summary><c>y = x + CIN2(conv2(relu(CIN1(conv1(x)))))</c>; both convs are K x K, stride 1, C to C.</summary>
internal sealed record ResidualBlock(string Name, ConvLayer Conv1, ConvLayer Conv2) : LayerBlock
{
    public override IEnumerable<ConvLayer> Convs => [Conv1, Conv2];
}
