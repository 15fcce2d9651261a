using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Cin.Engine.Imaging.Png;

/// <summary>
/// PNG's Paeth filter (type 4) for encoding: each byte less the one of its left, upper and upper-left neighbours
/// nearest to left + upper - upper-left. Encoding reads only unfiltered bytes, so unlike decoding no byte waits for
/// the one before it, and 32 (or 16) bytes are filtered a step in 16-bit lanes. Paeth is the filter because it gave
/// the smallest files of any single filter on stylized images, within 1% of choosing the best per row
/// (docs/everyday/png-encoding.md), at a fraction of adaptive filtering's cost.
/// </summary>
internal static class PngPaethFilter
{
    public const byte FilterType = 4;

    /// <summary>Filters one row of <paramref name="bytesPerPixel"/>-byte pixels against the row above (zeros for the first row).</summary>
    public static void Apply(ReadOnlySpan<byte> row, ReadOnlySpan<byte> above, int bytesPerPixel, Span<byte> filtered)
    {
        int length = row.Length;
        if (above.Length < length || filtered.Length < length) throw new ArgumentException("The rows differ in length.");
        int start = Math.Min(bytesPerPixel, length);
        // The first pixel has no left neighbour: left and upper-left count as 0, so the predictor is the byte above.
        for (int i = 0; i < start; i++) filtered[i] = (byte)(row[i] - above[i]);
        int x = start;
        ref byte r = ref MemoryMarshal.GetReference(row);
        ref byte u = ref MemoryMarshal.GetReference(above);
        ref byte f = ref MemoryMarshal.GetReference(filtered);
        if (Vector256.IsHardwareAccelerated)
        {
            for (; x + Vector256<byte>.Count <= length; x += Vector256<byte>.Count)
            {
                var left = Vector256.LoadUnsafe(ref r, (nuint)(x - bytesPerPixel));
                var up = Vector256.LoadUnsafe(ref u, (nuint)x);
                var upLeft = Vector256.LoadUnsafe(ref u, (nuint)(x - bytesPerPixel));
                var low = Predict(Vector256.WidenLower(left), Vector256.WidenLower(up), Vector256.WidenLower(upLeft));
                var high = Predict(Vector256.WidenUpper(left), Vector256.WidenUpper(up), Vector256.WidenUpper(upLeft));
                (Vector256.LoadUnsafe(ref r, (nuint)x) - Vector256.Narrow(low, high)).StoreUnsafe(ref f, (nuint)x);
            }
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            for (; x + Vector128<byte>.Count <= length; x += Vector128<byte>.Count)
            {
                var left = Vector128.LoadUnsafe(ref r, (nuint)(x - bytesPerPixel));
                var up = Vector128.LoadUnsafe(ref u, (nuint)x);
                var upLeft = Vector128.LoadUnsafe(ref u, (nuint)(x - bytesPerPixel));
                var low = Predict(Vector128.WidenLower(left), Vector128.WidenLower(up), Vector128.WidenLower(upLeft));
                var high = Predict(Vector128.WidenUpper(left), Vector128.WidenUpper(up), Vector128.WidenUpper(upLeft));
                (Vector128.LoadUnsafe(ref r, (nuint)x) - Vector128.Narrow(low, high)).StoreUnsafe(ref f, (nuint)x);
            }
        }
        for (; x < length; x++)
            filtered[x] = (byte)(row[x] - Predict(row[x - bytesPerPixel], above[x], above[x - bytesPerPixel]));
    }

    private static byte Predict(byte left, byte up, byte upLeft)
    {
        int toLeft = Math.Abs(up - upLeft), toUp = Math.Abs(left - upLeft), toUpLeft = Math.Abs(left + up - 2 * upLeft);
        return toLeft <= toUp && toLeft <= toUpLeft ? left : toUp <= toUpLeft ? up : upLeft;
    }

    // The same choice in lanes: p = left + up - upLeft, and the distances of p to left, up and upLeft are |up - upLeft|,
    // |left - upLeft| and |(up - upLeft) + (left - upLeft)|; ties go to left, then up.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ushort> Predict(Vector256<ushort> left, Vector256<ushort> up, Vector256<ushort> upLeft)
    {
        var fromUp = up.AsInt16() - upLeft.AsInt16();
        var fromLeft = left.AsInt16() - upLeft.AsInt16();
        var toLeft = Vector256.Abs(fromUp);
        var toUp = Vector256.Abs(fromLeft);
        var toUpLeft = Vector256.Abs(fromUp + fromLeft);
        var takeLeft = Vector256.LessThanOrEqual(toLeft, toUp) & Vector256.LessThanOrEqual(toLeft, toUpLeft);
        var takeUp = Vector256.LessThanOrEqual(toUp, toUpLeft);
        return Vector256.ConditionalSelect(takeLeft.AsUInt16(), left, Vector256.ConditionalSelect(takeUp.AsUInt16(), up, upLeft));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ushort> Predict(Vector128<ushort> left, Vector128<ushort> up, Vector128<ushort> upLeft)
    {
        var fromUp = up.AsInt16() - upLeft.AsInt16();
        var fromLeft = left.AsInt16() - upLeft.AsInt16();
        var toLeft = Vector128.Abs(fromUp);
        var toUp = Vector128.Abs(fromLeft);
        var toUpLeft = Vector128.Abs(fromUp + fromLeft);
        var takeLeft = Vector128.LessThanOrEqual(toLeft, toUp) & Vector128.LessThanOrEqual(toLeft, toUpLeft);
        var takeUp = Vector128.LessThanOrEqual(toUp, toUpLeft);
        return Vector128.ConditionalSelect(takeLeft.AsUInt16(), left, Vector128.ConditionalSelect(takeUp.AsUInt16(), up, upLeft));
    }
}
