using Cin.Import.Magenta;
using Cin.Import.Output;

namespace Cin.Import.Tests;

/// <summary>
/// styles/magenta/ is the importer's output and nothing else: a fresh import must reproduce it byte for byte,
/// so a hand edit or a change to the importer cannot go unnoticed.
/// </summary>
public sealed class CommittedModelTests
{
    [Fact]
    public void Committed_folder_equals_a_fresh_import()
    {
        byte[] graph = RepoPaths.ReadSharedMagentaGraphOrSkip();
        var files = ModelFiles.Build(MagentaImporter.Import(graph));

        foreach (var (name, bytes) in files)
        {
            string committed = Path.Combine(RepoPaths.MagentaFolder, name);
            Assert.True(File.Exists(committed), $"{committed} is missing; run cin-import");
            Assert.True(bytes.AsSpan().SequenceEqual(File.ReadAllBytes(committed)),
                $"{committed} differs from a fresh import; run: dotnet run --project src/Cin.Import -- <stylize_quantized.pb> styles/magenta");
        }
        var expected = files.Select(f => f.Name).Order(StringComparer.Ordinal);
        var present = Directory.GetFiles(RepoPaths.MagentaFolder).Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(expected, present);
    }
}
