using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Cin.Engine.Batch;

/// <summary>
/// One of <see cref="Count"/> disjoint parts of a batch (<c>--shard I/N</c>), so that N machines or processes can share
/// one folder without a scheduler. Together the N shards hold every input exactly once.
/// </summary>
/// <remarks>
/// An input belongs to the shard given by a hash of its path relative to the folder or pattern it was found under, with
/// '/' as the separator. That key is the same on every machine that sees the same tree, wherever the tree is mounted
/// and in whatever order the file system lists it, so each process can decide its share alone. SHA-256 is used because
/// it is fixed forever and spreads similar names (photo-0001, photo-0002, ...) evenly; its cost is nothing beside a
/// photo's.
/// </remarks>
public readonly record struct Shard
{
    /// <summary>Environment variables that carry a job's index, in the order they are read by <c>auto/N</c>:
    /// Kubernetes Indexed Jobs, then Slurm job arrays.</summary>
    public static IReadOnlyList<string> IndexVariables { get; } = ["JOB_COMPLETION_INDEX", "SLURM_ARRAY_TASK_ID"];

    public Shard(int index, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, count);
        Index = index;
        Count = count;
    }

    /// <summary>Which part this is, from 0 to <see cref="Count"/> - 1 (as Kubernetes and Slurm number their tasks).</summary>
    public int Index { get; }

    /// <summary>How many parts the batch is split into.</summary>
    public int Count { get; }

    /// <summary>The whole batch: one shard of one.</summary>
    public static Shard All { get; } = new(0, 1);

    /// <summary>
    /// Reads <c>I/N</c> or <c>auto/N</c>; <paramref name="environment"/> looks up a variable (normally
    /// <see cref="Environment.GetEnvironmentVariable(string)"/>). Throws <see cref="FormatException"/> with a message
    /// that says what is wrong.
    /// </summary>
    public static Shard Parse(string text, Func<string, string?> environment)
    {
        int slash = text.IndexOf('/');
        if (slash <= 0 || slash == text.Length - 1)
            throw new FormatException($"'{text}' is not a shard: use I/N (I from 0 to N-1), or auto/N to read I from {string.Join(" or ", IndexVariables)}");
        string indexText = text[..slash].Trim();
        string countText = text[(slash + 1)..].Trim();
        if (!int.TryParse(countText, NumberStyles.None, CultureInfo.InvariantCulture, out int count) || count < 1)
            throw new FormatException($"the shard count in '{text}' must be a whole number of at least 1");

        string source = "";
        if (indexText.Equals("auto", StringComparison.OrdinalIgnoreCase))
        {
            foreach (string name in IndexVariables)
            {
                if (environment(name) is { Length: > 0 } value) { indexText = value.Trim(); source = $" (from {name})"; break; }
            }
            if (source.Length == 0)
                throw new FormatException($"--shard auto/{count} needs the job's index in {string.Join(" or ", IndexVariables)}, and neither is set");
        }
        if (!int.TryParse(indexText, NumberStyles.None, CultureInfo.InvariantCulture, out int index))
            throw new FormatException($"the shard index '{indexText}'{source} must be a whole number from 0 to {count - 1}");
        if (index >= count)
            throw new FormatException($"the shard index {index}{source} must be less than the shard count {count} (shards are numbered 0 to {count - 1})");
        return new Shard(index, count);
    }

    /// <summary>Whether the input at <paramref name="relativePath"/> (relative to its folder or pattern root) is in this shard.</summary>
    public bool Contains(string relativePath) => Count == 1 || ShardOf(relativePath, Count) == Index;

    /// <summary>The shard, of <paramref name="count"/>, that an input's relative path falls in.</summary>
    public static int ShardOf(string relativePath, int count)
    {
        string key = relativePath.Replace('\\', '/');
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(key), hash);
        ulong value = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(hash);
        return (int)(value % (ulong)count);
    }

    public override string ToString() => $"{Index}/{Count}";
}
