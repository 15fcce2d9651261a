using Cin.Engine.Network;

namespace Cin.Engine.Batch;

/// <summary>What {style} becomes in output names.</summary>
public static class StyleLabel
{
    /// <summary>
    /// The style's canonical name, so that "19" and "starry-night" name files alike; a blend joins the names of the
    /// styles it uses with '+', which is safe in file names everywhere; "blend" when every weight is zero.
    /// </summary>
    public static string For(ModelInfo model, ReadOnlySpan<float> weights)
    {
        var names = new List<string>();
        for (int i = 0; i < weights.Length; i++)
            if (weights[i] != 0) names.Add(model.Styles[i].Name);
        return names.Count == 0 ? "blend" : string.Join('+', names);
    }
}
