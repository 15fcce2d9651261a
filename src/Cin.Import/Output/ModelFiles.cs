using Cin.Import.Model;

namespace Cin.Import.Output;

/// <summary>
/// The four files of a model folder, built completely in memory, so that nothing reaches the disk until every
/// file is known to be complete.
/// </summary>
internal static class ModelFiles
{
    public const string ModelTxt = "model.txt";
    public const string StylesTsv = "styles.tsv";
    public const string NormTxt = "norm.txt";
    public const string WeightsBin = "weights.bin";

    public static IReadOnlyList<(string Name, byte[] Bytes)> Build(ImportedModel model)
    {
        byte[] weights = WeightsBinWriter.Build(model);
        return
        [
            (ModelTxt, ModelTextWriter.Build(model, weights)),
            (StylesTsv, StylesTsvWriter.Build(model)),
            (NormTxt, NormTextWriter.Build(model)),
            (WeightsBin, weights),
        ];
    }
}
