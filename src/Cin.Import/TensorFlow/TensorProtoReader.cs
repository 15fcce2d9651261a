using Cin.Import.Protobuf;

namespace Cin.Import.TensorFlow;

/// <summary>
/// Decodes a TensorProto (tensor.proto): dtype = 1, tensor_shape = 2, tensor_content = 4, float_val = 5,
/// int_val = 7; a TensorShapeProto has dim = 2, and a dim has size = 1.
/// </summary>
internal static class TensorProtoReader
{
    public static TensorValue Read(ProtoField message)
    {
        int dtype = 0;
        long[] shape = [];
        ReadOnlyMemory<byte> content = default;
        var floats = new List<float>();
        var ints = new List<long>();
        var reader = message.Nested();
        while (reader.TryRead(out ProtoField field))
        {
            switch (field.Number)
            {
                case 1: dtype = field.AsInt32("TensorProto.dtype"); break;
                case 2: shape = ReadShape(field.Expect(WireType.LengthDelimited, "TensorProto.tensor_shape")); break;
                case 4: content = field.Expect(WireType.LengthDelimited, "TensorProto.tensor_content").Payload; break;
                case 5: field.AppendFloats(floats, "TensorProto.float_val"); break;
                case 7: field.AppendVarints(ints, "TensorProto.int_val"); break;
            }
        }
        return new TensorValue { DataType = dtype, Shape = shape, Content = content, FloatValues = floats, IntValues = ints };
    }

    private static long[] ReadShape(ProtoField message)
    {
        var dims = new List<long>();
        var reader = message.Nested();
        while (reader.TryRead(out ProtoField field))
        {
            if (field.Number != 2) continue;
            long size = 0;
            var dimReader = field.Expect(WireType.LengthDelimited, "TensorShapeProto.dim").Nested();
            while (dimReader.TryRead(out ProtoField dimField))
            {
                if (dimField.Number == 1) size = dimField.AsInt64("TensorShapeProto.Dim.size");
            }
            dims.Add(size);
        }
        return [.. dims];
    }
}
