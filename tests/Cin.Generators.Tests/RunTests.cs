using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Loader;
using System.Security.Cryptography;
using Cin.Engine;
using Cin.Engine.Network;
using Microsoft.CodeAnalysis;

namespace Cin.Generators.Tests;

/// <summary>
/// The generated network, compiled to an in-memory assembly and loaded into its own collectible load context, runs on
/// the real engine. The engine's types are shared with the test (the context falls back to the default one), so the
/// network can be used through <see cref="StyleNetwork"/> directly.
/// </summary>
public sealed class RunTests
{
    /// <summary>
    /// The constructor takes a <see cref="ReadOnlySpan{T}"/>, which reflection cannot pass, so a one-line factory is
    /// compiled next to the generated code and called through reflection.
    /// </summary>
    private static string Factory(string className) => $$"""
        namespace {{GeneratorHarness.Namespace}};
        public static class TestFactory
        {
            public static Cin.Engine.Network.StyleNetwork Create(float[] weights) => new {{className}}(weights);
        }
        """;

    [Theory]
    [InlineData("tiny", "TinyNetwork")]
    [InlineData("paper", "PaperNetwork")]
    public void CompiledNetworkRunsOnAnEightByEightMap(string model, string className)
    {
        var files = ModelFiles.Test(model);
        using var loaded = LoadedModels.Compile(files, Factory(className));
        Type type = loaded.Type(className);
        int weightCount = (int)type.GetField("WeightCount")!.GetRawConstantValue()!;
        Assert.Equal(8, (int)type.GetField("MinimumSize")!.GetRawConstantValue()!);
        Assert.Equal(4, (int)type.GetField("SizeMultiple")!.GetRawConstantValue()!);

        var network = loaded.Create(RandomWeights(weightCount, seed: 1));
        Assert.Equal(model, network.Info.Name);
        Assert.Equal(Enumerable.Range(0, model == "tiny" ? 2 : 3).Select(i => $"random-{i}"), network.Info.Styles.Select(s => s.Name));

        var input = RandomImage(8, 8, seed: 2);
        foreach (var style in Enumerable.Range(0, network.Info.Styles.Count).Select(network.Style))
        {
            var output = network.Run(input, style);
            Assert.Equal((8, 8, 3), (output.Height, output.Width, output.Channels));
            foreach (float v in output.Span) Assert.True(v > 0 && v < 1, $"{v} is outside (0,1).");
            Assert.True(output.Span.ToArray().Distinct().Count() > 1, "The output is constant.");
        }
    }

    [Fact]
    public void ConstructorRejectsTheWrongWeightCount()
    {
        using var loaded = LoadedModels.Compile(ModelFiles.Test("tiny"), Factory("TinyNetwork"));
        var error = Assert.Throws<TargetInvocationException>(() => loaded.Create(new float[5489]));
        Assert.Contains("5490", Assert.IsType<ArgumentException>(error.InnerException).Message);
    }

