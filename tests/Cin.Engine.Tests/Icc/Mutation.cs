using System.Buffers.Binary;
using CsCheck;

namespace Cin.Engine.Tests.Icc;

internal enum MutationKind { FlipBit, SetByte, SetWord, SetTagField, Truncate, Insert, Delete, CopyChunk }

/// <summary>
/// One edit of a file, as corruption or a hostile writer makes it. Positions are fractions of the length, so a
/// mutation means something on any input, and shrinking moves it towards the start of the file.
/// </summary>
internal readonly record struct Mutation(MutationKind Kind, double At, double From, uint Value)
{
    public static Gen<Mutation> Any { get; } = Gen.Select(Gen.Enum<MutationKind>(), Gen.Double[0, 1], Gen.Double[0, 1], Gen.UInt,
        (kind, at, from, value) => new Mutation(kind, at, from, value));

    public static byte[] ApplyAll(byte[] input, Mutation[] mutations)
    {
        byte[] bytes = input;
        foreach (var m in mutations) bytes = m.Apply(bytes);
        return bytes;
    }

    /// <summary>A mutated copy; the input is left alone.</summary>
    public byte[] Apply(byte[] input)
    {
        var bytes = new List<byte>(input);
        int n = bytes.Count;
        int at = Position(At, n), from = Position(From, n);
        switch (Kind)
        {
            case MutationKind.FlipBit when n > 0:
                bytes[at] ^= (byte)(1 << (int)(Value & 7));
                break;
            case MutationKind.SetByte when n > 0:
                bytes[at] = (byte)Value;
                break;
            case MutationKind.SetWord when n >= 4:
                WriteWord(bytes, Math.Min(at, n - 4), Interesting(n));
                break;
            case MutationKind.SetTagField when n >= 144:
            {
                // A field of a tag table entry: its signature, offset or size, where the reader trusts the file most.
                int count = (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(input.AsSpan(128)), (uint)((n - 132) / 12));
                if (count == 0) break;
                int entry = 132 + 12 * Math.Min((int)(At * count), count - 1);
                WriteWord(bytes, entry + 4 * (int)(Value % 3), Interesting(n));
                break;
            }
            case MutationKind.Truncate:
                bytes.RemoveRange(at, n - at);
                break;
            case MutationKind.Insert:
            {
                uint value = Value;
                int length = (int)(value % 64) + 1;
                bytes.InsertRange(at, Enumerable.Range(0, length).Select(i => (byte)(value >> (8 * (i % 4)))));
                break;
            }
            case MutationKind.Delete:
                bytes.RemoveRange(at, Math.Min(n - at, (int)(Value % 256) + 1));
                break;
            case MutationKind.CopyChunk when n > 0:
            {
                int length = Math.Min((int)(Value % 128) + 1, n - from);
                var chunk = bytes.GetRange(from, length);
                for (int i = 0; i < length && at + i < n; i++) bytes[at + i] = chunk[i];
                break;
            }
        }
        return bytes.ToArray();
    }

    private static int Position(double fraction, int length) => length == 0 ? 0 : Math.Min((int)(fraction * length), length - 1);

    /// <summary>Values at the edges of what a reader checks: zero, one, signed and unsigned limits, the file's own length.</summary>
    private uint Interesting(int length)
    {
        uint[] values =
        [
            0, 1, 2, 4, 8, 12, 13, 14, 20, 28, 127, 128, 255, 256, 1000, 1001, 65535, 65536, 65537,
            0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFE, 0xFFFF_FFFF,
            (uint)length, (uint)length - 1, (uint)length + 1, (uint)length - 12, (uint)length / 2,
        ];
        // Half the time one of those, half the time the raw random word.
        return (Value & 1) == 0 ? values[(Value >> 1) % (uint)values.Length] : Value;
    }

    private static void WriteWord(List<byte> bytes, int at, uint value)
    {
        for (int i = 0; i < 4; i++) bytes[at + i] = (byte)(value >> (24 - 8 * i));
    }
}
