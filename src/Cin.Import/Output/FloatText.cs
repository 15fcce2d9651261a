using System.Globalization;

namespace Cin.Import.Output;

/// <summary>
/// The shortest decimal text that parses back to the same float32 ("R" is shortest round-trip since .NET Core 3.0),
/// always with the invariant culture so that a German machine does not write decimal commas.
/// </summary>
internal static class FloatText
{
    public static string Format(float value) => value.ToString("R", CultureInfo.InvariantCulture);
}
