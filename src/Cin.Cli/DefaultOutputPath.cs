using Cin.Engine.Network;

namespace Cin.Cli;

/// <summary>The style's part of default output names: &lt;input-name&gt;-&lt;style&gt;.&lt;ext&gt;.</summary>
internal static class DefaultOutputPath
{
    /// <summary>
    /// The style's canonical name (so "--style 19" still gives "photo-starry-night.jpg"); a blend joins the names
    /// of the styles it uses with '+', which is safe in file names everywhere.
    /// </summary>
    public static string StyleLabel(ModelInfo model, ReadOnlySpan<float> weights)
    {
        var names = new List<string>();
        for (int i = 0; i < weights.Length; i++)
            if (weights[i] != 0) names.Add(model.Styles[i].Name);
        return names.Count == 0 ? "blend" : string.Join('+', names);
    }
}
