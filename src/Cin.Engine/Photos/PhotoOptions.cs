using Cin.Engine.Imaging;

namespace Cin.Engine.Photos;

/// <summary>How one photo is stylized and written; the same options serve the CLI and the PowerShell module.</summary>
/// <param name="Quality">JPEG (and lossy WebP) quality, 1..100.</param>
/// <param name="Overwrite">Replace an existing output file.</param>
/// <param name="Threads">Threads inside one image.</param>
public sealed record PhotoOptions(
    int Quality = OutputFormat.DefaultQuality,
    bool Overwrite = false,
    int Threads = 1);
