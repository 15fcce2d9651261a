namespace Cin.Engine.Finishing;

/// <summary>How much of the photo's own colour survives stylization (<c>--keep-colors</c>).</summary>
public enum ColorKeeping
{
    /// <summary>The style's colours (the network's output as it is).</summary>
    Off,

    /// <summary>
    /// Luminance transfer: the stylized picture's lightness with the photo's own chroma at every pixel (Oklab L from
    /// the stylized picture, a and b from the photo). The strokes and shading are the style's, every colour is the
    /// photo's, exactly where the photo had it.
    /// </summary>
    Luminance,

    /// <summary>
    /// Histogram matching: the stylized picture's lightness and its own chroma variation, remapped so that the
    /// distribution of each chroma axis (Oklab a and b) matches the photo's. The brush strokes keep their colour
    /// texture but in the photo's palette; colours are not tied to the photo's pixels, so they can wander.
    /// </summary>
    Histogram,
}
