using Cin.Engine.Imaging;
using Cin.Engine.Network;

namespace Cin.Cli;

/// <summary>Names the output when -o is not given: &lt;input-name&gt;-&lt;style&gt;.&lt;ext&gt; in the input's folder.</summary>
internal static class DefaultOutputPath
{
    public static string For(string input, ModelInfo model, ReadOnlySpan<float> weights)
    {
        string folder = Path.GetDirectoryName(input) ?? "";
        string name = Path.GetFileNameWithoutExtension(input);
        string extension = Path.GetExtension(input);
        // Keep the input's format when cin can write it (a GIF, say, cannot be, so it becomes a PNG).
        if (OutputFormat.ForPath(input) is null) extension = ".png";
        return Path.Combine(folder, $"{name}-{StyleLabel(model, weights)}{extension}");
    }

    /// <summary>
    /// The style's canonical name (so "--style 19" still gives "photo-starry-night.jpg"); a blend joins the names
    /// of the styles it uses with '+', which is safe in file names everywhere.
    /// </summary>
    private static string StyleLabel(ModelInfo model, ReadOnlySpan<float> weights)
    {
        var names = new List<string>();
        for (int i = 0; i < weights.Length; i++)
            if (weights[i] != 0) names.Add(model.Styles[i].Name);
        return names.Count == 0 ? "blend" : string.Join('+', names);
    }
}
