namespace Cin.Engine.Kernels;

/// <summary>
/// Maps a coordinate outside [0, n) back inside by mirroring about the edge pixels (TensorFlow's REFLECT, ONNX's
/// "reflect"). Mirroring repeats with period 2(n-1), so any offset is defined, even where a single reflection would
/// run past the far edge; a one-pixel axis maps everything to 0.
/// </summary>
public static class ReflectIndex
{
    public static int Fold(int i, int n)
    {
        if ((uint)i < (uint)n) return i;
        if (n == 1) return 0;
        int period = 2 * (n - 1);
        i %= period;
        if (i < 0) i += period;
        return i < n ? i : period - i;
    }
}
