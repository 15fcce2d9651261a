namespace Cin.Engine.Styles;

/// <summary>
/// A style that <c>cin learn</c> taught one model: its gamma and beta row for every norm of that model, and where it
/// came from. It is kept as a style file (<see cref="StyleFileFormat"/>) in the user's style folder.
/// </summary>
/// <param name="Name">The style's name, kebab-case like the built-in ones (<see cref="StyleNames.IsValid"/>).</param>
/// <param name="Model">The model it belongs to (<c>magenta</c>, <c>paintings40</c>).</param>
/// <param name="ModelFingerprint">The SHA-256 of that model's convolution weights: the row means nothing to other weights.</param>
/// <param name="Norms">One entry per norm layer, in the model's order.</param>
public sealed record LearnedStyle(
    string Name,
    string Model,
    string ModelFingerprint,
    PaintingSource Painting,
    int Steps,
    StyleLosses Losses,
    IReadOnlyList<NormRow> Norms);

/// <summary>The painting a style was learned from: its file name (no folder) and the SHA-256 of its bytes.</summary>
public sealed record PaintingSource(string FileName, string Sha256);

/// <summary>The learner's final losses: each style layer's Gram loss relative to the photos' own (1 = unstyled), content and total variation.</summary>
public sealed record StyleLosses(double Style, double Content, double TotalVariation);

/// <summary>One norm layer's gamma and beta for the style; <see cref="Layer"/> is the layer's name in the model (<c>contract/conv1</c>).</summary>
public sealed record NormRow(string Layer, float[] Gamma, float[] Beta);
