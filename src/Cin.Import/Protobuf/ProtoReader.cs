namespace Cin.Import.Protobuf;

/// <summary>
/// Reads the protobuf wire format field by field, without a schema. Every malformed case (a value running past
/// the end, an overlong varint, a wire type that does not exist) becomes a <see cref="ModelImportException"/> that
/// names the byte offset in the file, because a cut-off download is the most likely bad input.
/// </summary>
internal struct ProtoReader
{
    private readonly ReadOnlyMemory<byte> _data;
    private readonly int _baseOffset;
    private readonly string _endName;
    private readonly string _cutOff;
    private int _position;

    /// <param name="data">The message's bytes.</param>
    /// <param name="baseOffset">Where <paramref name="data"/> starts in the file, for error messages.</param>
    /// <param name="endName">What the end of <paramref name="data"/> is, for error messages ("the file").</param>
    public ProtoReader(ReadOnlyMemory<byte> data, int baseOffset, string endName)
    {
        _data = data;
        _baseOffset = baseOffset;
        _endName = endName;
        _cutOff = "invalid";
        _position = 0;
    }

    /// <summary>Only at the top level does running past the end mean the file was cut short.</summary>
    public static ProtoReader ForFile(ReadOnlyMemory<byte> file) => new(file, 0, "the file", "truncated");

    private ProtoReader(ReadOnlyMemory<byte> data, int baseOffset, string endName, string cutOff)
        : this(data, baseOffset, endName)
    {
        _cutOff = cutOff;
    }

    public readonly bool AtEnd => _position >= _data.Length;

    private readonly int Absolute(int position) => _baseOffset + position;

    public bool TryRead(out ProtoField field)
    {
        if (AtEnd)
        {
            field = default;
            return false;
        }
        int start = _position;
        ulong tag = ReadVarint();
        var wireType = (WireType)(tag & 7);
        ulong number = tag >> 3;
        if (number == 0 || number > int.MaxValue)
            throw new ModelImportException($"invalid protobuf at byte {Absolute(start)} (field number {number} is out of range)");

        switch (wireType)
        {
            case WireType.Varint:
                field = new ProtoField((int)number, wireType, ReadVarint(), default, Absolute(start), Absolute(_position));
                return true;
            case WireType.Fixed32:
                field = new ProtoField((int)number, wireType, ReadFixed(4), default, Absolute(start), Absolute(_position));
                return true;
            case WireType.Fixed64:
                field = new ProtoField((int)number, wireType, ReadFixed(8), default, Absolute(start), Absolute(_position));
                return true;
            case WireType.LengthDelimited:
                int lengthAt = _position;
                ulong length = ReadVarint();
                if (length > (ulong)(_data.Length - _position))
                {
                    throw new ModelImportException(
                        $"{_cutOff} protobuf at byte {Absolute(lengthAt)} (length-delimited field of {length} bytes runs past the end of {_endName})");
                }
                int payloadStart = _position;
                _position += (int)length;
                field = new ProtoField((int)number, wireType, 0, _data.Slice(payloadStart, (int)length), Absolute(start), Absolute(payloadStart));
                return true;
            case WireType.StartGroup:
            case WireType.EndGroup:
                // Groups are deprecated and neither TensorFlow nor ONNX uses them; seeing one means this is not our input.
                throw new ModelImportException($"invalid protobuf at byte {Absolute(start)} (group wire type {(int)wireType} is not used by GraphDef or ONNX)");
            default:
                throw new ModelImportException($"invalid protobuf at byte {Absolute(start)} (wire type {(int)wireType} does not exist)");
        }
    }

    public ulong ReadVarint()
    {
        int start = _position;
        ReadOnlySpan<byte> span = _data.Span;
        ulong value = 0;
        for (int shift = 0; shift < 70; shift += 7)
        {
            if (_position >= span.Length)
                throw new ModelImportException($"{_cutOff} protobuf at byte {Absolute(start)} (varint runs past the end of {_endName})");
            byte b = span[_position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return value;
        }
        throw new ModelImportException($"invalid protobuf at byte {Absolute(start)} (varint longer than 10 bytes)");
    }

    private ulong ReadFixed(int size)
    {
        if (_data.Length - _position < size)
        {
            throw new ModelImportException(
                $"{_cutOff} protobuf at byte {Absolute(_position)} (fixed{size * 8} value runs past the end of {_endName})");
        }
        ReadOnlySpan<byte> bytes = _data.Span.Slice(_position, size);
        _position += size;
        ulong value = 0;
        for (int i = size - 1; i >= 0; i--) value = (value << 8) | bytes[i];
        return value;
    }
}
