using System.Collections.Generic;
using Cin.Generators.Model.Features;

namespace Cin.Generators.Parsing.Features;

internal enum FeatureKeyword
{
    Conv,
    MaxPool,
    Block,
    Tap,
}

/// <summary>
/// A layer statement of a cin-features model.txt as written, before checks against its neighbours. Fields a keyword
/// does not take are 0 (a tap has only its name; a max-pool no channels).
/// </summary>
internal sealed record FeatureLine(
    SourceLine Line, FeatureKeyword Keyword, string Name, int Kernel, int Stride, PadSpec Pad, int In, int Out, bool Relu, bool Projection);

/// <summary>The statements of a cin-features model.txt, read line by line (styles/README.md describes the format).</summary>
internal sealed class FeatureText
{
    public string? Name;
    public SourceLine NameLine;
    public string Title = "";
    public string Licence = "";
    public string Source = "";
    public string? InputEncoding;
    public float[]? InputMean;
    public string? Storage;
    public int? WeightCount;
    public string? WeightsSha256;
    public SourceLine WeightsLine;
    public readonly List<FeatureLine> Layers = new();
}
