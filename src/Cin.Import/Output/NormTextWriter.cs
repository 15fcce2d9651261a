using System.Globalization;
using System.Text;
using Cin.Import.Model;

namespace Cin.Import.Output;

/// <summary>norm.txt: per layer, per style, a gamma line then a beta line, each with the layer's out numbers.</summary>
internal static class NormTextWriter
{
    public static byte[] Build(ImportedModel model)
    {
        var file = new TextFile();
        foreach (ConvLayer conv in model.Convs)
        {
            for (int style = 0; style < conv.StyleCount; style++)
            {
                file.Line(Row(conv, style, "gamma", conv.Gamma));
                file.Line(Row(conv, style, "beta", conv.Beta));
            }
        }
        return file.ToBytes();
    }

    private static string Row(ConvLayer conv, int style, string parameter, float[] table)
    {
        var line = new StringBuilder();
        line.Append(conv.Name).Append(' ').Append(style.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(parameter);
        for (int c = 0; c < conv.Out; c++) line.Append(' ').Append(FloatText.Format(table[style * conv.Out + c]));
        return line.ToString();
    }
}
