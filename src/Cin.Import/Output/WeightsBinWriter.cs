using System.Buffers.Binary;
using Cin.Import.Model;

namespace Cin.Import.Output;

/// <summary>weights.bin: every kernel as float32 little-endian, in model.txt order, no header.</summary>
internal static class WeightsBinWriter
{
    public static byte[] Build(ImportedModel model)
    {
        var bytes = new byte[checked(model.WeightCount * sizeof(float))];
        int offset = 0;
        foreach (ConvLayer conv in model.Convs)
        {
            foreach (float w in conv.Weights)
            {
                BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(offset), w);
                offset += sizeof(float);
            }
        }
        return bytes;
    }
}
