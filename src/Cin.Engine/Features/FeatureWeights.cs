using System.Buffers.Binary;
using System.Reflection;
using System.Security.Cryptography;
using Cin.Engine.Network;

namespace Cin.Engine.Features;

/// <summary>
/// Reads a feature network's embedded weights.bin, checked by size and SHA-256 (of the stored bytes): float32 as the
/// style networks' weights are, or float16 (IEEE half, little-endian) widened to float32 once at load.
/// </summary>
public static class FeatureWeights
{
    public const string Float32 = "float32";
    public const string Float16 = "float16";

    public static float[] Read(Assembly assembly, string resourceName, int expectedCount, string expectedSha256, string storage)
    {
        if (storage == Float32) return WeightsResource.Read(assembly, resourceName, expectedCount, expectedSha256);
        if (storage != Float16) throw new ArgumentException($"Unknown weight storage '{storage}' (float32 or float16).", nameof(storage));
        using var stream = assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"The weights resource '{resourceName}' is missing from {assembly.GetName().Name}.");
        if (stream.Length != (long)expectedCount * 2)
            throw new InvalidDataException(
                $"The weights resource '{resourceName}' holds {stream.Length} bytes; the network declares {expectedCount} float16 values.");
        var bytes = new byte[expectedCount * 2];
        stream.ReadExactly(bytes);
        string sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (!string.Equals(sha, expectedSha256, StringComparison.OrdinalIgnoreCase))
            throw new InvalidDataException($"The weights resource '{resourceName}' has SHA-256 {sha}; the network declares {expectedSha256}.");
        var weights = new float[expectedCount];
        for (int i = 0; i < weights.Length; i++) weights[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(bytes.AsSpan(2 * i));
        return weights;
    }
}