    /// <summary>The gamma/beta tables hold norm.txt's rows in layer order, and are read in place, not reallocated.</summary>
    [Fact]
    public void TablesHoldNormTxtInLayerOrder()
    {
        var files = ModelFiles.Test("tiny");
        using var loaded = LoadedModels.Compile(files, Factory("TinyNetwork"));
        var network = loaded.Create(RandomWeights(5490, seed: 3));

        string[] layers =
        [
            "contract/conv1", "contract/conv2", "contract/conv3",
            "residual/residual1/conv1", "residual/residual1/conv2", "residual/residual2/conv1", "residual/residual2/conv2",
            "expand/conv1", "expand/conv2", "expand/conv3",
        ];
        Assert.Equal(layers.Length, network.NormLayerCount);
        var rows = files[ModelFiles.Norm].Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' '))
            .ToDictionary(w => (w[0], int.Parse(w[1]), w[2]), w => w[3..].Select(v => float.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        for (int layer = 0; layer < layers.Length; layer++)
        {
            Assert.Equal(rows[(layers[layer], 0, "gamma")].Concat(rows[(layers[layer], 1, "gamma")]), network.GammaTable(layer).ToArray());
            Assert.Equal(rows[(layers[layer], 0, "beta")].Concat(rows[(layers[layer], 1, "beta")]), network.BetaTable(layer).ToArray());
            Assert.True(Unsafe.AreSame(
                ref MemoryMarshal.GetReference(network.GammaTable(layer)), ref MemoryMarshal.GetReference(network.GammaTable(layer))),
                "GammaTable returns a new copy on each call.");
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => network.GammaTable(layers.Length));

        // A blend is the weighted sum of the rows.
        var blend = network.Style([0.25f, 0.75f]);
        var expected = rows[("expand/conv3", 0, "gamma")].Zip(rows[("expand/conv3", 1, "gamma")], (a, b) => 0.25f * a + 0.75f * b);
        Assert.Equal(expected, blend.Gamma(9).ToArray());
    }

    /// <summary>
    /// The registry's Load reads the weights embedded under the resource name the generator chose, checks count and
    /// SHA-256, and gives the same network as constructing it from the same weights.
    /// </summary>
    [Fact]
    public void RegistryLoadsEmbeddedWeights()
    {
        float[] weights = RandomWeights(5490, seed: 4);
        byte[] bytes = MemoryMarshal.AsBytes(weights.AsSpan()).ToArray();
        string sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var files = ModelFiles.Test("tiny").EditLine(ModelFiles.Topology, 7, line => line.Replace(new string('0', 64), sha));
        using var loaded = LoadedModels.Compile(files, Factory("TinyNetwork"),
            new ResourceDescription("cin-models/tiny/weights.bin", () => new MemoryStream(bytes), isPublic: true));

        Type registry = loaded.Type("BuiltInModels");
        Assert.Equal("tiny", registry.GetField("Default")!.GetRawConstantValue());
        var all = (IReadOnlyList<ModelInfo>)registry.GetProperty("All")!.GetValue(null)!;
        Assert.Equal("tiny", Assert.Single(all).Name);
        var find = registry.GetMethod("Find")!;
        Assert.Same(all[0], find.Invoke(null, ["TINY"]));
        Assert.Null(find.Invoke(null, ["paper"]));

        var load = registry.GetMethod("Load")!;
        var embedded = (StyleNetwork)load.Invoke(null, ["Tiny"])!;
        Assert.Same(embedded, load.Invoke(null, ["tiny"]));
        var unknown = Assert.Throws<TargetInvocationException>(() => load.Invoke(null, ["paper"]));
        Assert.Contains("Built-in models: tiny", Assert.IsType<ArgumentException>(unknown.InnerException).Message);

        var input = RandomImage(12, 16, seed: 5);
        var fromResource = embedded.Run(input, embedded.Style(1));
        var fromArray = loaded.Create(weights).Run(input, embedded.Style(1));
        Assert.Equal(fromArray.Span.ToArray(), fromResource.Span.ToArray());
    }

    /// <summary>The imported Magenta model with its real weights.bin, when that folder exists.</summary>
    [Fact]
    public void MagentaModelRunsWithItsEmbeddedWeights()
    {
        string folder = Path.Combine(Paths.RepoRoot, "styles", "magenta");
        string weightsPath = Path.Combine(folder, "weights.bin");
        if (!File.Exists(Path.Combine(folder, "model.txt")) || !File.Exists(weightsPath)) Assert.Skip($"{folder} is not there yet.");
        byte[] bytes = File.ReadAllBytes(weightsPath);
        using var loaded = LoadedModels.Compile(ModelFiles.FromDisk(folder), Factory("MagentaNetwork"),
            new ResourceDescription("cin-models/magenta/weights.bin", () => new MemoryStream(bytes), isPublic: true));
        var network = (StyleNetwork)loaded.Type("MagentaNetwork").GetMethod("LoadEmbedded")!.Invoke(null, null)!;
        int side = Math.Max(network.Info.MinimumSize, network.Info.SizeMultiple * 4);
        var output = network.Run(RandomImage(side, side, seed: 6), network.Style(0));
        Assert.Equal((side, side, 3), (output.Height, output.Width, output.Channels));
        // A trained network may saturate its sigmoid to exactly 0 or 1 in float32.
        foreach (float v in output.Span) Assert.True(v >= 0 && v <= 1, $"{v} is outside [0,1].");
    }

    private static float[] RandomWeights(int count, int seed)
    {
        var random = new Random(seed);
        var weights = new float[count];
        for (int i = 0; i < count; i++) weights[i] = (float)(random.NextDouble() * 0.2 - 0.1);
        return weights;
    }

    private static FeatureMap RandomImage(int height, int width, int seed)
    {
        var random = new Random(seed);
        var map = new FeatureMap(height, width, 3);
        for (int i = 0; i < map.Length; i++) map.Data[i] = (float)random.NextDouble();
        return map;
    }
}

/// <summary>A generated model compiled to memory and loaded into a collectible context, unloaded on dispose.</summary>
internal sealed class LoadedModels : IDisposable
{
    private readonly AssemblyLoadContext _context;
    private readonly Assembly _assembly;

    private LoadedModels(AssemblyLoadContext context, Assembly assembly)
    {
        _context = context;
        _assembly = assembly;
    }

    public static LoadedModels Compile(ModelFiles model, string extraSource, params ResourceDescription[] resources)
    {
        var run = GeneratorHarness.Run([model], defaultModel: null, GeneratorHarness.Namespace, extraSource).AssertCompilesCleanly();
        using var pe = new MemoryStream();
        var emit = run.Output.Emit(pe, manifestResources: resources, cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(emit.Success, GeneratorHarness.Format(emit.Diagnostics));
        pe.Position = 0;
        var context = new AssemblyLoadContext("cin-generated-" + model.Folder, isCollectible: true);
        return new LoadedModels(context, context.LoadFromStream(pe));
    }

    public Type Type(string name) =>
        _assembly.GetType($"{GeneratorHarness.Namespace}.{name}") ?? throw new InvalidOperationException($"{name} was not generated.");

    /// <summary>Constructs the network through the compiled factory.</summary>
    public StyleNetwork Create(float[] weights) =>
        (StyleNetwork)Type("TestFactory").GetMethod("Create")!.Invoke(null, [weights])!;

    public void Dispose() => _context.Unload();
}
