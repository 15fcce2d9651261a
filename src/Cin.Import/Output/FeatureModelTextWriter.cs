using System.Globalization;
using System.Security.Cryptography;
using Cin.Import.Features;

namespace Cin.Import.Output;

/// <summary>model.txt of a feature network (format cin-features 1, styles/README.md): provenance, input, weights, statements.</summary>
internal static class FeatureModelTextWriter
{
    public const string FormatLine = "format cin-features 1";

    public static byte[] Build(FeatureNetwork network, WeightStorage storage, ReadOnlySpan<byte> weightsBin)
    {
        var file = new TextFile().Line(FormatLine);
        foreach (string comment in network.Comments) file.Line("# " + comment);
        file.Line($"name {network.Name}")
            .Line($"title {network.Title}")
            .Line($"licence {network.Licence}")
            .Line($"source {network.Source}")
            .Line($"input {network.Input.Keyword} mean={string.Join(",", network.Input.Mean.Select(FloatText.Format))}")
            .Line($"weights {FeatureModelFiles.WeightsBin} {storage.ToModelText()} count={Invariant(network.ValueCount)} " +
                  $"sha256={Convert.ToHexStringLower(SHA256.HashData(weightsBin))}");
        foreach (FeatureStatement statement in network.Statements) file.Line(Statement(statement));
        return file.ToBytes();
    }

    private static string Statement(FeatureStatement statement) => statement switch
    {
        ConvStatement { Conv: var c } =>
            $"conv {c.Name} kernel={Invariant(c.Kernel)} stride={Invariant(c.Stride)} pad={c.Pad.ToModelText()} " +
            $"in={Invariant(c.In)} out={Invariant(c.Out)} bias=yes act={(c.Relu ? "relu" : "none")}",
        MaxPoolStatement p =>
            $"maxpool {p.Name} kernel={Invariant(p.Kernel)} stride={Invariant(p.Stride)} pad={p.Pad.ToModelText()}",
        BlockStatement b =>
            $"block {b.Name} kernel={Invariant(b.Conv1.Kernel)} stride={Invariant(b.Conv1.Stride)} pad={b.Conv1.Pad.ToModelText()} " +
            $"in={Invariant(b.Conv1.In)} out={Invariant(b.Conv1.Out)} shortcut={(b.Projection is null ? "identity" : "projection")}",
        TapStatement t => $"tap {t.Name}",
        _ => throw new ArgumentOutOfRangeException(nameof(statement)),
    };

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
