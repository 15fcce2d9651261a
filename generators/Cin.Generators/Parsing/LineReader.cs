using System.Collections.Generic;

namespace Cin.Generators.Parsing;

/// <summary>A line of a text file with its number and its offset in the file, for diagnostic locations.</summary>
internal readonly record struct SourceLine(int Number, int Start, string Text);

internal static class LineReader
{
    public static IEnumerable<SourceLine> Lines(string text)
    {
        int start = 0, number = 0;
        while (start <= text.Length)
        {
            int end = text.IndexOf('\n', start);
            if (end < 0) end = text.Length;
            string line = text.Substring(start, end - start).TrimEnd('\r');
            if (!(end == text.Length && line.Length == 0)) yield return new SourceLine(number, start, line);
            number++;
            start = end + 1;
        }
    }
}
