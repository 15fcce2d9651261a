using System.Text;
using Cin.Engine.Imaging.Icc;

namespace Cin.Engine.Tests.Icc;

/// <summary>
/// What the fuzz tests found, pinned down: the names the reader takes from a profile go into one-line messages on a
/// terminal, so they must be printable whatever bytes the file holds.
/// </summary>
public sealed class IccProfileReaderTests
{
    [Fact]
    public void ReadsTheSeedProfiles()
    {
        var adobe = IccProfileReader.TryRead(IccProfiles.AdobeRgb());
        Assert.NotNull(adobe);
        Assert.Equal(("RGB", "XYZ", "Adobe RGB (1998)"), (adobe.ColorSpace, adobe.ConnectionSpace, adobe.Description));
        Assert.True(adobe.IsRgbMatrixShaper);
        Assert.True(IccProfileReader.TryRead(IccProfiles.GrayGamma22())!.IsGrayShaper);
        Assert.Equal("CMYK", IccProfileReader.TryRead(IccProfiles.Cmyk())!.ColorSpace);
    }

    [Fact]
    public void AColourSpaceSignatureCannotCarryAnEscapeSequence()
    {
        byte[] profile = IccProfiles.AdobeRgb();
        profile[16] = 0x1B; // ESC [ 2 J: "clear the screen" on most terminals
        "[2J"u8.CopyTo(profile.AsSpan(17));
        profile[20] = 0x10;

        var info = IccProfileReader.TryRead(profile);

        Assert.NotNull(info);
        Assert.Equal("?[2J", info.ColorSpace);
        Assert.Equal("?YZ", info.ConnectionSpace);
    }

    [Fact]
    public void PaddingAfterASignatureIsTrimmedWhetherSpacesOrNuls()
    {
        byte[] profile = IccProfiles.GrayGamma22();
        "GR\0\0"u8.CopyTo(profile.AsSpan(16));

        Assert.Equal("GR", IccProfileReader.TryRead(profile)!.ColorSpace);
    }

    [Theory]
    [InlineData("Evil\u202Egpj.exe", "Evilgpj.exe")]         // a right-to-left override would reorder the rest of the message
    [InlineData("two\u2028lines\u2029here", "twolineshere")] // line and paragraph separators would break the one-line message
    [InlineData("\u200B\u200BZero width", "Zero width")]
    [InlineData("bell\u0007 and \u001B[31mred", "bell and [31mred")]
    public void ANameKeepsOnlyPrintableCharacters(string name, string expected)
    {
        Assert.Equal(expected, IccProfileReader.TryRead(WithMlucName(name))!.Description);
    }

    [Fact]
    public void ALongNameIsCutBetweenCharactersNotInsideOne()
    {
        // 63 letters and then a letter outside the BMP: its surrogate pair would straddle the 64-unit limit.
        string name = new string('a', 63) + "\U00020BB7" + "tail";

        string description = IccProfileReader.TryRead(WithMlucName(name))!.Description;

        Assert.Equal(new string('a', 63), description);
    }

    [Fact]
    public void AnUnpairedSurrogateBecomesTheReplacementCharacter()
    {
        byte[] text = [0xD8, 0x00, 0x00, 0x41]; // a high surrogate followed by 'A'

        Assert.Equal("\uFFFDA", IccProfileReader.TryRead(WithMlucName(text))!.Description);
    }

    private static byte[] WithMlucName(string name) => WithMlucName(Encoding.BigEndianUnicode.GetBytes(name));

    private static byte[] WithMlucName(byte[] utf16) => IccFuzzInputs.WithMlucName(IccProfiles.AdobeRgb(), utf16);
}
