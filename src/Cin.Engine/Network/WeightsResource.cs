using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Cin.Engine.Network;

/// <summary>Reads a model's <c>weights.bin</c>, embedded in the assembly as a manifest resource.</summary>
public static class WeightsResource
{
    public static float[] Read(Assembly assembly, string resourceName, int expectedCount, string expectedSha256)
    {
        using var stream = assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"The weights resource '{resourceName}' is missing from {assembly.GetName().Name}.");
        if (stream.Length != (long)expectedCount * sizeof(float))
            throw new InvalidDataException(
                $"The weights resource '{resourceName}' holds {stream.Length} bytes; the model declares {expectedCount} floats.");
        var weights = new float[expectedCount];
        Span<byte> bytes = MemoryMarshal.AsBytes(weights.AsSpan());
        stream.ReadExactly(bytes);
        string sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (!string.Equals(sha, expectedSha256, StringComparison.OrdinalIgnoreCase))
            throw new InvalidDataException($"The weights resource '{resourceName}' has SHA-256 {sha}; the model declares {expectedSha256}.");
        if (!BitConverter.IsLittleEndian)
        {
            Span<int> words = MemoryMarshal.Cast<float, int>(weights.AsSpan());
            for (int i = 0; i < words.Length; i++) words[i] = System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(words[i]);
        }
        return weights;
    }
}
