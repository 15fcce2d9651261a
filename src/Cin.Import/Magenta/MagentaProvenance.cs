namespace Cin.Import.Magenta;

/// <summary>Where the imported model comes from and under what terms; written into model.txt for reviewers.</summary>
internal static class MagentaProvenance
{
    public const string ModelName = "magenta";
    public const string Licence = "Apache-2.0";

    public const string Source =
        "Magenta multi-style transfer network from the TensorFlow Android example TF Stylize (Apache-2.0); " +
        "stylize_quantized.pb from https://github.com/ologe/canaree-music-player " +
        "path app/src/main/assets/stylize_quantized.pb commit 77af3c8f7871d2e46d1aabf9256291d66f130180; " +
        "8-bit weights dequantized by cin-import";

    public static string Title(int styles) => $"Magenta multi-style network, {styles} styles";
}
