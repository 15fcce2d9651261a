using System.Buffers.Binary;
using System.Text;

namespace Cin.Import.Protobuf;

/// <summary>
/// One field as it appears on the wire. <see cref="Offset"/> is the field's position in the whole file, so that
/// an error deep inside a nested message still points at a byte the user can find with a hex viewer.
/// </summary>
internal readonly struct ProtoField
{
    public ProtoField(int number, WireType wireType, ulong scalar, ReadOnlyMemory<byte> payload, int offset, int payloadOffset)
    {
        Number = number;
        WireType = wireType;
        Scalar = scalar;
        Payload = payload;
        Offset = offset;
        PayloadOffset = payloadOffset;
    }

    public int Number { get; }
    public WireType WireType { get; }

    /// <summary>The value of a varint, fixed32 or fixed64 field (raw bits for the fixed ones).</summary>
    public ulong Scalar { get; }

    /// <summary>The bytes of a length-delimited field.</summary>
    public ReadOnlyMemory<byte> Payload { get; }

    public int Offset { get; }
    public int PayloadOffset { get; }

    public ProtoReader Nested() => new(Payload, PayloadOffset, "its enclosing message");

    /// <summary>Rejects a field whose wire type does not fit the schema, naming the field by its schema path.</summary>
    public ProtoField Expect(WireType expected, string fieldName)
    {
        if (WireType != expected)
        {
            throw new ModelImportException(
                $"invalid protobuf at byte {Offset} ({fieldName} has wire type {WireType.Describe()}, expected {expected.Describe()})");
        }
        return this;
    }

    public string AsString(string fieldName) =>
        Encoding.UTF8.GetString(Expect(WireType.LengthDelimited, fieldName).Payload.Span);

    public long AsInt64(string fieldName) => (long)Expect(WireType.Varint, fieldName).Scalar;

    /// <summary>int32 fields are sign-extended to 64 bits on the wire; the low half is the value.</summary>
    public int AsInt32(string fieldName) => unchecked((int)Expect(WireType.Varint, fieldName).Scalar);

    public bool AsBool(string fieldName) => Expect(WireType.Varint, fieldName).Scalar != 0;

    public float AsFloat(string fieldName) =>
        BitConverter.Int32BitsToSingle(unchecked((int)(uint)Expect(WireType.Fixed32, fieldName).Scalar));

    /// <summary>
    /// Appends the values of a repeated varint field, which an encoder may write packed (one length-delimited run)
    /// or unpacked (one field per value); a parser must accept both.
    /// </summary>
    public void AppendVarints(List<long> values, string fieldName)
    {
        if (WireType == WireType.Varint)
        {
            values.Add((long)Scalar);
            return;
        }
        Expect(WireType.LengthDelimited, fieldName);
        var reader = new ProtoReader(Payload, PayloadOffset, $"packed {fieldName}");
        while (!reader.AtEnd) values.Add((long)reader.ReadVarint());
    }

    /// <summary>Like <see cref="AppendVarints"/>, for a repeated float field.</summary>
    public void AppendFloats(List<float> values, string fieldName)
    {
        if (WireType == WireType.Fixed32)
        {
            values.Add(AsFloat(fieldName));
            return;
        }
        Expect(WireType.LengthDelimited, fieldName);
        ReadOnlySpan<byte> bytes = Payload.Span;
        if (bytes.Length % 4 != 0)
        {
            throw new ModelImportException(
                $"invalid protobuf at byte {PayloadOffset} (packed {fieldName} is {bytes.Length} bytes, not a multiple of 4)");
        }
        for (int i = 0; i < bytes.Length; i += 4) values.Add(BinaryPrimitives.ReadSingleLittleEndian(bytes[i..]));
    }
}
