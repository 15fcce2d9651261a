namespace Cin.Engine.Imaging.Icc;

/// <summary>
/// An ICC tone reproduction curve: encoded value in [0,1] to linear light in [0,1]. Evaluated through a table
/// with linear interpolation, which is how the curve is applied to every pixel.
/// </summary>
internal abstract class ToneCurve
{
    public abstract double Evaluate(double x);

    public static ToneCurve Gamma(double gamma) => new GammaCurve(gamma);

    public static ToneCurve Table(double[] table) => new TableCurve(table);

    /// <summary>ICC parametric curve types 0-4 (ICC.1:2010 table 65), parameters g, a, b, c, d, e, f.</summary>
    public static ToneCurve Parametric(int type, double[] p) => new ParametricCurve(type, p);

    /// <summary>The sRGB curve (IEC 61966-2-1), which ICC type 3 expresses exactly.</summary>
    public static ToneCurve Srgb { get; } = new ParametricCurve(3, [2.4, 1 / 1.055, 0.055 / 1.055, 1 / 12.92, 0.04045, 0, 0]);

    /// <summary>True when this curve is the sRGB curve to within a fraction of one 8-bit level everywhere.</summary>
    public bool IsCloseToSrgb()
    {
        for (int i = 0; i <= 255; i++)
        {
            double x = i / 255.0;
            if (Math.Abs(Evaluate(x) - Srgb.Evaluate(x)) > 0.5 / 255) return false;
        }
        return true;
    }

    /// <summary>A lookup table of <paramref name="size"/> + 1 samples over [0,1].</summary>
    public float[] Sample(int size)
    {
        var table = new float[size + 1];
        for (int i = 0; i <= size; i++) table[i] = (float)Math.Clamp(Evaluate((double)i / size), 0, 1);
        return table;
    }

    private sealed class GammaCurve(double gamma) : ToneCurve
    {
        public override double Evaluate(double x) => Math.Pow(Math.Clamp(x, 0, 1), gamma);
    }

    private sealed class TableCurve(double[] table) : ToneCurve
    {
        public override double Evaluate(double x)
        {
            if (table.Length == 1) return table[0];
            double position = Math.Clamp(x, 0, 1) * (table.Length - 1);
            int i = Math.Min((int)position, table.Length - 2);
            double t = position - i;
            return table[i] + t * (table[i + 1] - table[i]);
        }
    }

    private sealed class ParametricCurve(int type, double[] p) : ToneCurve
    {
        public override double Evaluate(double x)
        {
            x = Math.Clamp(x, 0, 1);
            double g = p[0], a = p[1], b = p[2], c = p[3], d = p[4], e = p[5], f = p[6];
            double y = type switch
            {
                0 => Math.Pow(x, g),
                1 => x >= -b / a ? Math.Pow(a * x + b, g) : 0,
                2 => x >= -b / a ? Math.Pow(a * x + b, g) + c : c,
                3 => x >= d ? Math.Pow(a * x + b, g) : c * x,
                4 => x >= d ? Math.Pow(a * x + b, g) + e : c * x + f,
                _ => x,
            };
            return double.IsFinite(y) ? y : 0;
        }
    }
}
