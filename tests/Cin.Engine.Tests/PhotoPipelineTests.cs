using Cin.Engine.Finishing;
using Cin.Engine.Imaging;
using Cin.Engine.Network.Streaming;
using Cin.Engine.Photos;
using Cin.Engine.Tests.Reference;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Advanced;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;

namespace Cin.Engine.Tests;

/// <summary>
/// The photo pipeline on 16-bit pixels (<see cref="PixelPipeline"/>): with the network forced into bands it gives the
/// whole-map result, and it gives what the whole-map float pipeline (<see cref="PhotoStylizer.Stylize"/> and the
/// FeatureMap writer) gave, with every option: work size, strength, both colour keepings, alpha, 16 bits, metadata.
/// </summary>
public sealed class PhotoPipelineTests
{
    private static readonly TinyNetwork Network = new(RandomData.Uniform(7, TinyNetwork.WeightCount, -0.3f, 0.3f));

    // Odd sizes: 45 rows is not a multiple of the 7-row bands, and one-row bands are the smallest there are.
    private const int Width = 67, Height = 45;

    public static TheoryData<string> Cases() => new(Options.Keys);

    private static readonly Dictionary<string, PhotoOptions> Options = new()
    {
        ["plain"] = new PhotoOptions(Threads: 2),
        ["work size"] = new PhotoOptions(Threads: 2) { WorkSize = 40 },
        ["work size larger"] = new PhotoOptions(Threads: 2) { WorkSize = 90 },
        ["strength 0.5"] = new PhotoOptions(Threads: 2) { Strength = 0.5f },
        ["strength 0"] = new PhotoOptions(Threads: 2) { Strength = 0 },
        ["luminance"] = new PhotoOptions(Threads: 2) { KeepColors = ColorKeeping.Luminance },
        ["histogram"] = new PhotoOptions(Threads: 2) { KeepColors = ColorKeeping.Histogram },
        ["histogram, work size, strength 0.5"] = new PhotoOptions(Threads: 2) { KeepColors = ColorKeeping.Histogram, WorkSize = 40, Strength = 0.5f },
    };

    /// <summary>The inputs: an 8-bit JPEG with EXIF (turned a quarter), a PNG with alpha, and a 16-bit PNG.</summary>
    private static string[] WriteInputs(TempFolder folder)
    {
        string jpeg = folder.File("photo.jpg"), alpha = folder.File("alpha.png"), wide = folder.File("wide.png");
        using (var image = TestImages.Gradient(Width, Height))
        {
            image.Metadata.ExifProfile = new ExifProfile();
            image.Metadata.ExifProfile.SetValue(ExifTag.Orientation, (ushort)6);
            image.Metadata.ExifProfile.SetValue(ExifTag.Artist, "pipeline test");
            image.SaveAsJpeg(jpeg, new SixLabors.ImageSharp.Formats.Jpeg.JpegEncoder { Quality = 95 });
        }
        using (var image = TestImages.Gradient(Width, Height, translucent: true)) image.SaveAsPng(alpha);
        using (var image = new Image<Rgb48>(Width, Height))
        {
            for (int y = 0; y < Height; y++)
            for (int x = 0; x < Width; x++)
                image[x, y] = new Rgb48((ushort)(x * 977 + y * 13), (ushort)(y * 1409 + x), (ushort)((x * y * 131) % 65536));
            image.SaveAsPng(wide, new PngEncoder { BitDepth = PngBitDepth.Bit16, ColorType = PngColorType.Rgb });
        }
        return [jpeg, alpha, wide];
    }

