using System.Text;

namespace Cin.Import.Output;

/// <summary>
/// Builds a text file with '\n' line ends and UTF-8 without a byte-order mark, whatever the platform, so that
/// the importer writes the same bytes everywhere and the committed files can be compared byte for byte.
/// </summary>
internal sealed class TextFile
{
    private readonly StringBuilder _text = new();

    public TextFile Line(string line)
    {
        _text.Append(line).Append('\n');
        return this;
    }

    public byte[] ToBytes() => new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(_text.ToString());
}
