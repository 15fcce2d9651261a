namespace Cin.Import.Features;

/// <summary>A statement of a cin-features model.txt, in the order the network runs.</summary>
internal abstract record FeatureStatement
{
    /// <summary>The convs whose kernels and biases this statement stores, in weights.bin order.</summary>
    public virtual IEnumerable<FeatureConv> Convs => [];
}

/// <summary><c>conv</c>: one convolution.</summary>
internal sealed record ConvStatement(FeatureConv Conv) : FeatureStatement
{
    public override IEnumerable<FeatureConv> Convs => [Conv];
}

/// <summary><c>maxpool</c>: a K x K max over windows with stride; padded cells never win (they count as -inf).</summary>
internal sealed record MaxPoolStatement(string Name, int Kernel, int Stride, Padding Pad) : FeatureStatement;

/// <summary>
/// <c>block</c>: a ResNet basic block, <c>y = relu(conv2(conv1(x)) + shortcut(x))</c>. conv1 is K x K with the
/// block's stride and padding, followed by ReLU; conv2 is K x K, stride 1, padded K/2 on every side, no ReLU before
/// the add; the shortcut is x itself, or, where <see cref="Projection"/> is set, a 1x1 conv with the block's stride,
/// no padding and no ReLU.
/// </summary>
internal sealed record BlockStatement(string Name, FeatureConv Conv1, FeatureConv Conv2, FeatureConv? Projection) : FeatureStatement
{
    public override IEnumerable<FeatureConv> Convs => Projection is null ? [Conv1, Conv2] : [Conv1, Conv2, Projection];
}

/// <summary>
/// <c>tap</c>: the output of the statement before it is a feature the losses read, under <see cref="Name"/>.
/// <see cref="SourceValue"/> is the value's name in the graph it was imported from (not written to model.txt; tests
/// use it to ask the source runtime for the same tensor).
/// </summary>
internal sealed record TapStatement(string Name, string SourceValue) : FeatureStatement;
