using System.Buffers.Binary;
using System.Text;

namespace Cin.Network.Tests.Reference;

/// <summary>
/// The few parts of the protobuf wire format an ONNX model needs: varints (wire type 0), length-delimited fields
/// (type 2: strings, bytes, nested messages) and fixed32 floats (type 5). Fields are written in the order the caller
/// gives them; protobuf readers accept any order.
/// </summary>
internal sealed class ProtoWriter
{
    private const int Varint = 0, LengthDelimited = 2, Fixed32 = 5;

    private readonly MemoryStream _stream = new();

    public byte[] ToArray() => _stream.ToArray();

    public ProtoWriter Int(int field, long value)
    {
        Tag(field, Varint);
        // Negative int32/int64 values are written as their 64-bit two's complement, as protobuf does.
        WriteVarint(unchecked((ulong)value));
        return this;
    }

    public ProtoWriter Float(int field, float value)
    {
        Tag(field, Fixed32);
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(bytes, value);
        _stream.Write(bytes);
        return this;
    }

    public ProtoWriter String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    public ProtoWriter Bytes(int field, ReadOnlySpan<byte> value)
    {
        Tag(field, LengthDelimited);
        WriteVarint((ulong)value.Length);
        _stream.Write(value);
        return this;
    }

    /// <summary>A nested message, written into its own buffer first so its length can prefix it.</summary>
    public ProtoWriter Message(int field, Action<ProtoWriter> body)
    {
        var nested = new ProtoWriter();
        body(nested);
        return Bytes(field, nested.ToArray());
    }

    private void Tag(int field, int wireType) => WriteVarint((ulong)((field << 3) | wireType));

    private void WriteVarint(ulong value)
    {
        while (value >= 0x80)
        {
            _stream.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }
        _stream.WriteByte((byte)value);
    }
}
