using Cin.Import.Features;
using Cin.Import.Onnx;
using Cin.Import.Output;
using Cin.Import.ResNet;

namespace Cin.Import.Tests.LossNetwork;

/// <summary>
/// The package's two ONNX files, read and imported once per test run (the network is 64 MB), and the imported
/// folder's files built in memory for each weight storage. Tests skip where the package is absent.
/// </summary>
internal sealed class ResNetPackage
{
    private static readonly Lazy<ResNetPackage> Shared = new(() => new ResNetPackage());

    private ResNetPackage()
    {
        Network = File.ReadAllBytes(PackagePaths.ResNet18Onnx);
        Preprocess = File.ReadAllBytes(PackagePaths.ResNetPreprocessOnnx);
        Imported = ResNetImporter.Import(Network, Preprocess);
        Graph = OnnxReader.Read(Network).Graph;
    }

    public byte[] Network { get; }
    public byte[] Preprocess { get; }
    public FeatureNetwork Imported { get; }

    /// <summary>The network's graph as the tests' reads of it need it (the importer parses its own copy).</summary>
    public OnnxGraph Graph { get; }

    public static ResNetPackage GetOrSkip()
    {
        PackagePaths.OrSkip(PackagePaths.ResNet18Onnx);
        PackagePaths.OrSkip(PackagePaths.ResNetPreprocessOnnx);
        return Shared.Value;
    }

    /// <summary>The folder as the importer would write it with <paramref name="storage"/>, read back by the tests' reader.</summary>
    public FeatureFolder Folder(WeightStorage storage)
    {
        var files = FeatureModelFiles.Build(Imported, storage).ToDictionary(f => f.Name, f => f.Bytes);
        string[] lines = System.Text.Encoding.UTF8.GetString(files["model.txt"]).Split('\n');
        return FeatureFolder.Parse(lines, files["weights.bin"]);
    }
}
