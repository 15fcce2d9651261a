using System.Globalization;
using System.Security.Cryptography;
using Cin.Import.Model;

namespace Cin.Import.Output;

/// <summary>model.txt: provenance, style count, the weights line and one statement per layer block.</summary>
internal static class ModelTextWriter
{
    public static byte[] Build(ImportedModel model, ReadOnlySpan<byte> weightsBin)
    {
        var file = new TextFile().Line("format cin-model 1");
        foreach (string comment in model.Comments) file.Line("# " + comment);
        file.Line($"name {model.Name}")
            .Line($"title {model.Title}")
            .Line($"licence {model.Licence}")
            .Line($"source {model.Source}")
            .Line($"styles {Invariant(model.Styles.Count)}")
            .Line($"weights weights.bin float32 count={Invariant(model.WeightCount)} sha256={Convert.ToHexStringLower(SHA256.HashData(weightsBin))}");
        foreach (LayerBlock block in model.Blocks) file.Line(Statement(block));
        return file.ToBytes();
    }

    private static string Statement(LayerBlock block) => block switch
    {
        ResidualBlock r => $"residual {r.Name} kernel={Invariant(r.Conv1.Kernel)} channels={Invariant(r.Conv1.Out)}",
        ConvBlock { Conv: var c } =>
            $"conv {c.Name}{(c.Upsample > 1 ? $" upsample={Invariant(c.Upsample)}" : "")} kernel={Invariant(c.Kernel)} " +
            $"stride={Invariant(c.Stride)} in={Invariant(c.In)} out={Invariant(c.Out)} act={c.Activation.ToModelText()}",
        _ => throw new ArgumentOutOfRangeException(nameof(block)),
    };

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