    private static StreamOptions Stream(int? bandRows) =>
        new(long.MaxValue / 4, Path.GetTempPath(), 2) { BandRows = bandRows };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Bands_give_the_whole_map_result_within_1e_4(string name)
    {
        using var folder = new TempFolder();
        var options = Options[name];
        var style = Network.Style(1);
        foreach (string input in WriteInputs(folder))
        {
            using var photo = ImageReader.Read(input);
            using var whole = PixelPipeline.Stylize(photo, Network, style, options, bits: 16, Stream(null), TestContext.Current.CancellationToken);
            foreach (int band in new[] { 4, 12 }) // the smallest band, and one that divides no side
            {
                using var copy = ImageReader.Read(input);
                using var banded = PixelPipeline.Stylize(copy, Network, style, options, bits: 16, Stream(band), TestContext.Current.CancellationToken);
                // 1e-4 on [0,1] floats, plus the 16-bit rounding of each side.
                Assert.True(MaxDifference(Wide(whole.Pixels), Wide(banded.Pixels)) <= 1e-4 * 65535 + 1,
                    $"{name}, {Path.GetFileName(input)}, bands of {band}: {MaxDifference(Wide(whole.Pixels), Wide(banded.Pixels))} 16-bit levels apart");
            }
        }
    }

    [Fact]
    public void Forced_bands_stream()
    {
        using var folder = new TempFolder();
        string input = WriteInputs(folder)[0];
        foreach (var (name, options) in Options.Where(o => o.Value.Strength > 0))
        {
            var result = PhotoStylizer.StylizeFile(input, folder.File($"{Options.Keys.ToList().IndexOf(name)}.png"), Network, Network.Style(0),
                options with { BandRows = 12 }, TestContext.Current.CancellationToken);
            Assert.True(result.Network is { Streamed: true, Bands: > 1 }, $"{name}: {result.Network}");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Files_are_what_the_whole_map_float_pipeline_wrote(string name)
    {
        using var folder = new TempFolder();
        var options = Options[name];
        var style = Network.Style(0);
        string[] inputs = WriteInputs(folder);
        foreach (string input in inputs)
        foreach (string extension in new[] { ".png", ".jpg" })
        {
            string stem = Path.GetFileNameWithoutExtension(input);
            string pixels = folder.File($"{stem}.pixels{extension}"), floats = folder.File($"{stem}.floats{extension}");
            string banded = folder.File($"{stem}.banded{extension}");
            var result = PhotoStylizer.StylizeFile(input, pixels, Network, style, options, TestContext.Current.CancellationToken);
            PhotoStylizer.StylizeFile(input, banded, Network, style, options with { BandRows = 12 }, TestContext.Current.CancellationToken);
            WriteWithFloats(input, floats, style, options);

            using var fromPixels = Image.Load<Rgba64>(pixels);
            using var fromFloats = Image.Load<Rgba64>(floats);
            using var fromBands = Image.Load<Rgba64>(banded);
            // Only histogram keeping at the photo's size moves: its result is stored as 16-bit pixels before it is
            // mapped, where the float pipeline kept it as floats. On this small picture the chroma mapping is steep in
            // places (few pixels, gaps in the distribution), so a rounding of 1/131070 can move a pixel by 2 levels;
            // JPEG's quantization then spreads such moves over a block, so that comparison is for PNG only.
            const double levels = 257; // one 8-bit level, in the 16-bit units both files are read in
            bool exact = !(options.KeepColors == ColorKeeping.Histogram && options.WorkSize is null);
            if (exact)
                Assert.True(MaxDifference(fromFloats, fromPixels) == 0, $"{name}, {stem}{extension}: {MaxDifference(fromFloats, fromPixels) / levels} levels from the float pipeline");
            else if (extension == ".png")
                Assert.True(MaxDifference(fromFloats, fromPixels) <= 2 * levels && MeanDifference(fromFloats, fromPixels) <= 0.01 * levels,
                    $"{name}, {stem}{extension}: max {MaxDifference(fromFloats, fromPixels) / levels}, mean {MeanDifference(fromFloats, fromPixels) / levels} levels from the float pipeline");
            // The bound for the written file: a level per channel at most, under 0.01 levels on average (PNG:
            // JPEG's blocks spread a rounding's change, see above).
            if (extension == ".png")
            {
                Assert.True(MeanDifference(fromPixels, fromBands) <= 0.01 * levels, $"{name}, {stem}{extension}: bands differ on average");
                Assert.True(MaxDifference(fromPixels, fromBands) <= levels, $"{name}, {stem}{extension}: bands differ by more than a level");
            }

            Assert.Equal(options.Strength > 0 ? (options.WorkSize is { } side ? side : Math.Max(Width, Height)) : 0,
                Math.Max(result.NetworkWidth, result.NetworkHeight));
            Assert.Equal(options.Strength > 0, result.Network is not null);
            if (stem == "alpha" && extension == ".png")
                Assert.Equal(PngColorType.RgbWithAlpha, Image.Identify(pixels).Metadata.GetPngMetadata().ColorType);
            if (stem == "wide" && extension == ".png")
                Assert.Equal(PngBitDepth.Bit16, Image.Identify(pixels).Metadata.GetPngMetadata().BitDepth);
            if (stem == "photo")
            {
                // Turned upright (the JPEG is stored 67 wide and says "rotate"), and its EXIF kept with orientation reset.
                Assert.Equal((Height, Width), (fromPixels.Width, fromPixels.Height));
                var exif = Image.Identify(pixels).Metadata.ExifProfile;
                Assert.NotNull(exif);
                Assert.Equal("pipeline test", exif.GetValue(ExifTag.Artist)?.Value);
                Assert.Equal((ushort)1, exif.GetValue(ExifTag.Orientation)?.Value);
            }
        }
    }

    [Fact]
    public void A_photo_row_cannot_be_read_once_its_result_has_replaced_it()
    {
        int height = FinishingSink.LagRows + 10, width = 3;
        using var photo = new Image<Rgba64>(ImagingConfiguration.Configuration, width, height, new Rgba64(1000, 2000, 3000, 40000));
        var sink = new FinishingSink<Rgba64>(photo, 1, ColorKeeping.Off, 16, 1);
        var source = new PixelRowSource<Rgba64>(photo, 1, sink);
        var rows = new float[3 * width * height];
        Array.Fill(rows, 0.5f);
        sink.WriteRows(0, height - 5, rows.AsSpan(0, 3 * width * (height - 5)));
        // Rows within the lag still read as the photo; rows already replaced throw rather than feed the network its result.
        var read = new float[3 * width];
        source.ReadRows(height - 5 - FinishingSink.LagRows, 1, read);
        Assert.Equal(1000 / 65535f, read[0]);
        Assert.Throws<InvalidOperationException>(() => source.ReadRows(0, 1, read));
        sink.WriteRows(height - 5, 5, rows.AsSpan(0, 3 * width * 5));
        sink.Complete();
        for (int y = 0; y < height; y++)
            Assert.All(photo.DangerousGetPixelRowMemory(y).ToArray(), p => Assert.Equal(new Rgba64(32768, 32768, 32768, 40000), p));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Eight_bit_pixels_give_what_sixteen_bit_pixels_give(string name)
    {
        using var folder = new TempFolder();
        var options = Options[name];
        var style = Network.Style(1);
        var eightBit = new ImageReadOptions { EightBitWhenExact = true };
        foreach (string input in WriteInputs(folder))
        {
            using (var sixteenRead = ImageReader.Read(input))
            using (var eightRead = ImageReader.Read(input, eightBit))
            {
                // The 8-bit files come in as 8-bit pixels, the 16-bit PNG as 16-bit ones, and the pictures are the same.
                Assert.Equal(Path.GetFileName(input) != "wide.png", eightRead.IsEightBit);
                Assert.False(sixteenRead.IsEightBit);
                Assert.Equal(0, MaxDifference(Wide(sixteenRead.Pixels), Wide(eightRead.Pixels)));
                Assert.Equal(sixteenRead.HasAlpha, eightRead.HasAlpha);
            }
            foreach (int? band in new int?[] { null, 12 })
            {
                // Each run reads the photo again: a work size at strength 1 releases the photo's pixels.
                using var sixteen = ImageReader.Read(input);
                using var eight = ImageReader.Read(input, eightBit);
                using var fromSixteen = PixelPipeline.Stylize(sixteen, Network, style, options, bits: 8, Stream(band), TestContext.Current.CancellationToken);
                using var fromEight = PixelPipeline.Stylize(eight, Network, style, options, bits: 8, Stream(band), TestContext.Current.CancellationToken);
                // The network reads the same floats from both and the result is rounded once, to 8-bit levels: equal.
                Assert.True(MaxDifference(Wide(fromSixteen.Pixels), Wide(fromEight.Pixels)) == 0,
                    $"{name}, {Path.GetFileName(input)}, bands of {band}: {MaxDifference(Wide(fromSixteen.Pixels), Wide(fromEight.Pixels))} 16-bit levels apart");
            }
        }
    }

    [Fact]
    public void A_photo_with_a_colour_profile_is_read_as_16_bit_pixels_even_when_8_bits_are_asked_for()
    {
        using var folder = new TempFolder();
        string path = folder.File("p3.png");
        using (var image = TestImages.Gradient(Width, Height))
        using (var png = new MemoryStream())
        {
            image.SaveAsPng(png);
            File.WriteAllBytes(path, Cin.TestSupport.ImageBytes.PngWithIcc(png.ToArray(), Cin.TestSupport.IccProfiles.DisplayP3()));
        }
        // Converted to sRGB, its levels fall between 8-bit ones: 8-bit pixels would round them.
        using var asked = ImageReader.Read(path, new ImageReadOptions { EightBitWhenExact = true });
        using var plain = ImageReader.Read(path);
        Assert.True(asked.ConvertedToSrgb);
        Assert.False(asked.IsEightBit);
        Assert.Equal(0, MaxDifference(Wide(plain.Pixels), Wide(asked.Pixels)));
    }

    /// <summary>Pixels of either kind as 16-bit ones (8-bit level k as k * 257), to compare.</summary>
    private static Image<Rgba64> Wide(Image pixels) => pixels switch
    {
        Image<Rgba64> wide => wide,
        Image<Rgba32> eight => PixelConversion.Widen(eight, threads: 1, opaque: false),
        _ => throw new ArgumentException(pixels.GetType().Name),
    };

    /// <summary>The pipeline as it was before photos were held as pixels: float maps throughout.</summary>
    private static void WriteWithFloats(string input, string output, Network.StyleParameters style, PhotoOptions options)
    {
        using var image = ImageReader.Read(input);
        var (result, _) = PhotoStylizer.Stylize(image.Rgb, Network, style, options);
        ImageWriter.Write(result, image.Alpha, output, new ImageWriteOptions(options.Quality, false, image.BitsPerChannel, image.Metadata, image.ConvertedToSrgb));
    }

    private static int MaxDifference(Image<Rgba64> a, Image<Rgba64> b)
    {
        Assert.Equal((a.Width, a.Height), (b.Width, b.Height));
        int max = 0;
        for (int y = 0; y < a.Height; y++)
        {
            var ra = a.DangerousGetPixelRowMemory(y).Span;
            var rb = b.DangerousGetPixelRowMemory(y).Span;
            for (int x = 0; x < a.Width; x++)
                max = Math.Max(max, Math.Max(Math.Max(Math.Abs(ra[x].R - rb[x].R), Math.Abs(ra[x].G - rb[x].G)),
                    Math.Max(Math.Abs(ra[x].B - rb[x].B), Math.Abs(ra[x].A - rb[x].A))));
        }
        return max;
    }

    private static double MeanDifference(Image<Rgba64> a, Image<Rgba64> b)
    {
        double sum = 0;
        for (int y = 0; y < a.Height; y++)
        {
            var ra = a.DangerousGetPixelRowMemory(y).Span;
            var rb = b.DangerousGetPixelRowMemory(y).Span;
            for (int x = 0; x < a.Width; x++)
                sum += Math.Abs(ra[x].R - rb[x].R) + Math.Abs(ra[x].G - rb[x].G) + Math.Abs(ra[x].B - rb[x].B);
        }
        return sum / (3.0 * a.Width * a.Height);
    }
}
