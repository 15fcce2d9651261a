using System.Security.Cryptography;
using Cin.Import.Features;
using Cin.Import.Onnx;

namespace Cin.Import.ResNet;

/// <summary>
/// The ResNet-18 importer as functions: ResNet18.onnx gives the trunk up to layer3, ResNetPreprocess.onnx the
/// input encoding, and together they make the feature network. The two reads are separate so that an error can
/// name the file it is about.
/// </summary>
internal static class ResNetImporter
{
    public static IReadOnlyList<FeatureStatement> ReadTrunk(ReadOnlyMemory<byte> network) =>
        ResNetTrunkReader.Read(OnnxReader.Read(network).Graph);

    public static FeatureInput ReadInput(ReadOnlyMemory<byte> preprocess) =>
        ResNetPreprocessReader.Read(OnnxReader.Read(preprocess).Graph);

    public static FeatureNetwork Import(ReadOnlyMemory<byte> network, ReadOnlyMemory<byte> preprocess) =>
        Assemble(ReadTrunk(network), ReadInput(preprocess), network, preprocess);

    public static FeatureNetwork Assemble(IReadOnlyList<FeatureStatement> trunk, FeatureInput input,
        ReadOnlyMemory<byte> network, ReadOnlyMemory<byte> preprocess)
    {
        string[] comments =
        [
            $"Written by cin-import resnet18 (src/Cin.Import) from ResNet18.onnx with sha256 {Hash(network)}",
            $"and ResNetPreprocess.onnx with sha256 {Hash(preprocess)}.",
            "Re-run the importer rather than editing this folder by hand.",
        ];
        return new FeatureNetwork(ResNetProvenance.ModelName, ResNetProvenance.Title, ResNetProvenance.Licence,
            ResNetProvenance.Source, comments, input, trunk);
    }

    private static string Hash(ReadOnlyMemory<byte> file) => Convert.ToHexStringLower(SHA256.HashData(file.Span));
}
