using System.Runtime.Intrinsics;

namespace Cin.Engine.Kernels;

/// <summary>The skip connection of a residual block: <c>x += skip</c>.</summary>
public static class ResidualAdd
{
    public static void Apply(Span<float> x, ReadOnlySpan<float> skip)
    {
        if (skip.Length != x.Length) throw new ArgumentException("The two maps differ in size.", nameof(skip));
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= x.Length - Vector256<float>.Count; i += Vector256<float>.Count)
                (Vector256.Create(x.Slice(i)) + Vector256.Create(skip.Slice(i))).CopyTo(x.Slice(i));
        }
        if (Vector128.IsHardwareAccelerated)
        {
            for (; i <= x.Length - Vector128<float>.Count; i += Vector128<float>.Count)
                (Vector128.Create(x.Slice(i)) + Vector128.Create(skip.Slice(i))).CopyTo(x.Slice(i));
        }
        for (; i < x.Length; i++)
            x[i] += skip[i];
    }
}
