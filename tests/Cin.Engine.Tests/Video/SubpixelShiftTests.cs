using Cin.Engine.Video;

namespace Cin.Engine.Tests.Video;

public sealed class SubpixelShiftTests
{
    /// <summary>The plain twin: every output pixel from its four clamped taps, one channel at a time.</summary>
    private static FeatureMap Reference(FeatureMap map, float dy, float dx)
    {
        FeatureMap Pass(FeatureMap m, float shift, bool horizontal)
        {
            var (whole, w0, w1, w2, w3) = SubpixelShift.Weights(shift);
            float[] w = [w0, w1, w2, w3];
            var output = new FeatureMap(m.Height, m.Width, m.Channels);
            for (int y = 0; y < m.Height; y++)
            for (int x = 0; x < m.Width; x++)
            for (int c = 0; c < m.Channels; c++)
            {
                float sum = 0;
                for (int k = 0; k < 4; k++)
                {
                    int sy = horizontal ? y : Math.Clamp(y + whole - 1 + k, 0, m.Height - 1);
                    int sx = horizontal ? Math.Clamp(x + whole - 1 + k, 0, m.Width - 1) : x;
                    sum += w[k] * m[sy, sx, c];
                }
                output[y, x, c] = sum;
            }
            return output;
        }
        var across = dx == 0 ? map : Pass(map, dx, true);
        return dy == 0 ? across : Pass(across, dy, false);
    }

    [Theory]
    [InlineData(0.5f, 0.5f, 17, 23)]
    [InlineData(-0.3f, 0.25f, 5, 40)]
    [InlineData(0f, -0.45f, 9, 3)]
    [InlineData(0.2f, 0f, 2, 1)]
    [InlineData(1.5f, -2.25f, 12, 12)]
    public void MatchesItsReference(float dy, float dx, int height, int width)
    {
        var random = new Random(height * 100 + width);
        var map = new FeatureMap(height, width, 3);
        for (int i = 0; i < map.Length; i++) map.Data[i] = (float)random.NextDouble();
        var fast = SubpixelShift.Apply(map, dy, dx, threads: 2);
        var reference = Reference(map, dy, dx);
        for (int i = 0; i < map.Length; i++) Assert.Equal(reference.Data[i], fast.Data[i], 1e-5);
    }

    [Fact]
    public void AWholePixelShiftMovesExactlyAndHalfAndHalfBackIsCloseToTheStart()
    {
        var map = new FeatureMap(8, 8, 3);
        for (int y = 0; y < 8; y++) for (int x = 0; x < 8; x++) for (int c = 0; c < 3; c++) map[y, x, c] = 0.5f + 0.3f * MathF.Sin(0.7f * x + 0.4f * y + c);
        var moved = SubpixelShift.Apply(map, 0, 1);
        for (int y = 0; y < 8; y++) for (int x = 1; x < 8; x++) Assert.Equal(map[y, x - 1, 0], moved[y, x, 0], 1e-6);
        var there = SubpixelShift.Apply(map, 0.5f, 0.5f);
        var back = SubpixelShift.Apply(there, -0.5f, -0.5f);
        for (int y = 2; y < 6; y++) for (int x = 2; x < 6; x++) Assert.Equal(map[y, x, 1], back[y, x, 1], 0.02);
    }
}
