using Cin.Engine.Video;

namespace Cin.Engine.Tests.Video;

public sealed class MotionTests
{
    /// <summary>The plain twin of <see cref="AbsoluteDifference.Sum"/>.</summary>
    private static double ReferenceSum(float[] a, float[] b)
    {
        double total = 0;
        for (int i = 0; i < a.Length; i++) total += Math.Abs(a[i] - b[i]);
        return total;
    }

    [Fact]
    public void AbsoluteDifferenceMatchesItsReference()
    {
        var random = new Random(7);
        foreach (int length in new[] { 0, 1, 7, 8, 15, 16, 17, 31, 33, 64, 100, 1023 })
        {
            var a = Enumerable.Range(0, length).Select(_ => (float)random.NextDouble()).ToArray();
            var b = Enumerable.Range(0, length).Select(_ => (float)random.NextDouble()).ToArray();
            Assert.Equal(ReferenceSum(a, b), AbsoluteDifference.Sum(a, b), 1e-3 * Math.Max(1, length));
        }
    }

    /// <summary>A textured picture with detail at several scales, so every pyramid level has something to match.</summary>
    private static LumaPlane Texture(int width, int height, int seed, int shiftX = 0, int shiftY = 0)
    {
        var data = new float[width * height];
        var random = new Random(seed);
        var phases = Enumerable.Range(0, 12).Select(_ => random.NextDouble() * 6.28).ToArray();
        for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++)
        {
            // Content at (x - shift): the picture moved by +shift.
            double u = x - shiftX, v = y - shiftY, s = 0;
            for (int k = 0; k < 6; k++)
            {
                double f = 0.02 * (k + 1) * (k + 1);
                s += Math.Sin(f * u + phases[2 * k]) * Math.Cos(0.7 * f * v + phases[2 * k + 1]) / (k + 1);
            }
            data[y * width + x] = (float)(0.5 + 0.2 * s);
        }
        return new LumaPlane(height, width, data);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(3, 0)]
    [InlineData(-5, 2)]
    [InlineData(17, -9)]
    [InlineData(-30, 25)]
    public void FindsAWholePixelPan(int dx, int dy)
    {
        var before = Texture(240, 180, 1);
        var after = Texture(240, 180, 1, dx, dy);
        var motion = MotionEstimator.Estimate(before, after);
        Assert.Equal(dx, motion.Dx, 0.2);
        Assert.Equal(dy, motion.Dy, 0.2);
        Assert.True(motion.Residual < 0.01, $"residual {motion.Residual}");
    }

    [Fact]
    public void TwoUnrelatedPicturesLeaveALargeResidual()
    {
        var motion = MotionEstimator.Estimate(Texture(160, 120, 1), Texture(160, 120, 99));
        Assert.True(motion.Residual > TemporalStylizer.CutResidual, $"residual {motion.Residual}");
    }

    [Fact]
    public void LumaOfRgbAndHalving()
    {
        var rgb = new FeatureMap(2, 2, 3);
        for (int i = 0; i < 4; i++) { rgb.Data[3 * i] = 1; rgb.Data[3 * i + 1] = i / 4f; }
        var luma = LumaPlane.FromRgb(rgb);
        Assert.Equal(0.2126f + 0.7152f * 0.25f, luma.Data[1], 1e-6);
        var half = luma.Half();
        Assert.Equal((1, 1), (half.Height, half.Width));
        Assert.Equal(luma.Data.Average(), half.Data[0], 1e-6);
    }

    [Theory]
    [InlineData(0.0, 0)]
    [InlineData(-3.0, 3)]
    [InlineData(3.0, 1)]
    [InlineData(-4.0, 0)]
    [InlineData(-5.0, 1)]
    [InlineData(-2.5, 3)] // rounds away from zero: -3
    [InlineData(10.4, 2)]
    public void PhaseOffsetUndoesTheTravelModuloTheStride(double travelled, int expected)
    {
        int offset = PhaseAlignment.Offset(travelled, 4);
        Assert.Equal(expected, offset);
        Assert.Equal(0, ((long)Math.Round(travelled, MidpointRounding.AwayFromZero) + offset) % 4);
    }
}
