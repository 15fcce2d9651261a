using System.Globalization;

namespace Cin.Engine.Batch;

/// <summary>
/// Sizes in bytes as users type them (<c>--max-memory 1G</c>, <c>-MaxMemory 1500M</c>) and as cin prints them. The
/// units are powers of 1024 (K = KiB, M = MiB, G = GiB, T = TiB), because memory is: "1G" is 1073741824 bytes. The
/// one parser both front ends use, so cin and Convert-CinImage accept exactly the same spellings.
/// </summary>
public static class ByteSize
{
    /// <summary>The spellings, for help texts and error messages.</summary>
    public const string Examples = "1G, 1500M, 800k or a number of bytes";

    /// <summary>
    /// Reads a size: a number (a decimal point allowed with a unit) then an optional unit K, M, G or T (either case),
    /// optionally followed by B or iB ("1GB" and "1GiB" are both 1024^3 bytes). False for anything else, for less than
    /// one byte and for sizes beyond 2^62 bytes.
    /// </summary>
    public static bool TryParse(string? text, out long bytes)
    {
        bytes = 0;
        if (text is null) return false;
        ReadOnlySpan<char> s = text.AsSpan().Trim();
        if (s.EndsWith("iB", StringComparison.OrdinalIgnoreCase) && s.Length > 2 && char.IsLetter(s[^3])) s = s[..^2];
        else if (s.EndsWith("B", StringComparison.OrdinalIgnoreCase) && s.Length > 1 && char.IsLetter(s[^2])) s = s[..^1];
        int shift = s.Length == 0 ? 0 : char.ToUpperInvariant(s[^1]) switch { 'K' => 10, 'M' => 20, 'G' => 30, 'T' => 40, _ => 0 };
        if (shift > 0) s = s[..^1];
        if (s.Length == 0 || !char.IsAsciiDigit(s[0]) && s[0] != '.') return false;

        if (shift == 0)
        {
            // Plain bytes are a whole number: "1.5" bytes means a mistake, not a rounding.
            if (!long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out long whole) || whole < 1) return false;
            bytes = whole;
            return true;
        }
        if (!double.TryParse(s, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double value)) return false;
        double scaled = Math.Round(value * (1L << shift));
        if (!(scaled >= 1 && scaled <= 1L << 62)) return false;
        bytes = (long)scaled;
        return true;
    }

    /// <summary>As <see cref="TryParse"/>, throwing <see cref="FormatException"/> with a one-line message that quotes the text.</summary>
    public static long Parse(string text) => TryParse(text, out long bytes)
        ? bytes
        : throw new FormatException($"'{text}' is not a size; give {Examples} (K, M, G are 1024-based)");

    /// <summary>A size for people, in the same 1024-based units: "512 B", "800 KiB", "4.6 GiB" (three significant figures at most).</summary>
    public static string Format(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
        double value = bytes;
        int unit = 0;
        while (Math.Abs(value) >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        string number = unit == 0 || value >= 100 ? value.ToString("0", CultureInfo.InvariantCulture)
            : value >= 10 ? value.ToString("0.#", CultureInfo.InvariantCulture)
            : value.ToString("0.##", CultureInfo.InvariantCulture);
        return $"{number} {units[unit]}";
    }
}
