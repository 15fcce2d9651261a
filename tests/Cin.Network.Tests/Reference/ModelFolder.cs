using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;

namespace Cin.Network.Tests.Reference;

/// <summary>One convolution of the network, with residual blocks already expanded into their two convolutions.</summary>
/// <param name="ResidualStart">This conv opens a residual block: its input is the block's skip.</param>
/// <param name="ResidualEnd">This conv closes a residual block: the skip is added to its normalized output.</param>
internal sealed record RefLayer(
    string Name, int Kernel, int Stride, int Upsample, int In, int Out, string Activation,
    bool ResidualStart, bool ResidualEnd)
{
    public int WeightCount => Kernel * Kernel * In * Out;
}

/// <summary>
/// A model folder read straight from its text files, written from styles/README.md and sharing no code with the
/// source generator's parser: the layers of model.txt, the gamma/beta rows of norm.txt and the float32 HWIO kernels
/// of weights.bin. It checks just enough to fail loudly on a folder it misreads.
/// </summary>
internal sealed class ModelFolder
{
    private readonly Dictionary<(string Layer, int Style, string Kind), float[]> _norm = new();

    private ModelFolder(string directory) => Directory = directory;

    public string Directory { get; }
    public string Name { get; private set; } = "";
    public int StyleCount { get; private set; }
    public int WeightCount { get; private set; }
    public string WeightsFile { get; private set; } = "";
    public string WeightsSha256 { get; private set; } = "";
    public List<RefLayer> Layers { get; } = new();

    public static ModelFolder Read(string directory)
    {
        var model = new ModelFolder(directory);
        model.ReadTopology(File.ReadAllLines(Path.Combine(directory, "model.txt")));
        model.ReadNorm(File.ReadLines(Path.Combine(directory, "norm.txt")));
        return model;
    }

    private void ReadTopology(string[] lines)
    {
        bool sawFormat = false;
        foreach (string raw in lines)
        {
            string line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            string[] words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            switch (words[0])
            {
                case "format":
                    if (words.Length != 3 || words[1] != "cin-model" || words[2] != "1")
                        throw new InvalidDataException($"Unknown format line '{line}'.");
                    sawFormat = true;
                    break;
                case "name": Name = words[1]; break;
                case "styles": StyleCount = int.Parse(words[1], CultureInfo.InvariantCulture); break;
                case "weights":
                {
                    WeightsFile = words[1];
                    if (words[2] != "float32") throw new InvalidDataException($"Unknown weight type in '{line}'.");
                    var pairs = Pairs(words.Skip(3));
                    WeightCount = int.Parse(pairs["count"], CultureInfo.InvariantCulture);
                    WeightsSha256 = pairs["sha256"];
                    break;
                }
                case "conv":
                {
                    var p = Pairs(words.Skip(2));
                    Layers.Add(new RefLayer(words[1], Int(p, "kernel"), Int(p, "stride"),
                        p.TryGetValue("upsample", out string? up) ? int.Parse(up, CultureInfo.InvariantCulture) : 1,
                        Int(p, "in"), Int(p, "out"), p["act"], false, false));
                    break;
                }
                case "residual":
                {
                    var p = Pairs(words.Skip(2));
                    int k = Int(p, "kernel"), c = Int(p, "channels");
                    Layers.Add(new RefLayer(words[1] + "/conv1", k, 1, 1, c, c, "relu", true, false));
                    Layers.Add(new RefLayer(words[1] + "/conv2", k, 1, 1, c, c, "none", false, true));
                    break;
                }
                default:
                    // title, licence, source: free text for people.
                    break;
            }
        }
        if (!sawFormat) throw new InvalidDataException("model.txt has no 'format cin-model 1' line.");
        if (Layers.Sum(l => l.WeightCount) != WeightCount)
            throw new InvalidDataException($"The layers need {Layers.Sum(l => l.WeightCount)} weights; model.txt says {WeightCount}.");
    }

    private static Dictionary<string, string> Pairs(IEnumerable<string> words) =>
        words.Select(w => w.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv[1]);

    private static int Int(Dictionary<string, string> pairs, string key) =>
        int.Parse(pairs[key], CultureInfo.InvariantCulture);

    private void ReadNorm(IEnumerable<string> lines)
    {
        foreach (string raw in lines)
        {
            if (string.IsNullOrWhiteSpace(raw)) continue;
            string[] words = raw.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var values = words.Skip(3).Select(v => float.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray();
            _norm[(words[0], int.Parse(words[1], CultureInfo.InvariantCulture), words[2])] = values;
        }
        foreach (var layer in Layers)
            for (int s = 0; s < StyleCount; s++)
                foreach (string kind in new[] { "gamma", "beta" })
                    if (!_norm.TryGetValue((layer.Name, s, kind), out var row) || row.Length != layer.Out)
                        throw new InvalidDataException($"norm.txt lacks a {layer.Out}-value {kind} row for {layer.Name}, style {s}.");
    }

    /// <summary>sum_s w_s * table[s], in double, rounded once to float.</summary>
    public float[] Blend(RefLayer layer, string kind, IReadOnlyList<float> styleWeights)
    {
        if (styleWeights.Count != StyleCount) throw new ArgumentException($"Expected {StyleCount} style weights.");
        var sum = new double[layer.Out];
        for (int s = 0; s < StyleCount; s++)
        {
            var row = _norm[(layer.Name, s, kind)];
            for (int c = 0; c < layer.Out; c++) sum[c] += (double)styleWeights[s] * row[c];
        }
        return sum.Select(v => (float)v).ToArray();
    }

    /// <summary>The folder's weights.bin, checked against the count and SHA-256 that model.txt gives.</summary>
    public float[] ReadWeights()
    {
        byte[] bytes = File.ReadAllBytes(Path.Combine(Directory, WeightsFile));
        if (bytes.Length != WeightCount * 4)
            throw new InvalidDataException($"{WeightsFile} has {bytes.Length} bytes; model.txt says {WeightCount} floats.");
        string sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (sha != WeightsSha256) throw new InvalidDataException($"{WeightsFile} has SHA-256 {sha}; model.txt says {WeightsSha256}.");
        var weights = new float[WeightCount];
        for (int i = 0; i < weights.Length; i++) weights[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * 4));
        return weights;
    }

    /// <summary>
    /// Seeded random kernels in He scaling (normal, std sqrt(2 / fan_in)), so activations keep a sane range through
    /// the layers of a network that has no trained weights.
    /// </summary>
    public float[] RandomHeWeights(int seed)
    {
        var random = new Random(seed);
        var weights = new float[WeightCount];
        int offset = 0;
        foreach (var layer in Layers)
        {
            double std = Math.Sqrt(2.0 / (layer.Kernel * layer.Kernel * layer.In));
            for (int i = 0; i < layer.WeightCount; i++)
            {
                // Box-Muller
                double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
                weights[offset + i] = (float)(std * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
            }
            offset += layer.WeightCount;
        }
        return weights;
    }
}
