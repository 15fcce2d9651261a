namespace Cin.Import.Magenta;

/// <summary>
/// Turns Magenta's 8-bit weights into float32 exactly as styles/README.md specifies:
/// <c>w = min + q * ((max - min) / 255)</c>, every step in float32. The scale is computed once, as TensorFlow's
/// Dequantize op does, so that q = 0 gives min exactly. (TensorFlow's QuantizedConv2D instead rounds min to a
/// multiple of the scale to get an integer zero point; the difference is under half a quantization step and is
/// not what the format documents.)
/// </summary>
internal static class Dequantizer
{
    public static float[] Dequantize(ReadOnlySpan<byte> quantized, float min, float max)
    {
        float scale = (max - min) / 255f;
        var weights = new float[quantized.Length];
        for (int i = 0; i < quantized.Length; i++) weights[i] = min + quantized[i] * scale;
        return weights;
    }
}
