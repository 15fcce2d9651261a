using System.Globalization;

namespace Cin.Import.Features;

/// <summary>
/// Zero padding on each side of a convolution or pooling window, in ONNX's order (top, left, bottom, right). It
/// need not be symmetric: the CNTK-exported ResNet pads its stride-2 windows 1 top/left and 0 bottom/right.
/// </summary>
internal sealed record Padding(int Top, int Left, int Bottom, int Right)
{
    public static Padding None { get; } = new(0, 0, 0, 0);

    /// <summary>K/2 on every side: what keeps the size of a stride-1 K x K window with odd K.</summary>
    public static Padding Same(int kernel) => new(kernel / 2, kernel / 2, kernel / 2, kernel / 2);

    /// <summary>model.txt's <c>pad=top,left,bottom,right</c>.</summary>
    public string ToModelText() => string.Join(",", new[] { Top, Left, Bottom, Right }.Select(p => p.ToString(CultureInfo.InvariantCulture)));
}
