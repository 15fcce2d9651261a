using Cin.Engine.Network;

namespace Cin.Engine.Styles;

/// <summary>
/// Checks that a learned style fits a model (same weights, same norm layers and widths, in order) and gives its rows
/// in the model's norm order. Everything a style file says is checked here or by <see cref="StyleFileFormat"/>
/// before a number reaches the network.
/// </summary>
public static class LearnedStyleBinding
{
    /// <summary>The style's gamma and beta rows, indexed by the model's norm layer; or a <see cref="StyleFileException"/>.</summary>
    public static (float[][] Gamma, float[][] Beta) Bind(LearnedStyle style, StyleNetwork network, string path)
    {
        var info = network.Info;
        if (!string.Equals(style.Model, info.Name, StringComparison.OrdinalIgnoreCase))
            throw new StyleFileException(path, 0, $"is a style for model '{style.Model}', not '{info.Name}' (use --model {style.Model})");
        if (WeightsMismatch(style, info) is { } mismatch) throw new StyleFileException(path, 0, mismatch);
        var layers = NormLayers(network);
        if (style.Norms.Count != layers.Count)
            throw new StyleFileException(path, 0, $"has {style.Norms.Count} norm layers; model '{info.Name}' has {layers.Count}");
        var gamma = new float[layers.Count][];
        var beta = new float[layers.Count][];
        for (int i = 0; i < layers.Count; i++)
        {
            var (name, channels) = layers[i];
            var row = style.Norms[i];
            if (row.Layer != name)
                throw new StyleFileException(path, 0, $"norm layer {i + 1} is '{row.Layer}'; model '{info.Name}' has '{name}' there");
            if (row.Gamma.Length != channels)
                throw new StyleFileException(path, 0, $"layer '{name}' has {row.Gamma.Length} values; model '{info.Name}' has {channels} channels there");
            gamma[i] = row.Gamma;
            beta[i] = row.Beta;
        }
        return (gamma, beta);
    }

    /// <summary>The model's norm layers, in norm order: name and width.</summary>
    public static IReadOnlyList<(string Name, int Channels)> NormLayers(StyleNetwork network)
    {
        var layers = new (string, int)[network.NormLayerCount];
        foreach (var step in network.Steps)
            foreach (var conv in step.IsResidual ? new[] { step.First, step.Second! } : new[] { step.First })
                layers[conv.NormIndex] = (conv.Name, conv.OutChannels);
        return layers;
    }

    /// <summary>
    /// Why <paramref name="style"/> does not fit <paramref name="model"/>'s weights, naming both fingerprints; null when
    /// it fits (or the model, a hand-made test model, has no fingerprint). One wording for every place a file is refused.
    /// </summary>
    public static string? WeightsMismatch(LearnedStyle style, ModelInfo model) =>
        model.WeightsSha256.Length > 0 && !string.Equals(style.ModelFingerprint, model.WeightsSha256, StringComparison.OrdinalIgnoreCase)
            ? $"was learned on model '{style.Model}' with weights sha256={Short(style.ModelFingerprint)}, but this cin's '{model.Name}' has weights sha256={Short(model.WeightsSha256)}; learn it again"
            : null;

    private static string Short(string sha) => sha.Length > 12 ? sha[..12] + "..." : sha;
}
