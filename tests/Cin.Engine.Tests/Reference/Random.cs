namespace Cin.Engine.Tests.Reference;

internal static class RandomData
{
    public static float[] Uniform(int seed, int length, float low = -1, float high = 1)
    {
        var random = new System.Random(seed);
        var data = new float[length];
        for (int i = 0; i < data.Length; i++) data[i] = low + (high - low) * random.NextSingle();
        return data;
    }

    /// <summary>Weights scaled as in He initialisation, so activations neither vanish nor explode across layers.</summary>
    public static float[] HeWeights(int seed, int kernel, int inChannels, int outChannels)
    {
        float bound = MathF.Sqrt(6f / (kernel * kernel * inChannels));
        return Uniform(seed, kernel * kernel * inChannels * outChannels, -bound, bound);
    }

    public static float MaxAbsDifference(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        Assert.Equal(a.Length, b.Length);
        float max = 0;
        for (int i = 0; i < a.Length; i++) max = MathF.Max(max, MathF.Abs(a[i] - b[i]));
        return max;
    }
}
