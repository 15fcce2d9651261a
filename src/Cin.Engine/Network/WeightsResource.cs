using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Cin.Engine.Network;

/// <summary>
/// Reads a model's <c>weights.bin</c>, embedded in the assembly as a manifest resource. The length is checked on every
/// load; the SHA-256 in Debug builds and by the tests (see <see cref="Read"/>).
/// </summary>
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
#if DEBUG
        // Release builds skip this: .NET hashes through OpenSSL, and loading and configuring libssl and libcrypto cost
        // several milliseconds of every start, for a check of what the same build embedded. The tests verify every
        // built-in model's resource against its declared hash (WeightsResourceTests), and so does every Debug run.
        Verify(bytes, resourceName, expectedSha256);
#endif
        if (!BitConverter.IsLittleEndian)
        {
            Span<int> words = MemoryMarshal.Cast<float, int>(weights.AsSpan());
            for (int i = 0; i < words.Length; i++) words[i] = System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(words[i]);
        }
        return weights;
    }

    /// <summary>The SHA-256 of an embedded resource, in lower-case hex (for the tests that check each model's).</summary>
    public static string Sha256(Assembly assembly, string resourceName)
    {
        using var stream = assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"The weights resource '{resourceName}' is missing from {assembly.GetName().Name}.");
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static void Verify(ReadOnlySpan<byte> bytes, string resourceName, string expectedSha256)
    {
        string sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (!string.Equals(sha, expectedSha256, StringComparison.OrdinalIgnoreCase))
            throw new InvalidDataException($"The weights resource '{resourceName}' has SHA-256 {sha}; the model declares {expectedSha256}.");
    }
}
