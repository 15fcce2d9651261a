using System.Text;
using Cin.Engine.Styles;
using Cin.Engine.Tests.Icc;
using CsCheck;

namespace Cin.Engine.Tests.Styles;

/// <summary>
/// Style files are shared between people, so their reader takes hostile input. Properties: (1) any byte-level mutation
/// of a real style file is read as a style or refused with one <see cref="StyleFileException"/> line that names the
/// file, never another exception; a style that is read then binds to the model or is refused the same way; (2) any
/// valid style written and read back is the same style, bit for bit. The budget and the replay knobs are the ICC
/// fuzz tests' (CIN_FUZZ_SECONDS, CIN_FUZZ_ITERATIONS, CIN_FUZZ_SEED).
/// </summary>
public sealed class StyleFileFuzzTests(ITestOutputHelper output)
{
    private static readonly Lazy<TinyNetwork> Tiny = new(() => new TinyNetwork(new float[TinyNetwork.WeightCount]));
    private static readonly byte[] Seed = Encoding.UTF8.GetBytes(StyleFileFormat.Format(StyleFileTests.TinyStyle(), "a comment"));

    [Fact]
    public void MutatedFilesAreReadOrRefusedInOneLine()
    {
        var counts = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        var budget = FuzzBudget.Iterations(3_000);
        Gen.Select(Mutation.Any.Array[1, 6], Gen.Bool).Sample((mutations, text) =>
        {
            byte[] bytes = text ? MutateText(mutations) : Mutation.ApplyAll(Seed, mutations);
            string outcome;
            try
            {
                var style = StyleFileFormat.Parse(bytes, "f.cinstyle");
                LearnedStyleBinding.Bind(style, Tiny.Value, "f.cinstyle");
                outcome = "read and bound";
            }
            catch (StyleFileException e)
            {
                Assert.StartsWith("f.cinstyle", e.Message);
                Assert.DoesNotContain(e.Message, c => char.IsControl(c));
                outcome = e.Line > 0 ? "refused at a line" : "refused";
            }
            counts.AddOrUpdate(outcome, 1, (_, n) => n + 1);
        }, seed: FuzzBudget.Seed, iter: budget.Count, time: budget.Seconds,
            print: m => $"{m.Item1.Length} mutations, text={m.Item2}: {Convert.ToBase64String(m.Item2 ? MutateText(m.Item1) : Mutation.ApplyAll(Seed, m.Item1))}");
        foreach (var (outcome, n) in counts) output.WriteLine($"{outcome}: {n}");
        Assert.True(counts.ContainsKey("refused at a line"), "no mutation was refused: the property tested nothing");
    }

    /// <summary>Mutations of the text's tokens rather than its bytes, which reach the number and name checks more often.</summary>
    private static byte[] MutateText(Mutation[] mutations)
    {
        var words = Encoding.UTF8.GetString(Seed).Split(' ').ToList();
        string[] replacements = ["", "-", "nan", "1e39", "-0", "gamma", "beta", "norm", "\n", "\r\n", "\u202e", "\u001b", "9999999999", "0x10", "1,5"];
        foreach (var m in mutations)
        {
            int at = (int)(m.At * (words.Count - 1));
            switch ((int)(m.Value % 3))
            {
                case 0: words[at] = replacements[(int)(m.From * (replacements.Length - 1))]; break;
                case 1: words.RemoveAt(at); if (words.Count == 0) words.Add(""); break;
                default: words.Insert(at, words[(int)(m.From * (words.Count - 1))]); break;
            }
        }
        return Encoding.UTF8.GetBytes(string.Join(' ', words));
    }

    [Fact]
    public void AnyValidStyleSurvivesWritingAndReading()
    {
        var name = Gen.Select(Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789"].Array[1, 12], Gen.Char['a', 'z'],
            (chars, letter) => letter + new string(chars));
        var value = Gen.Float[-1000f, 1000f];
        var row = Gen.Int[1, 9].SelectMany(n => Gen.Select(value.Array[n], value.Array[n]));
        var gen = Gen.Select(name, Gen.String[Gen.Char.AlphaNumeric, 1, 40], row.Array[1, 5], Gen.Int[0, 100_000], Gen.Double[0, 100],
            (n, painting, rows, steps, loss) => new LearnedStyle(n, "tiny", new string('e', 64), new PaintingSource(painting + ".jpg", new string('f', 64)),
                steps, new StyleLosses(loss, loss / 2, loss / 3), rows.Select((r, i) => new NormRow($"layer/{i}", r.Item1, r.Item2)).ToList()));
        gen.Sample(style =>
        {
            var back = StyleFileFormat.Parse(Encoding.UTF8.GetBytes(StyleFileFormat.Format(style)), "f");
            Assert.Equal(style.Name, back.Name);
            Assert.Equal(style.Painting, back.Painting);
            Assert.Equal(style.Steps, back.Steps);
            Assert.Equal(style.Losses.Style, back.Losses.Style, tolerance: style.Losses.Style * 1e-5); // losses are written to 6 digits
            for (int i = 0; i < style.Norms.Count; i++)
            {
                Assert.Equal(style.Norms[i].Gamma, back.Norms[i].Gamma);
                Assert.Equal(style.Norms[i].Beta, back.Norms[i].Beta);
            }
        }, seed: FuzzBudget.Seed, iter: 500);
    }
}
