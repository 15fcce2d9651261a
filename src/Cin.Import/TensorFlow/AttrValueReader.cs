using Cin.Import.Protobuf;

namespace Cin.Import.TensorFlow;

/// <summary>
/// Decodes an AttrValue (attr_value.proto): list = 1, s = 2, i = 3, b = 5, type = 6, tensor = 8;
/// in a ListValue, i = 3. Other members (float, shape, func, placeholder) are not needed and are skipped.
/// </summary>
internal static class AttrValueReader
{
    public static AttrValue Read(ProtoField message)
    {
        string? s = null;
        long? i = null;
        bool? b = null;
        int? type = null;
        List<long>? list = null;
        TensorValue? tensor = null;
        var reader = message.Nested();
        while (reader.TryRead(out ProtoField field))
        {
            switch (field.Number)
            {
                case 1: list = ReadIntList(field.Expect(WireType.LengthDelimited, "AttrValue.list")); break;
                case 2: s = field.AsString("AttrValue.s"); break;
                case 3: i = field.AsInt64("AttrValue.i"); break;
                case 5: b = field.AsBool("AttrValue.b"); break;
                case 6: type = field.AsInt32("AttrValue.type"); break;
                case 8: tensor = TensorProtoReader.Read(field.Expect(WireType.LengthDelimited, "AttrValue.tensor")); break;
            }
        }
        return new AttrValue { String = s, Int = i, Bool = b, Type = type, IntList = list, Tensor = tensor };
    }

    private static List<long> ReadIntList(ProtoField message)
    {
        var values = new List<long>();
        var reader = message.Nested();
        while (reader.TryRead(out ProtoField field))
        {
            if (field.Number == 3) field.AppendVarints(values, "AttrValue.list.i");
        }
        return values;
    }
}
