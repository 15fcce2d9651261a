namespace Cin.Engine.Photos;

/// <summary>
/// A painted-by-numbers landscape (sky, sun, mountains, hills, a lake, a house) for contact sheets when no photo is
/// given: smooth gradients, hard edges, saturated and muted colours and some fine texture, so that every style has
/// something to work on. Drawn from formulas, so cin needs no bundled photo.
/// </summary>
public static class SampleScene
{
    public static FeatureMap Create(int width = 480, int height = 320)
    {
        var map = new FeatureMap(height, width, 3);
        for (int py = 0; py < height; py++)
        {
            Span<float> row = map.Row(py);
            for (int px = 0; px < width; px++)
            {
                var (r, g, b) = Pixel((px + 0.5) / width, (py + 0.5) / height, (double)width / height);
                row[3 * px] = (float)Math.Clamp(r, 0, 1);
                row[3 * px + 1] = (float)Math.Clamp(g, 0, 1);
                row[3 * px + 2] = (float)Math.Clamp(b, 0, 1);
            }
        }
        return map;
    }

    /// <param name="x">0..1 left to right.</param>
    /// <param name="y">0..1 top to bottom.</param>
    private static (double R, double G, double B) Pixel(double x, double y, double aspect)
    {
        const double horizon = 0.62;
        double mountain = 0.42 + 0.07 * Math.Sin(x * 9.0 + 1.3) + 0.04 * Math.Sin(x * 23.0) + 0.015 * Math.Sin(x * 71.0);
        double hill = 0.55 + 0.05 * Math.Sin(x * 5.0 + 4.0) + 0.02 * Math.Sin(x * 17.0 + 1.0);

        // The lake mirrors the scene above the horizon, darker and bluer, with ripples.
        if (y > horizon && x < 0.62 + 0.1 * Math.Sin(y * 12))
        {
            // Mirrored to just above the horizon at most, so the reflection never reflects itself.
            double mirrored = Math.Min(horizon - 1e-6, 2 * horizon - y + 0.004 * Math.Sin(y * 260 + x * 40));
            var (r, g, b) = Pixel(x, Math.Max(0, mirrored), aspect);
            return (0.55 * r + 0.05, 0.6 * g + 0.08, 0.7 * b + 0.16);
        }
        if (y > hill)
        {
            // Meadow with stripes of grass and a small red house with a dark roof.
            double grass = 0.5 + 0.5 * Math.Sin(x * 300 + Math.Sin(y * 90) * 3);
            double hx = (x - 0.78) * aspect, hy = y - 0.7;
            if (hx is > -0.07 and < 0.07 && hy is > -0.02 and < 0.08) return hx is > -0.015 and < 0.015 && hy > 0.03 ? (0.25, 0.15, 0.1) : (0.78, 0.2, 0.16);
            if (hy < -0.02 && hy > -0.08 + Math.Abs(hx) * 0.85) return (0.22, 0.18, 0.22);
            double shade = 0.75 + 0.25 * (1 - (y - hill) * 2.5);
            return ((0.25 + 0.06 * grass) * shade, (0.52 + 0.12 * grass) * shade, (0.18 + 0.04 * grass) * shade);
        }
        if (y > mountain)
        {
            double snow = y < mountain + 0.035 ? 1 : 0;
            double t = (y - mountain) / 0.25;
            return snow > 0 ? (0.92, 0.93, 0.97) : (0.32 + 0.12 * t, 0.36 + 0.1 * t, 0.5 - 0.05 * t);
        }

        // Sky: deep blue at the top to a warm haze at the horizon, a sun with a soft glow, two bands of cloud.
        double sx = (x - 0.26) * aspect, sy = y - 0.2;
        double d = Math.Sqrt(sx * sx + sy * sy);
        if (d < 0.07) return (1.0, 0.95, 0.72);
        double glow = Math.Exp(-d * 9) * 0.55;
        double k = y / horizon;
        double cloud = Math.Max(0, Math.Sin(x * 7 + y * 30) * Math.Exp(-Math.Pow((y - 0.14) * 22, 2))) * 0.45;
        return (0.2 + 0.6 * k + glow + cloud, 0.38 + 0.45 * k + 0.8 * glow + cloud, 0.75 + 0.15 * k + 0.3 * glow + cloud);
    }
}
