using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Cin.Network.Tests.Snapshots;

/// <summary>
/// Three photos, each stylized with three Magenta styles at 256 px on the long side, against the committed
/// <c>PHOTO.STYLE.verified.png</c> files in this folder. Regenerate with <c>CIN_UPDATE_SNAPSHOTS=1</c>, then look at them.
/// </summary>
public class SnapshotTests(ITestOutputHelper output)
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var (photo, _) in PhotoPipeline.Photos)
            foreach (var (style, _) in PhotoPipeline.Styles)
                data.Add(photo, style);
        return data;
    }

    private static readonly Dictionary<string, Lazy<Image<Rgb24>>> Inputs = PhotoPipeline.Photos.ToDictionary(
        p => p.Label, p => new Lazy<Image<Rgb24>>(() => PhotoPipeline.LoadResized(p.File)));

    private static string Alias(string style) => PhotoPipeline.Styles.Single(s => s.Label == style).Alias;

    [Theory]
    [MemberData(nameof(Cases))]
    public void Stylized_photo_matches_its_snapshot(string photo, string style)
    {
        if (PhotoPipeline.SkipReason() is { } reason) Assert.Skip(reason);
        var input = Inputs[photo].Value;
        Assert.Equal(PhotoPipeline.LongSide, Math.Max(input.Width, input.Height));

        using var stylized = PhotoPipeline.Stylize(input, PhotoPipeline.Style(Alias(style)));
        Assert.Equal((input.Width, input.Height), (stylized.Width, stylized.Height));
        string name = $"{photo}.{style}";
        if (File.Exists(Snapshot.VerifiedPath(name)) && !Snapshot.Updating)
        {
            using var verified = Image.Load<Rgb24>(Snapshot.VerifiedPath(name));
            if (verified.Width == stylized.Width && verified.Height == stylized.Height)
                output.WriteLine($"{name}: {Snapshot.Compare(verified, stylized)}");
        }
        Snapshot.Verify(stylized, name);
    }

    [Fact]
    public void The_tolerance_still_catches_a_one_percent_style_change()
    {
        if (PhotoPipeline.SkipReason() is { } reason) Assert.Skip(reason);
        var network = PhotoPipeline.Network;
        var input = Inputs["kodim21"].Value;
        int index = network.Info.Find("19")!.Index;
        var weights = new float[network.Info.Styles.Count];

        weights[index] = 1;
        using var exact = PhotoPipeline.Stylize(input, network.Style(weights));
        weights[index] = 0.99f; // every gamma and beta of the style scaled by 0.99
        using var scaled = PhotoPipeline.Stylize(input, network.Style(weights));
        var styleChange = Snapshot.Compare(exact, scaled);
        output.WriteLine($"gamma/beta x0.99: {styleChange}");
        Assert.False(styleChange.WithinTolerance, $"a 1% gamma/beta change passes the tolerance: {styleChange}");

        // The output misplaced by one pixel, as an off-by-one in framing or cropping would do.
        using var left = exact.Clone(x => x.Crop(new Rectangle(0, 0, input.Width - 1, input.Height)));
        using var right = exact.Clone(x => x.Crop(new Rectangle(1, 0, input.Width - 1, input.Height)));
        var shift = Snapshot.Compare(left, right);
        output.WriteLine($"one-pixel shift: {shift}");
        Assert.False(shift.WithinTolerance, $"a one-pixel shift passes the tolerance: {shift}");
    }

    [Fact]
    public void Stylizing_is_repeatable_in_process()
    {
        if (PhotoPipeline.SkipReason() is { } reason) Assert.Skip(reason);
        var input = Inputs["canal"].Value;
        var style = PhotoPipeline.Style("24");
        var first = PhotoPipeline.StylizeMap(input, style);
        var second = PhotoPipeline.StylizeMap(input, style);
        Assert.True(first.Span.SequenceEqual(second.Span), "two runs with the same threads gave different floats");
    }
}
