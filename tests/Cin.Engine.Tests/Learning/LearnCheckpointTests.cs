using Cin.Engine.Learning;
using Cin.Engine.Styles;

namespace Cin.Engine.Tests.Learning;

public sealed class LearnCheckpointTests
{
    [Fact]
    public void RoundTripsBitForBit()
    {
        using var folder = new TempFolder();
        string path = Path.Combine(folder.Path, "x" + LearnCheckpoint.Extension);
        var checkpoint = new LearnCheckpoint("my-style", "magenta", new string('a', 64), new string('b', 64), LearnCheckpoint.SettingsKey(new LearnSettings()),
            17, 68, [0.1f, -3.4028235E+38f, 1e-45f], [1.0 / 3, -0.0, 5e-324], [2.0 / 3, 1e300, 0]);
        checkpoint.Write(path);
        var back = LearnCheckpoint.Read(path);
        Assert.Equal(checkpoint with { Row = [], FirstMoment = [], SecondMoment = [] }, back with { Row = [], FirstMoment = [], SecondMoment = [] });
        Assert.Equal(checkpoint.Row, back.Row);
        Assert.Equal(checkpoint.FirstMoment, back.FirstMoment);
        Assert.Equal(checkpoint.SecondMoment, back.SecondMoment);
    }

    [Theory]
    [InlineData("format cin-style 1\n", "x:1: not a checkpoint: the first line must be 'format cin-learn-checkpoint 1'")]
    [InlineData("format cin-learn-checkpoint 1\nname a\n", "x: has no 'model' line")]
    [InlineData("format cin-learn-checkpoint 1\nstep 1\nstep 2\n", "x:3: a second 'step' line")]
    public void RefusesABrokenCheckpointInOneLine(string text, string expected)
    {
        using var folder = new TempFolder();
        string path = Path.Combine(folder.Path, "x");
        File.WriteAllText(path, text);
        var e = Assert.Throws<StyleFileException>(() => LearnCheckpoint.Read(path));
        Assert.Equal(expected.Replace("x", path).Replace(path + ":1: not a checkpoint", path + ":1: not a checkpoint"), e.Message.Replace(path, path));
    }
}
