using System.Globalization;
using System.Text;
using Cin.Engine.Imaging;
using Cin.Engine.Styles;

namespace Cin.Engine.Learning;

/// <summary>
/// Where an interrupted <c>cin learn</c> stands: the row, Adam's state, the step and how many crops were drawn, with
/// what it was learning (the painting's hash, the model's weights, the settings) so that <c>--resume</c> refuses a
/// checkpoint of another run rather than continue it with the wrong things. A text file like a style file; numbers are
/// written to round-trip exactly, so a resumed run continues bit for bit.
/// </summary>
public sealed record LearnCheckpoint(
    string Name,
    string Model,
    string ModelFingerprint,
    string PaintingSha256,
    string Settings,
    int Step,
    long Draws,
    float[] Row,
    double[] FirstMoment,
    double[] SecondMoment)
{
    public const string FormatLine = "format cin-learn-checkpoint 1";
    public const string Extension = ".cinlearn";
    private const int MaxBytes = 16 << 20;

    /// <summary>The settings that must match for a run to resume (the step count may grow).</summary>
    public static string SettingsKey(LearnSettings s) => string.Create(CultureInfo.InvariantCulture,
        $"batch={s.Batch} crop={s.Crop} style-size={s.StyleSize} lr={s.LearningRate:R} calibration={s.CalibrationCrops} seed={s.Seed} " +
        $"content={s.Weights.Content:R} style={s.Weights.Style:R} tv={s.Weights.TotalVariation:R}");

    public void Write(string path)
    {
        var sb = new StringBuilder();
        sb.Append(FormatLine).Append('\n');
        sb.Append("name ").Append(Name).Append('\n');
        sb.Append("model ").Append(Model).Append(" sha256=").Append(ModelFingerprint).Append('\n');
        sb.Append("painting sha256=").Append(PaintingSha256).Append('\n');
        sb.Append("settings ").Append(Settings).Append('\n');
        sb.Append("step ").Append(Step.ToString(CultureInfo.InvariantCulture)).Append('\n');
        sb.Append("draws ").Append(Draws.ToString(CultureInfo.InvariantCulture)).Append('\n');
        sb.Append("row").AppendJoin("", Row.Select(v => " " + v.ToString("R", CultureInfo.InvariantCulture))).Append('\n');
        sb.Append("adam-m").AppendJoin("", FirstMoment.Select(v => " " + v.ToString("R", CultureInfo.InvariantCulture))).Append('\n');
        sb.Append("adam-v").AppendJoin("", SecondMoment.Select(v => " " + v.ToString("R", CultureInfo.InvariantCulture))).Append('\n');
        AtomicFile.Write(path, overwrite: true, stream => stream.Write(Encoding.UTF8.GetBytes(sb.ToString())));
    }

    /// <summary>Reads a checkpoint; any problem is a <see cref="StyleFileException"/> naming the file (and line).</summary>
    public static LearnCheckpoint Read(string path)
    {
        string text;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists) throw new StyleFileException(path, 0, "no such checkpoint");
            if (info.Length > MaxBytes) throw new StyleFileException(path, 0, $"is {info.Length} bytes, too large for a checkpoint");
            text = File.ReadAllText(path, new UTF8Encoding(false, throwOnInvalidBytes: true));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DecoderFallbackException)
        {
            throw new StyleFileException(path, 0, $"could not be read: {e.Message}", e);
        }
        var lines = text.Split('\n');
        var fields = new Dictionary<string, (string Value, int Line)>();
        if (lines.Length == 0 || lines[0].TrimEnd('\r') != FormatLine) throw new StyleFileException(path, 1, $"not a checkpoint: the first line must be '{FormatLine}'");
        for (int i = 1; i < lines.Length; i++)
        {
            string line = lines[i].TrimEnd('\r');
            if (line.Length == 0) continue;
            int space = line.IndexOf(' ');
            string key = space < 0 ? line : line[..space];
            if (!fields.TryAdd(key, (space < 0 ? "" : line[(space + 1)..], i + 1)))
                throw new StyleFileException(path, i + 1, $"a second '{Printable(key)}' line");
        }
        (string Value, int Line) Field(string key) => fields.TryGetValue(key, out var v) ? v : throw new StyleFileException(path, 0, $"has no '{key}' line");
        var model = Field("model");
        string[] modelParts = model.Value.Split(' ');
        if (modelParts.Length != 2 || !modelParts[1].StartsWith("sha256=", StringComparison.Ordinal))
            throw new StyleFileException(path, model.Line, "'model' must be '<name> sha256=<hex>'");
        var painting = Field("painting");
        if (!painting.Value.StartsWith("sha256=", StringComparison.Ordinal)) throw new StyleFileException(path, painting.Line, "'painting' must be 'sha256=<hex>'");
        var row = Floats(Field("row"));
        var m = Doubles(Field("adam-m"));
        var v = Doubles(Field("adam-v"));
        if (m.Length != row.Length || v.Length != row.Length) throw new StyleFileException(path, 0, "the row and Adam's state differ in length");
        return new LearnCheckpoint(Field("name").Value, modelParts[0], modelParts[1][7..], painting.Value[7..], Field("settings").Value,
            Integer(Field("step")), Integer(Field("draws")), row, m, v);

        int Integer((string Value, int Line) f) =>
            int.TryParse(f.Value, NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : throw new StyleFileException(path, f.Line, "not a whole number");
        float[] Floats((string Value, int Line) f) => f.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s =>
            float.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out float x) && float.IsFinite(x) ? x
                : throw new StyleFileException(path, f.Line, "not a list of finite numbers")).ToArray();
        double[] Doubles((string Value, int Line) f) => f.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s =>
            double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double x) && double.IsFinite(x) ? x
                : throw new StyleFileException(path, f.Line, "not a list of finite numbers")).ToArray();
    }

    private static string Printable(string s) => new(s.Take(40).Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
