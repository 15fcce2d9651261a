using Cin.Engine;
using Cin.Features;
using Cin.Import.Features;
using Cin.Import.Output;

namespace Cin.Import.Tests.LossNetwork;

/// <summary>
/// The loss network as cin ships it: features/resnet18, compiled by the source generator into
/// <see cref="Resnet18TrunkFeatures"/> with its weights embedded, run on the engine's kernels, against ONNX Runtime
/// on the original, unfolded graph. Also: the committed folder is exactly what the importer writes.
/// </summary>
public sealed class GeneratedResNetTests
{
    /// <summary>The issue's bound for the loss network: each tap within 1e-4 of ONNX Runtime, relative to its scale.</summary>
    private const double Tolerance = 1e-4;

    private static readonly Lazy<Resnet18TrunkFeatures> Network = new(Resnet18TrunkFeatures.LoadEmbedded);

    /// <summary>
    /// 49x67: odd, so the lopsided pads decide what the last rows and columns see; 128x128 and 66x51: the other
    /// remainders. Each side is 0 to 3 more than a multiple of 16, the sizes the stride-2 blocks accept.
    /// </summary>
    [Theory]
    [InlineData(49, 67, 1)]
    [InlineData(128, 128, 2)]
    [InlineData(66, 51, 2)]
    public void Taps_match_onnx_runtime(int height, int width, int threads)
    {
        ResNetPackage package = ResNetPackage.GetOrSkip();
        Chw rgb = LossNetworkImages.Smooth(height, width);
        Chw input = ReferenceTwin.Preprocess(package.Folder(WeightStorage.Float32), rgb);
        Dictionary<string, Chw> byValue = OnnxTaps.Run(package.Network, input, [.. package.Imported.Taps.Select(t => t.SourceValue)]);

        Resnet18TrunkFeatures.Taps taps = Network.Value.Forward(ToMap(rgb), threads);
        Assert.Equal(Resnet18TrunkFeatures.TapNames, taps.All.Select(t => t.Name));
        Assert.Equal(package.Imported.Taps.Select(t => t.Name), Resnet18TrunkFeatures.TapNames);
        var errors = new List<string>();
        foreach (var tap in taps.All)
        {
            Chw ort = byValue[package.Imported.Taps.Single(t => t.Name == tap.Name).SourceValue];
            double error = ToChw(tap.Map).RelativeErrorTo(ort);
            errors.Add($"{tap.Name} {error:G3}");
            Assert.True(error <= Tolerance, $"{height}x{width}, {tap.Name}: relative error {error:G3} > {Tolerance}");
        }
        TestContext.Current.SendDiagnosticMessage($"{height}x{width}, relative error to ONNX Runtime: {string.Join(", ", errors)}");
        Assert.Same(taps.Relu1, taps.All[0].Map);
        Assert.Same(taps.Layer3, taps.All[3].Map);
    }

    [Theory]
    [InlineData(45, 64)]
    [InlineData(64, 61)]
    [InlineData(12, 12)]
    public void Sizes_whose_block_paths_disagree_are_rejected_before_running(int height, int width)
    {
        string? problem = Resnet18TrunkFeatures.SizeProblem(height, width);
        Assert.NotNull(problem);
        Assert.Contains($"{width}x{height}", problem);
        Assert.Contains("0 to 3 more than a multiple of 16", problem);
        var error = Assert.Throws<ArgumentException>(() => Network.Value.Forward(new FeatureMap(height, width, 3)));
        Assert.StartsWith(problem, error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// The size rule the generator derived (a minimum and remainders by 16) accepts a side exactly when the statements
    /// of the committed folder, walked here with the format's output-size formula, give every map a pixel and every
    /// block two paths of one size.
    /// </summary>
    [Fact]
    public void Size_rule_accepts_exactly_the_sides_every_block_accepts()
    {
        FeatureFolder folder = FeatureFolder.Read(RepoPaths.ResNetFolder);
        for (int n = 1; n <= 100; n++)
        {
            bool runs = Runs(folder, n);
            Assert.True(runs == Resnet18TrunkFeatures.AcceptsHeight(n), $"height {n}: the statements {(runs ? "run" : "fail")}");
            Assert.True(runs == Resnet18TrunkFeatures.AcceptsWidth(n), $"width {n}: the statements {(runs ? "run" : "fail")}");
        }
        Assert.Null(Resnet18TrunkFeatures.SizeProblem(256, 257));
    }

    private static bool Runs(FeatureFolder folder, int n)
    {
        static int Out(int size, int before, int after, int k, int s) => size + before + after < k ? 0 : (size + before + after - k) / s + 1;
        foreach (var op in folder.Ops)
        {
            switch (op)
            {
                case FeatureFolder.ConvOp c: n = Out(n, c.Conv.Pad[0], c.Conv.Pad[2], c.Conv.Kernel, c.Conv.Stride); break;
                case FeatureFolder.MaxPoolOp p: n = Out(n, p.Pad[0], p.Pad[2], p.Kernel, p.Stride); break;
                case FeatureFolder.BlockOp b:
                    int main = Out(Out(n, b.Conv1.Pad[0], b.Conv1.Pad[2], b.Conv1.Kernel, b.Conv1.Stride), 1, 1, 3, 1);
                    int shortcut = b.Projection is null ? n : Out(n, 0, 0, 1, b.Projection.Stride);
                    if (main != shortcut) return false;
                    n = main;
                    break;
            }
            if (n == 0) return false;
        }
        return true;
    }

    [Fact]
    public void Committed_folder_equals_a_fresh_import()
    {
        ResNetPackage package = ResNetPackage.GetOrSkip();
        foreach (var (name, bytes) in FeatureModelFiles.Build(package.Imported, WeightStorage.Float32))
        {
            string committed = Path.Combine(RepoPaths.ResNetFolder, name);
            Assert.True(File.Exists(committed), $"{committed} is missing; run cin-import resnet18 (docs/loss-network.md)");
            Assert.True(bytes.AsSpan().SequenceEqual(File.ReadAllBytes(committed)),
                $"{committed} differs from a fresh import; run cin-import resnet18 (docs/loss-network.md)");
        }
    }

    private static FeatureMap ToMap(Chw image)
    {
        var map = new FeatureMap(image.Height, image.Width, image.Channels);
        for (int c = 0; c < image.Channels; c++)
            for (int y = 0; y < image.Height; y++)
                for (int x = 0; x < image.Width; x++)
                    map[y, x, c] = image[c, y, x];
        return map;
    }

    private static Chw ToChw(FeatureMap map)
    {
        var chw = new Chw(map.Channels, map.Height, map.Width);
        for (int c = 0; c < map.Channels; c++)
            for (int y = 0; y < map.Height; y++)
                for (int x = 0; x < map.Width; x++)
                    chw[c, y, x] = map[y, x, c];
        return chw;
    }
}
