using Cin.Import.Protobuf;

namespace Cin.Import.Tests;

public sealed class ProtoReaderTests
{
    private static List<ProtoField> ReadAll(byte[] bytes)
    {
        var fields = new List<ProtoField>();
        var reader = ProtoReader.ForFile(bytes);
        while (reader.TryRead(out ProtoField field)) fields.Add(field);
        return fields;
    }

    [Fact]
    public void Reads_each_wire_type_with_its_file_offset()
    {
        byte[] bytes = new ProtoWriter().Varint(1, 300).Fixed32(2, 1.5f).String(3, "hi").ToArray();
        var fields = ReadAll(bytes);

        Assert.Equal([1, 2, 3], fields.Select(f => f.Number));
        Assert.Equal(300L, fields[0].AsInt64("a"));
        Assert.Equal(1.5f, fields[1].AsFloat("b"));
        Assert.Equal("hi", fields[2].AsString("c"));
        Assert.Equal([0, 3, 8], fields.Select(f => f.Offset));
    }

    [Fact]
    public void Nested_offsets_count_from_the_start_of_the_file()
    {
        byte[] bytes = new ProtoWriter().Varint(1, 1).Message(2, m => m.Varint(5, 7)).ToArray();
        ProtoField outer = ReadAll(bytes)[1];
        var nested = outer.Nested();
        Assert.True(nested.TryRead(out ProtoField inner));
        Assert.Equal(4, inner.Offset);
    }

    [Fact]
    public void Accepts_packed_and_unpacked_repeated_values()
    {
        byte[] bytes = new ProtoWriter().PackedVarints(7, [1, -2, 300]).Varint(7, 4).ToArray();
        var values = new List<long>();
        foreach (ProtoField field in ReadAll(bytes)) field.AppendVarints(values, "int_val");
        Assert.Equal([1L, -2L, 300L, 4L], values);
    }

    [Fact]
    public void A_varint_cut_short_is_truncation_at_its_first_byte()
    {
        var e = Assert.Throws<ModelImportException>(() => ReadAll([0x08, 0x80, 0x80]));
        Assert.Equal("truncated protobuf at byte 1 (varint runs past the end of the file)", e.Message);
    }

    [Fact]
    public void A_length_beyond_the_file_is_truncation()
    {
        var e = Assert.Throws<ModelImportException>(() => ReadAll([0x0A, 0x05, 1, 2]));
        Assert.Equal("truncated protobuf at byte 1 (length-delimited field of 5 bytes runs past the end of the file)", e.Message);
    }

    [Fact]
    public void A_length_beyond_the_enclosing_message_is_invalid_not_truncated()
    {
        // Outer field 1 holds 3 bytes: an inner field claiming 9 bytes.
        byte[] bytes = [0x0A, 0x03, 0x0A, 0x09, 0x00, 0x10, 0x01];
        ProtoField outer = ReadAll(bytes)[0];
        var e = Assert.Throws<ModelImportException>(() => { var r = outer.Nested(); r.TryRead(out _); });
        Assert.Equal("invalid protobuf at byte 3 (length-delimited field of 9 bytes runs past the end of its enclosing message)", e.Message);
    }

    [Fact]
    public void A_fixed32_cut_short_is_truncation()
    {
        var e = Assert.Throws<ModelImportException>(() => ReadAll([0x15, 0x00, 0x00]));
        Assert.Equal("truncated protobuf at byte 1 (fixed32 value runs past the end of the file)", e.Message);
    }

    [Fact]
    public void An_overlong_varint_is_invalid()
    {
        byte[] bytes = [0x08, .. Enumerable.Repeat((byte)0xFF, 11), 0x01];
        var e = Assert.Throws<ModelImportException>(() => ReadAll(bytes));
        Assert.Equal("invalid protobuf at byte 1 (varint longer than 10 bytes)", e.Message);
    }

    [Theory]
    [InlineData(0x0E, "wire type 6 does not exist")]
    [InlineData(0x0F, "wire type 7 does not exist")]
    [InlineData(0x0B, "group wire type 3 is not used by GraphDef or ONNX")]
    [InlineData(0x02, "field number 0 is out of range")]
    public void Tags_that_cannot_start_a_graphdef_field_are_invalid(byte tag, string problem)
    {
        var e = Assert.Throws<ModelImportException>(() => ReadAll([tag, 0x00]));
        Assert.Equal($"invalid protobuf at byte 0 ({problem})", e.Message);
    }
}
