using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;

namespace Cin.Import.Tests.LossNetwork;

/// <summary>
/// A cin-features model folder read back by the tests, written from the format's description in styles/README.md
/// rather than from the importer's writer, so that the two meet only in the files.
/// </summary>
internal sealed class FeatureFolder
{
    public sealed record Conv(string Name, int Kernel, int Stride, int[] Pad, int In, int Out, bool Relu, float[] Hwio, float[] Bias);

    public abstract record Op(string Name);
    public sealed record ConvOp(Conv Conv) : Op(Conv.Name);
    public sealed record MaxPoolOp(string PoolName, int Kernel, int Stride, int[] Pad) : Op(PoolName);
    public sealed record BlockOp(string BlockName, Conv Conv1, Conv Conv2, Conv? Projection) : Op(BlockName);
    public sealed record TapOp(string TapName) : Op(TapName);

    public required string Name { get; init; }
    public required string InputKeyword { get; init; }
    public required float[] Mean { get; init; }
    public required string Storage { get; init; }
    public required IReadOnlyList<Op> Ops { get; init; }

    /// <summary>The statement lines of model.txt after the header (conv, maxpool, block, tap), as written.</summary>
    public required IReadOnlyList<string> StatementLines { get; init; }

    public static FeatureFolder Read(string folder) =>
        Parse(File.ReadAllLines(Path.Combine(folder, "model.txt")), File.ReadAllBytes(Path.Combine(folder, "weights.bin")));

    public static FeatureFolder Parse(IReadOnlyList<string> lines, byte[] weightsBin)
    {
        string[] content = [.. lines.Where(l => l.Length > 0 && !l.StartsWith('#'))];
        Assert.Equal("format cin-features 1", content[0]);
        string? name = null, inputKeyword = null, storage = null;
        float[] mean = [];
        float[]? values = null;
        int next = 0;
        var ops = new List<Op>();
        var statementLines = new List<string>();

        float[] Take(int count)
        {
            Assert.NotNull(values);
            Assert.True(next + count <= values.Length, $"weights.bin ends before {count} more values at {next}");
            float[] slice = values[next..(next + count)];
            next += count;
            return slice;
        }

        Conv ReadConv(string convName, int k, int s, int[] pad, int cin, int cout, bool relu) =>
            new(convName, k, s, pad, cin, cout, relu, Take(k * k * cin * cout), Take(cout));

        foreach (string line in content.Skip(1))
        {
            string[] words = line.Split(' ');
            var kv = words.Skip(2).Where(w => w.Contains('=')).ToDictionary(w => w[..w.IndexOf('=')], w => w[(w.IndexOf('=') + 1)..]);
            int Int(string key) => int.Parse(kv[key], CultureInfo.InvariantCulture);
            int[] Pad() => [.. kv["pad"].Split(',').Select(p => int.Parse(p, CultureInfo.InvariantCulture))];
            switch (words[0])
            {
                case "name": name = words[1]; break;
                case "title" or "licence" or "source": break;
                case "input":
                    inputKeyword = words[1];
                    mean = [.. kv["mean"].Split(',').Select(m => float.Parse(m, CultureInfo.InvariantCulture))];
                    break;
                case "weights":
                    storage = words[2];
                    values = Decode(weightsBin, storage, Int("count"), kv["sha256"]);
                    break;
                case "conv":
                    statementLines.Add(line);
                    Assert.Equal("yes", kv["bias"]);
                    ops.Add(new ConvOp(ReadConv(words[1], Int("kernel"), Int("stride"), Pad(), Int("in"), Int("out"), kv["act"] == "relu")));
                    break;
                case "maxpool":
                    statementLines.Add(line);
                    ops.Add(new MaxPoolOp(words[1], Int("kernel"), Int("stride"), Pad()));
                    break;
                case "block":
                    statementLines.Add(line);
                    int k = Int("kernel"), s = Int("stride"), cin = Int("in"), cout = Int("out");
                    int[] same = [k / 2, k / 2, k / 2, k / 2];
                    Conv conv1 = ReadConv(words[1] + "/conv1", k, s, Pad(), cin, cout, relu: true);
                    Conv conv2 = ReadConv(words[1] + "/conv2", k, 1, same, cout, cout, relu: false);
                    Conv? projection = kv["shortcut"] == "projection" ? ReadConv(words[1] + "/projection", 1, s, [0, 0, 0, 0], cin, cout, relu: false) : null;
                    Assert.True(kv["shortcut"] is "projection" or "identity", line);
                    ops.Add(new BlockOp(words[1], conv1, conv2, projection));
                    break;
                case "tap":
                    statementLines.Add(line);
                    ops.Add(new TapOp(words[1]));
                    break;
                default:
                    Assert.Fail($"unknown statement: {line}");
                    break;
            }
        }
        Assert.True(values is not null && next == values.Length, $"model.txt uses {next} of {values?.Length} weights");
        return new FeatureFolder
        {
            Name = name!, InputKeyword = inputKeyword!, Mean = mean, Storage = storage!, Ops = ops, StatementLines = statementLines,
        };
    }

    private static float[] Decode(byte[] bytes, string storage, int count, string sha256)
    {
        Assert.Equal(sha256, Convert.ToHexStringLower(SHA256.HashData(bytes)));
        int size = storage switch { "float32" => 4, "float16" => 2, _ => throw new InvalidDataException(storage) };
        Assert.Equal(count * size, bytes.Length);
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = size == 4
                ? BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * 4))
                : (float)BinaryPrimitives.ReadHalfLittleEndian(bytes.AsSpan(i * 2));
        }
        return values;
    }
}
