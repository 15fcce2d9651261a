using Cin.Engine;
using Cin.Engine.Network;
using Cin.Network.Tests.Reference;

namespace Cin.Bench;

/// <summary>The two networks the bench compares, each with the weights and style that both runtimes get.</summary>
public sealed class Workload
{
    private const int WeightSeed = 20171024;

    private Workload(string name, ModelFolder folder, float[] weights, float[] styleWeights, Func<StyleNetwork> network)
    {
        Name = name;
        Folder = folder;
        Weights = weights;
        StyleWeights = styleWeights;
        CreateNetwork = network;
    }

    public string Name { get; }
    internal ModelFolder Folder { get; }
    public float[] Weights { get; }
    public float[] StyleWeights { get; }
    public Func<StyleNetwork> CreateNetwork { get; }

    public static Workload Get(string name)
    {
        string root = RepoRoot.Find();
        switch (name)
        {
            case "magenta":
            {
                var folder = ModelFolder.Read(Path.Combine(root, "styles", "magenta"));
                var weights = folder.ReadWeights();
                var style = StyleSelector.Parse("starry-night", Cin.Models.MagentaNetwork.Model);
                return new Workload(name, folder, weights, style, () => new Cin.Models.MagentaNetwork(weights));
            }
            case "paper":
            {
                var folder = ModelFolder.Read(Path.Combine(root, "bench", "models", "paper"));
                var weights = folder.RandomHeWeights(WeightSeed);
                var style = new float[folder.StyleCount];
                style[0] = 1;
                return new Workload(name, folder, weights, style, () => new PaperNetwork(weights));
            }
            default:
                throw new ArgumentException($"Unknown network '{name}' (magenta or paper).");
        }
    }

    /// <summary>Multiply-adds of one forward pass at this size, counted directly (not Winograd's reduced count).</summary>
    public double MultiplyAdds(int height, int width)
    {
        double total = 0, scale = 1;
        foreach (var layer in Folder.Layers)
        {
            scale = scale * layer.Upsample / layer.Stride;
            total += height * scale * width * scale * layer.Kernel * layer.Kernel * layer.In * layer.Out;
        }
        return total;
    }

    public static FeatureMap Input(int height, int width)
    {
        var random = new Random(height * 7919 + width);
        var map = new FeatureMap(height, width, 3);
        for (int i = 0; i < map.Length; i++) map.Data[i] = random.NextSingle();
        return map;
    }
}

internal static class RepoRoot
{
    public static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "cin.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("cin.sln not found above " + AppContext.BaseDirectory);
    }
}
