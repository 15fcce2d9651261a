using System.Numerics;
using System.Runtime.InteropServices;

namespace Cin.Engine.Video;

/// <summary>The sum of |a[i] - b[i]| over two spans, the inner loop of motion matching.</summary>
public static class AbsoluteDifference
{
    public static float Sum(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length) throw new ArgumentException("The spans must have the same length.");
        int n = a.Length, i = 0;
        float total = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<float>.Count)
        {
            var av = MemoryMarshal.Cast<float, Vector<float>>(a);
            var bv = MemoryMarshal.Cast<float, Vector<float>>(b);
            var sum0 = Vector<float>.Zero;
            var sum1 = Vector<float>.Zero;
            int v = 0;
            for (; v + 1 < av.Length; v += 2)
            {
                sum0 += Vector.Abs(av[v] - bv[v]);
                sum1 += Vector.Abs(av[v + 1] - bv[v + 1]);
            }
            if (v < av.Length) sum0 += Vector.Abs(av[v] - bv[v]);
            total = Vector.Sum(sum0 + sum1);
            i = av.Length * Vector<float>.Count;
        }
        for (; i < n; i++) total += MathF.Abs(a[i] - b[i]);
        return total;
    }
}
