using Cin.Import.Features;
using Cin.Import.Output;
using Cin.Import.ResNet;

namespace Cin.Import.Tests.LossNetwork;

/// <summary>The importer on <see cref="SyntheticTrunk"/>: needs no package, so it runs everywhere.</summary>
public sealed class SyntheticTrunkTests
{
    [Fact]
    public void Walks_the_synthetic_graph_into_the_expected_statements()
    {
        FeatureFolder folder = Folder(out _);
        Assert.Equal(SyntheticTrunk.Statements, folder.StatementLines);
    }

    [Fact]
    public void Folded_folder_matches_onnx_runtime_on_the_unfolded_graph()
    {
        FeatureFolder folder = Folder(out FeatureNetwork network);
        // 35x50: stem 17x24 -> pool 8x12 -> layer2 4x6 -> layer3 2x3; every stride-2 block input is even.
        var input = new Chw(3, 35, 50);
        var random = new Random(7);
        for (int i = 0; i < input.Data.Length; i++) input.Data[i] = (float)(random.NextDouble() * 2 - 1);

        Dictionary<string, Chw> ours = ReferenceTwin.Forward(folder, input);
        Dictionary<string, Chw> ort = OnnxTaps.Run(SyntheticTrunk.Build(), input, [.. network.Taps.Select(t => t.SourceValue)]);

        Assert.Equal(["4x17x24", "4x8x12", "6x4x6", "8x2x3"], ours.Values.Select(v => v.ShapeText));
        foreach (TapStatement tap in network.Taps)
        {
            double error = ours[tap.Name].RelativeErrorTo(ort[tap.SourceValue]);
            Assert.True(error <= 1e-5, $"{tap.Name}: relative error {error:G3}");
        }
    }

    private static FeatureFolder Folder(out FeatureNetwork network)
    {
        byte[] graph = SyntheticTrunk.Build();
        var input = new FeatureInput("bgr", 255f, [1f, 2f, 3f]);
        network = ResNetImporter.Assemble(ResNetImporter.ReadTrunk(graph), input, graph, graph);
        var files = FeatureModelFiles.Build(network, WeightStorage.Float32).ToDictionary(f => f.Name, f => f.Bytes);
        return FeatureFolder.Parse(System.Text.Encoding.UTF8.GetString(files["model.txt"]).Split('\n'), files["weights.bin"]);
    }
}
