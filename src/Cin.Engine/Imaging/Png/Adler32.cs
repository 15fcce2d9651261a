namespace Cin.Engine.Imaging.Png;

/// <summary>
/// The Adler-32 checksum a zlib stream ends with, of the uncompressed bytes. Each piece of a PNG's filtered rows is
/// summed on the thread that compresses it, and <see cref="Combine"/> joins the pieces' sums in order, so the whole
/// stream is never summed in one pass.
/// </summary>
internal static class Adler32
{
    public const uint Start = 1;

    private const uint Modulus = 65521;

    // The most bytes whose sums cannot overflow 32 bits before the modulo (zlib's NMAX).
    private const int MaxRun = 5552;

    public static uint Compute(ReadOnlySpan<byte> data, uint adler = Start)
    {
        uint a = adler & 0xFFFF, b = adler >> 16;
        while (!data.IsEmpty)
        {
            int n = Math.Min(data.Length, MaxRun);
            ReadOnlySpan<byte> run = data[..n];
            int i = 0;
            for (; i + 4 <= n; i += 4)
            {
                a += run[i]; b += a;
                a += run[i + 1]; b += a;
                a += run[i + 2]; b += a;
                a += run[i + 3]; b += a;
            }
            for (; i < n; i++) { a += run[i]; b += a; }
            a %= Modulus;
            b %= Modulus;
            data = data[n..];
        }
        return (b << 16) | a;
    }

    /// <summary>
    /// The Adler-32 of A followed by B from A's and B's own: B's bytes each add A's sum to the running sum once more
    /// (b grows by <paramref name="secondLength"/> times (a_A - 1) beyond B's own b), and a just adds B's bytes.
    /// </summary>
    public static uint Combine(uint first, uint second, long secondLength)
    {
        ulong a1 = first & 0xFFFF, b1 = first >> 16, a2 = second & 0xFFFF, b2 = second >> 16;
        ulong length = (ulong)(secondLength % Modulus);
        ulong a = (a1 + a2 + Modulus - 1) % Modulus;
        ulong b = (b1 + b2 + length * a1 % Modulus + Modulus - length) % Modulus;
        return (uint)((b << 16) | a);
    }
}
