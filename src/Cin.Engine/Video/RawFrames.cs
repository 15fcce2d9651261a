using System.Buffers.Binary;

namespace Cin.Engine.Video;

/// <summary>Raw RGB frames as ffmpeg pipes them (rgb24, or rgb48le for deep sources) to and from float maps.</summary>
public static class RawFrames
{
    public static int FrameBytes(int width, int height, bool deep) => checked(width * height * 3 * (deep ? 2 : 1));

    public static FeatureMap ToMap(ReadOnlySpan<byte> raw, int width, int height, bool deep)
    {
        var map = FeatureMap.Uninitialized(height, width, 3);
        Span<float> values = map.Span;
        if (deep)
        {
            for (int i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadUInt16LittleEndian(raw.Slice(2 * i)) * (1f / 65535);
        }
        else
        {
            for (int i = 0; i < values.Length; i++) values[i] = raw[i] * (1f / 255);
        }
        return map;
    }

    public static void FromMap(FeatureMap map, Span<byte> raw, bool deep)
    {
        ReadOnlySpan<float> values = map.Span;
        if (deep)
        {
            for (int i = 0; i < values.Length; i++)
                BinaryPrimitives.WriteUInt16LittleEndian(raw.Slice(2 * i), (ushort)Math.Clamp(values[i] * 65535f + 0.5f, 0f, 65535f));
        }
        else
        {
            for (int i = 0; i < values.Length; i++) raw[i] = (byte)Math.Clamp(values[i] * 255f + 0.5f, 0f, 255f);
        }
    }
}
