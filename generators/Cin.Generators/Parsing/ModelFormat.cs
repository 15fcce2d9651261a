namespace Cin.Generators.Parsing;

/// <summary>The two model.txt formats (styles/README.md): a style network, and a feature network (no styles).</summary>
internal enum ModelFormat
{
    /// <summary><c>format cin-model 1</c>, and anything that is not a feature network: its parser reports what is wrong.</summary>
    StyleNetwork,

    /// <summary><c>format cin-features N</c>, whatever N: the feature parser reports a version it does not read.</summary>
    FeatureNetwork,
}

internal static class ModelFormats
{
    public const string FeaturesKeyword = "cin-features";

    /// <summary>
    /// Which parser reads a folder, by the first statement of its model.txt (comments and blank lines skipped); a folder
    /// with no model.txt goes to the style-network parser, which reports the missing file.
    /// </summary>
    public static ModelFormat Of(ModelFolder folder)
    {
        if (folder.Topology == null) return ModelFormat.StyleNetwork;
        foreach (SourceLine line in LineReader.Lines(folder.Topology.Text))
        {
            string text = line.Text.Trim();
            if (text.Length == 0 || text[0] == '#') continue;
            string[] words = text.Split(' ');
            return words.Length == 3 && words[0] == "format" && words[1] == FeaturesKeyword
                ? ModelFormat.FeatureNetwork
                : ModelFormat.StyleNetwork;
        }
        return ModelFormat.StyleNetwork;
    }
}
