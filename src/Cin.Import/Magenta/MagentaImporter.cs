using System.Security.Cryptography;
using Cin.Import.Model;
using Cin.Import.TensorFlow;

namespace Cin.Import.Magenta;

/// <summary>The importer as a function: the bytes of stylize_quantized.pb in, a complete model out.</summary>
internal static class MagentaImporter
{
    public static ImportedModel Import(ReadOnlyMemory<byte> file)
    {
        // An empty file parses as an empty GraphDef; saying "empty" is clearer than "no QuantizedConv2D".
        if (file.IsEmpty) throw new ModelImportException("the file is empty (0 bytes)");

        GraphDef graph = GraphDefReader.Read(file);
        IReadOnlyList<LayerBlock> blocks = MagentaTopology.Discover(graph);

        int styles = blocks[0].Convs.First().StyleCount;
        if (styles != MagentaStyles.Count)
            throw new ModelImportException($"the graph has {styles} styles but the importer's style table names {MagentaStyles.Count}");

        string inputHash = Convert.ToHexStringLower(SHA256.HashData(file.Span));
        string[] comments =
        [
            $"Written by cin-import (src/Cin.Import) from a GraphDef with sha256 {inputHash}.",
            "Re-run the importer rather than editing this folder by hand.",
        ];
        return new ImportedModel(
            MagentaProvenance.ModelName,
            MagentaProvenance.Title(styles),
            MagentaProvenance.Licence,
            MagentaProvenance.Source,
            comments,
            MagentaStyles.All(),
            blocks);
    }
}
