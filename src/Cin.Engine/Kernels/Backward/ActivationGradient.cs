using System.Runtime.Intrinsics;

namespace Cin.Engine.Kernels.Backward;

/// <summary>
/// The gradient through the activation after a norm, from the activation's saved output <c>y</c>:
/// <c>g *= y &gt; 0</c> for ReLU (its derivative is 1 where the output is positive, 0 elsewhere) and
/// <c>g *= y (1 - y)</c> for the sigmoid. Reading the output, not the input, means nothing else need be kept.
/// </summary>
public static class ActivationGradient
{
    /// <summary><paramref name="gradient"/> (with respect to the output) becomes the gradient with respect to the input.</summary>
    public static void Apply(ReadOnlySpan<float> output, Span<float> gradient, Activation activation)
    {
        if (output.Length != gradient.Length) throw new ArgumentException("The output and its gradient differ in length.", nameof(gradient));
        switch (activation)
        {
            case Activation.Relu: Relu(output, gradient); break;
            case Activation.Sigmoid: Sigmoid(output, gradient); break;
        }
    }

    private static void Relu(ReadOnlySpan<float> y, Span<float> g)
    {
        int i = 0, n = y.Length;
        ref float yr = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(y);
        ref float gr = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(g);
        if (Vector512.IsHardwareAccelerated)
            for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                var mask = Vector512.GreaterThan(Vector512.LoadUnsafe(ref yr, (nuint)i), Vector512<float>.Zero);
                Vector512.BitwiseAnd(mask, Vector512.LoadUnsafe(ref gr, (nuint)i)).StoreUnsafe(ref gr, (nuint)i);
            }
        if (Vector256.IsHardwareAccelerated)
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var mask = Vector256.GreaterThan(Vector256.LoadUnsafe(ref yr, (nuint)i), Vector256<float>.Zero);
                Vector256.BitwiseAnd(mask, Vector256.LoadUnsafe(ref gr, (nuint)i)).StoreUnsafe(ref gr, (nuint)i);
            }
        if (Vector128.IsHardwareAccelerated)
            for (; i <= n - Vector128<float>.Count; i += Vector128<float>.Count)
            {
                var mask = Vector128.GreaterThan(Vector128.LoadUnsafe(ref yr, (nuint)i), Vector128<float>.Zero);
                Vector128.BitwiseAnd(mask, Vector128.LoadUnsafe(ref gr, (nuint)i)).StoreUnsafe(ref gr, (nuint)i);
            }
        for (; i < n; i++)
            if (!(y[i] > 0)) g[i] = 0;
    }

    private static void Sigmoid(ReadOnlySpan<float> y, Span<float> g)
    {
        int i = 0, n = y.Length;
        ref float yr = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(y);
        ref float gr = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(g);
        if (Vector512.IsHardwareAccelerated)
            for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                var v = Vector512.LoadUnsafe(ref yr, (nuint)i);
                (Vector512.LoadUnsafe(ref gr, (nuint)i) * (v * (Vector512<float>.One - v))).StoreUnsafe(ref gr, (nuint)i);
            }
        if (Vector256.IsHardwareAccelerated)
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var v = Vector256.LoadUnsafe(ref yr, (nuint)i);
                (Vector256.LoadUnsafe(ref gr, (nuint)i) * (v * (Vector256<float>.One - v))).StoreUnsafe(ref gr, (nuint)i);
            }
        if (Vector128.IsHardwareAccelerated)
            for (; i <= n - Vector128<float>.Count; i += Vector128<float>.Count)
            {
                var v = Vector128.LoadUnsafe(ref yr, (nuint)i);
                (Vector128.LoadUnsafe(ref gr, (nuint)i) * (v * (Vector128<float>.One - v))).StoreUnsafe(ref gr, (nuint)i);
            }
        for (; i < n; i++)
            g[i] *= y[i] * (1 - y[i]);
    }
}
