namespace Cin.Engine.Kernels.Features;

/// <summary>
/// Zero padding on each side of a map, in ONNX's order (top, left, bottom, right). It may be lopsided: the CNTK
/// ResNet pads its stride-2 windows 1 before and 0 after. Where a window reads padding, a convolution reads zeros and
/// a max-pool ignores the cell.
/// </summary>
public readonly record struct ZeroPadding(int Top, int Left, int Bottom, int Right)
{
    /// <summary>The same padding on every side.</summary>
    public static ZeroPadding Uniform(int pad) => new(pad, pad, pad, pad);

    public bool IsNone => Top == 0 && Left == 0 && Bottom == 0 && Right == 0;

    /// <summary>Output rows of a <paramref name="kernel"/> window moved by <paramref name="stride"/>: (H + top + bottom - K) / S + 1.</summary>
    public int OutputHeight(int height, int kernel, int stride) => OutputSize(height, Top, Bottom, kernel, stride);

    /// <summary>Output columns, likewise with left and right.</summary>
    public int OutputWidth(int width, int kernel, int stride) => OutputSize(width, Left, Right, kernel, stride);

    /// <summary>The output size, or 0 when the padded map is smaller than one window.</summary>
    public static int OutputSize(int size, int before, int after, int kernel, int stride)
    {
        long padded = (long)size + before + after;
        return padded < kernel ? 0 : (int)((padded - kernel) / stride + 1);
    }

    public override string ToString() => $"{Top},{Left},{Bottom},{Right}";
}
