using Cin.Import.Features;

namespace Cin.Import.Output;

/// <summary>
/// The two files of a feature-network folder, built in memory so that nothing reaches the disk until both are
/// complete. A feature network has no styles, so there is no styles.tsv or norm.txt.
/// </summary>
internal static class FeatureModelFiles
{
    public const string ModelTxt = "model.txt";
    public const string WeightsBin = "weights.bin";

    public static IReadOnlyList<(string Name, byte[] Bytes)> Build(FeatureNetwork network, WeightStorage storage)
    {
        byte[] weights = FeatureWeightsWriter.Build(network, storage);
        return [(ModelTxt, FeatureModelTextWriter.Build(network, storage, weights)), (WeightsBin, weights)];
    }
}
