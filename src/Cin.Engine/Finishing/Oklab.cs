using System.Runtime.CompilerServices;
using Cin.Engine.Imaging.Color;

namespace Cin.Engine.Finishing;

/// <summary>
/// Björn Ottosson's Oklab (2020), a perceptual colour space: L is perceived lightness, a and b are the green-red and
/// blue-yellow axes, and equal steps look about equally large anywhere in the space. It is computed from linear
/// light with two 3x3 matrices and a cube root, cheap enough per pixel, and unlike CIELAB it keeps hue constant along
/// straight lines towards grey, which matters when chroma is scaled (gamut mapping) or swapped (colour keeping).
/// </summary>
internal static class Oklab
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void FromSrgb(float r, float g, float b, out float l, out float a, out float bb)
    {
        FromLinear(SrgbCurve.Decode(r), SrgbCurve.Decode(g), SrgbCurve.Decode(b), out l, out a, out bb);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void FromLinear(float r, float g, float b, out float l, out float a, out float bb)
    {
        float lc = MathF.Cbrt(0.4122214708f * r + 0.5363325363f * g + 0.0514459929f * b);
        float mc = MathF.Cbrt(0.2119034982f * r + 0.6806995451f * g + 0.1073969566f * b);
        float sc = MathF.Cbrt(0.0883024619f * r + 0.2817188376f * g + 0.6299787005f * b);
        l = 0.2104542553f * lc + 0.7936177850f * mc - 0.0040720468f * sc;
        a = 1.9779984951f * lc - 2.4285922050f * mc + 0.4505937099f * sc;
        bb = 0.0259040371f * lc + 0.7827717662f * mc - 0.8086757660f * sc;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ToLinear(float l, float a, float bb, out float r, out float g, out float b)
    {
        float lc = l + 0.3963377774f * a + 0.2158037573f * bb;
        float mc = l - 0.1055613458f * a - 0.0638541728f * bb;
        float sc = l - 0.0894841775f * a - 1.2914855480f * bb;
        lc = lc * lc * lc;
        mc = mc * mc * mc;
        sc = sc * sc * sc;
        r = 4.0767416621f * lc - 3.3077115913f * mc + 0.2309699292f * sc;
        g = -1.2684380046f * lc + 2.6097574011f * mc - 0.3413193965f * sc;
        b = -0.0041960863f * lc - 0.7034186147f * mc + 1.7076147010f * sc;
    }

    /// <summary>
    /// Oklab to sRGB-encoded values in [0,1]. A colour outside the sRGB gamut keeps its lightness and hue and loses
    /// just enough chroma to fit (bisection on the chroma scale), instead of being clipped per channel, which would
    /// shift its hue; grey at any L in [0,1] is inside, so the search always ends in gamut.
    /// </summary>
    public static void ToSrgb(float l, float a, float bb, out float r, out float g, out float b)
    {
        l = Math.Clamp(l, 0f, 1f);
        ToLinear(l, a, bb, out r, out g, out b);
        const float tolerance = 1e-4f;
        if (!Inside(r, g, b, tolerance))
        {
            float lo = 0, hi = 1;
            for (int i = 0; i < 14; i++)
            {
                float mid = 0.5f * (lo + hi);
                ToLinear(l, a * mid, bb * mid, out r, out g, out b);
                if (Inside(r, g, b, tolerance)) lo = mid; else hi = mid;
            }
            ToLinear(l, a * lo, bb * lo, out r, out g, out b);
        }
        r = SrgbCurve.Encode(r);
        g = SrgbCurve.Encode(g);
        b = SrgbCurve.Encode(b);
    }

    private static bool Inside(float r, float g, float b, float tolerance) =>
        r >= -tolerance && g >= -tolerance && b >= -tolerance && r <= 1 + tolerance && g <= 1 + tolerance && b <= 1 + tolerance;
}
