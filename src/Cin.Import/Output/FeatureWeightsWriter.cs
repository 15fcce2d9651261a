using System.Buffers.Binary;
using Cin.Import.Features;

namespace Cin.Import.Output;

/// <summary>
/// weights.bin of a feature network: for each conv in model.txt order, its HWIO kernel then its bias, as
/// little-endian float32 or float16 (rounded to nearest, ties to even), no header.
/// </summary>
internal static class FeatureWeightsWriter
{
    public static byte[] Build(FeatureNetwork network, WeightStorage storage)
    {
        int size = storage.BytesPerValue();
        var bytes = new byte[checked(network.ValueCount * size)];
        int offset = 0;
        foreach (FeatureConv conv in network.Convs)
        {
            foreach (float[] part in new[] { conv.Weights, conv.Bias })
            {
                foreach (float value in part)
                {
                    if (storage == WeightStorage.Float16) BinaryPrimitives.WriteHalfLittleEndian(bytes.AsSpan(offset), (Half)value);
                    else BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(offset), value);
                    offset += size;
                }
            }
        }
        return bytes;
    }
}
