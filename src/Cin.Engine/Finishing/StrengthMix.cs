using Cin.Engine.Kernels;

namespace Cin.Engine.Finishing;

/// <summary>
/// Mixes the photo back into the stylized picture: <c>--strength</c> and <c>--keep-colors</c>, in one pass in Oklab.
/// </summary>
/// <remarks>
/// <para>
/// Where strength blends. It could blend inside the network, but conditional instance norm has no "no style"
/// gamma/beta to move towards (the network reproduces no photo at any setting), so the blend is between pictures:
/// strength 0 is the photo exactly, 1 is the style exactly. Between pictures there are three candidate spaces:
/// </para>
/// <list type="bullet">
/// <item>sRGB codes, like a layer-opacity slider: cheap, but halfway between complementary colours is a muddy dark
/// grey, and steps of the slider are not steps of equal visual change.</item>
/// <item>Linear light: right for mixing light (resizing, blur), wrong for "how much style": the brighter picture
/// dominates, so at 0.5 a dark brush stroke over a bright sky is already lifted most of the way to the sky, and most
/// of the visible change is crammed into the top of the slider.</item>
/// <item>Oklab (chosen): L follows perceived lightness, so 0.25, 0.5, 0.75 look like even steps, strokes fade evenly,
/// and a/b interpolate hue along straight lines without the grey dip. It is also the space of
/// <see cref="ColorKeeping"/>, so the two compose: with kept colours, strength moves only the lightness.</item>
/// </list>
/// <para>Results outside sRGB keep their lightness and hue and lose chroma until they fit (<see cref="Oklab.ToSrgb"/>).</para>
/// </remarks>
public static class StrengthMix
{
    /// <summary>True when <see cref="Apply"/> would leave the stylized picture as it is.</summary>
    public static bool IsIdentity(float strength, ColorKeeping keep) => strength >= 1 && keep == ColorKeeping.Off;

    /// <summary>
    /// Replaces <paramref name="stylized"/> with photo + strength * (target - photo) in Oklab, where target is the
    /// stylized picture with the colour treatment of <paramref name="keep"/>. Both maps are sRGB-encoded, same size.
    /// </summary>
    public static void Apply(FeatureMap photo, FeatureMap stylized, float strength, ColorKeeping keep, int threads = 1)
    {
        if (photo.Width != stylized.Width || photo.Height != stylized.Height || photo.Channels != 3 || stylized.Channels != 3)
            throw new ArgumentException("The photo and the stylized picture must be RGB maps of the same size.");
        if (!(strength >= 0 && strength <= 1)) throw new ArgumentOutOfRangeException(nameof(strength), strength, "Strength must be in [0,1].");
        if (IsIdentity(strength, keep)) return;

        // Histogram matching needs the whole picture's chroma distributions before any pixel is mapped.
        ChromaMapping? mapping = keep == ColorKeeping.Histogram ? ChromaMapping.Between(stylized, photo, threads) : null;

        RowParallel.For(photo.Height, RowThreads(photo.Height, threads), y => MixRow(photo.Row(y), stylized.Row(y), strength, keep, mapping));
    }

    /// <summary>
    /// <see cref="Apply"/> for one row (or any run of pixels): <paramref name="src"/> is the photo's, <paramref name="dst"/>
    /// the stylized picture's, replaced in place.
    /// <paramref name="mapping"/> is the whole picture's (<see cref="ChromaMapping"/>) when <paramref name="keep"/> is
    /// <see cref="ColorKeeping.Histogram"/>, else unused. The photo pipeline finishes a large photo a band at a time with it.
    /// </summary>
    internal static void MixRow(ReadOnlySpan<float> src, Span<float> dst, float strength, ColorKeeping keep, ChromaMapping? mapping)
    {
        for (int i = 0; i + 2 < dst.Length; i += 3)
        {
            Oklab.FromSrgb(src[i], src[i + 1], src[i + 2], out float lp, out float ap, out float bp);
            Oklab.FromSrgb(dst[i], dst[i + 1], dst[i + 2], out float ls, out float @as, out float bs);
            switch (keep)
            {
                case ColorKeeping.Luminance:
                    @as = ap;
                    bs = bp;
                    break;
                case ColorKeeping.Histogram:
                    @as = mapping!.A.Map(@as);
                    bs = mapping.B.Map(bs);
                    break;
            }
            Oklab.ToSrgb(lp + strength * (ls - lp), ap + strength * (@as - ap), bp + strength * (bs - bp),
                out dst[i], out dst[i + 1], out dst[i + 2]);
        }
    }

    /// <summary>Below this many rows a finishing pass runs on the calling thread: waking the pool costs more.</summary>
    internal const int MinRowsForThreads = 64;

    internal static int RowThreads(int height, int threads) => height < MinRowsForThreads ? 1 : threads;
}
