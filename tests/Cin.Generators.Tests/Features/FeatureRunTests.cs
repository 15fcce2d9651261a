using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;
using System.Security.Cryptography;
using Cin.Engine;
using Cin.Engine.Features;
using Microsoft.CodeAnalysis;

namespace Cin.Generators.Tests.Features;

/// <summary>
/// The generated tiny-trunk class, compiled to memory and run on the engine, against a plain twin of the format
/// (direct loops, float64 sums) that reads the same weights by model.txt's description: so the emitted offsets,
/// blocks, pads and input encoding are checked, on odd channel counts and sizes.
/// </summary>
public sealed class FeatureRunTests
{
    private const string Factory = $$"""
        namespace {{GeneratorHarness.Namespace}};
        public static class TestFactory
        {
            public static object Create(float[] weights) => new TinyTrunkFeatures(weights);
            public static System.Collections.Generic.IReadOnlyList<Cin.Engine.Features.FeatureTap> Forward(object network, Cin.Engine.FeatureMap rgb, int threads) =>
                ((TinyTrunkFeatures)network).Forward(rgb, threads).All;
            public static string? SizeProblem(int height, int width) => TinyTrunkFeatures.SizeProblem(height, width);
        }
        """;

    [Theory]
    [InlineData(16, 16, 1)]
    [InlineData(25, 42, 2)]
    [InlineData(19, 11, 1)]
    public void TapsMatchThePlainTwin(int height, int width, int threads)
    {
        using var loaded = Compile(ModelFiles.Feature("tiny-trunk"));
        float[] weights = RandomValues(1531, seed: height * 100 + width, scale: 0.3);
        FeatureMap rgb = RandomImage(height, width, seed: 7);
        Assert.Null(loaded.Call<string?>("SizeProblem", height, width));

        var taps = loaded.Call<IReadOnlyList<FeatureTap>>("Forward", loaded.Call<object>("Create", weights), rgb, threads);
        var expected = TinyTrunkTwin.Forward(weights, rgb);
        Assert.Equal(expected.Keys, taps.Select(t => t.Name));
        foreach (var tap in taps)
        {
            var (h, w, c, data) = expected[tap.Name];
            Assert.Equal((h, w, c), (tap.Map.Height, tap.Map.Width, tap.Map.Channels));
            double scale = data.Max(Math.Abs), diff = 0;
            for (int i = 0; i < data.Length; i++) diff = Math.Max(diff, Math.Abs(tap.Map.Data[i] - data[i]));
            Assert.True(scale > 0, $"{tap.Name} is all zeros");
            Assert.True(diff <= 1e-5 * scale, $"{tap.Name}: max difference {diff:G3} against a scale of {scale:G3}");
        }
    }

    [Fact]
    public void OddPoolOutputIsRejectedWithTheRule()
    {
        using var loaded = Compile(ModelFiles.Feature("tiny-trunk"));
        // 20 -> stem 10 -> pool 5: odd, so the stride-2 block's paths disagree.
        string? problem = loaded.Call<string?>("SizeProblem", 20, 24);
        Assert.NotNull(problem);
        Assert.Contains("24x20 image does not fit the feature network tiny-trunk", problem);
        var network = loaded.Call<object>("Create", new float[1531]);
        var error = Assert.Throws<TargetInvocationException>(() => loaded.Call<object>("Forward", network, new FeatureMap(20, 24, 3), 1));
        Assert.Equal(problem, Assert.IsType<ArgumentException>(error.InnerException).Message.Split(" (Parameter")[0]);
    }

    [Fact]
    public void ConstructorRejectsTheWrongWeightCount()
    {
        using var loaded = Compile(ModelFiles.Feature("tiny-trunk"));
        var error = Assert.Throws<TargetInvocationException>(() => loaded.Call<object>("Create", new float[1530]));
        Assert.Contains("1531", Assert.IsType<ArgumentException>(error.InnerException).Message);
    }

    /// <summary>LoadEmbedded reads the resource the targets file embeds, checked by SHA-256, in either storage.</summary>
    [Theory]
    [InlineData("float32")]
    [InlineData("float16")]
    public void LoadEmbeddedChecksTheResource(string storage)
    {
        float[] weights = RandomValues(1531, seed: 9, scale: 0.3);
        byte[] bytes = storage == "float32"
            ? MemoryMarshal.AsBytes(weights.AsSpan()).ToArray()
            : weights.SelectMany(v => BitConverter.GetBytes((Half)v)).ToArray();
        string sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var files = ModelFiles.Feature("tiny-trunk").EditLine(ModelFiles.Topology, 7,
            line => line.Replace("float32", storage).Replace(new string('0', 64), sha));
        using var loaded = Compile(files, new ResourceDescription("cin-models/tiny-trunk/weights.bin", () => new MemoryStream(bytes), isPublic: true));
        Type type = loaded.Type("TinyTrunkFeatures");
        object embedded = type.GetMethod("LoadEmbedded")!.Invoke(null, null)!;
        float[] stored = storage == "float32" ? weights : weights.Select(v => (float)(Half)v).ToArray();
        FeatureMap rgb = RandomImage(16, 16, seed: 3);
        var fromResource = loaded.Call<IReadOnlyList<FeatureTap>>("Forward", embedded, rgb, 1);
        var fromArray = loaded.Call<IReadOnlyList<FeatureTap>>("Forward", loaded.Call<object>("Create", stored), rgb, 1);
        Assert.Equal(fromArray[2].Map.Span.ToArray(), fromResource[2].Map.Span.ToArray());

        // A resource that is not the declared one is refused.
        using var tampered = Compile(files, new ResourceDescription("cin-models/tiny-trunk/weights.bin", () => new MemoryStream(bytes.Reverse().ToArray()), isPublic: true));
        var error = Assert.Throws<TargetInvocationException>(() => tampered.Type("TinyTrunkFeatures").GetMethod("LoadEmbedded")!.Invoke(null, null));
        Assert.Contains("SHA-256", Assert.IsType<InvalidDataException>(error.InnerException).Message);
    }

    private static LoadedFeatures Compile(ModelFiles files, params ResourceDescription[] resources)
    {
        var run = GeneratorHarness.Run([files], defaultModel: null, GeneratorHarness.Namespace, Factory).AssertCompilesCleanly();
        using var pe = new MemoryStream();
        var emit = run.Output.Emit(pe, manifestResources: resources, cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(emit.Success, GeneratorHarness.Format(emit.Diagnostics));
        pe.Position = 0;
        var context = new AssemblyLoadContext("cin-generated-features", isCollectible: true);
        return new LoadedFeatures(context, context.LoadFromStream(pe));
    }

    private sealed class LoadedFeatures(AssemblyLoadContext context, Assembly assembly) : IDisposable
    {
        public Type Type(string name) => assembly.GetType($"{GeneratorHarness.Namespace}.{name}")!;

        public T Call<T>(string method, params object?[] arguments) => (T)Type("TestFactory").GetMethod(method)!.Invoke(null, arguments)!;

        public void Dispose() => context.Unload();
    }

    private static float[] RandomValues(int count, int seed, double scale)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => (float)((random.NextDouble() * 2 - 1) * scale)).ToArray();
    }

    private static FeatureMap RandomImage(int height, int width, int seed)
    {
        var random = new Random(seed);
        var map = new FeatureMap(height, width, 3);
        for (int i = 0; i < map.Length; i++) map.Data[i] = (float)random.NextDouble();
        return map;
    }
}
