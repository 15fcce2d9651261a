using System.Diagnostics;
using Cin.Engine.Imaging;
using Cin.Engine.Imaging.Png;
using Cin.TestSupport;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Advanced;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Metadata;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;

namespace Cin.Engine.Tests.Png;

/// <summary>cin's PNG writer: its files decode to the pixels ImageSharp's encoder wrote, with the same metadata chunks.</summary>
public sealed class PngWriterTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    public static TheoryData<int, int> Sizes => new()
    {
        { 1, 1 }, { 1, 9 }, { 9, 1 }, { 17, 5 }, { 101, 37 },
        // Several pieces at every pixel size: 8-bit RGB rows of 3 KB make a 256 KB piece 85 rows.
        { 1023, 300 },
    };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Sixteen_bit_pixels_decode_exactly_in_every_layout(int width, int height)
    {
        using var image = Noise16(width, height, seed: width + height);
        foreach (bool alpha in new[] { false, true })
        foreach (bool wide in new[] { false, true })
        {
            byte[] ours = Encode(PngPixelRows.From(image, alpha, wide));
            byte[] theirs = EncodeWithImageSharp(image, alpha, wide);
            using var decoded = Image.Load<Rgba64>(ours);
            using var expected = Image.Load<Rgba64>(theirs);
            AssertSamePixels(expected, decoded, $"{width}x{height} alpha {alpha} 16-bit {wide}");
            var header = PngChunks.Read(ours).First();
            Assert.Equal("IHDR", header.Type);
            Assert.Equal(wide ? 16 : 8, header.Data[8]);
            Assert.Equal(alpha ? 6 : 2, header.Data[9]);
        }
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Eight_bit_pixels_decode_exactly(int width, int height)
    {
        using var image = new Image<Rgba32>(width, height);
        var random = new Random(width * 7 + height);
        image.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < height; y++)
                random.NextBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(rows.GetRowSpan(y)));
        });
        foreach (bool alpha in new[] { false, true })
        {
            using var decoded = Image.Load<Rgba32>(Encode(PngPixelRows.From(image, alpha)));
            for (int y = 0; y < height; y++)
                for (int x = 0; x < width; x++)
                {
                    Rgba32 p = image[x, y];
                    Assert.Equal(alpha ? p : new Rgba32(p.R, p.G, p.B, 255), decoded[x, y]);
                }
        }
    }

    [Fact]
    public void Every_thread_count_and_level_writes_the_same_pixels()
    {
        using var image = Noise16(700, 400, seed: 3);
        byte[] reference = Encode(PngPixelRows.From(image, true, false), threads: 1);
        using var expected = Image.Load<Rgba64>(reference);
        foreach (int threads in new[] { 2, 3, 8 })
        foreach (int level in new[] { 1, 2, 6, 9 })
        {
            using var decoded = Image.Load<Rgba64>(Encode(PngPixelRows.From(image, true, false), threads, new PngDeflateSettings(level)));
            AssertSamePixels(expected, decoded, $"{threads} threads, level {level}");
        }
    }

    [Fact]
    public void The_metadata_chunks_are_those_ImageSharp_writes()
    {
        var metadata = new ImageMetadata();
        var exif = new ExifProfile();
        exif.SetValue(ExifTag.Make, "Camera maker");
        exif.SetValue(ExifTag.Copyright, "Someone, 2026");
        exif.SetValue(ExifTag.XResolution, new Rational(300));
        metadata.ExifProfile = exif;
        metadata.XmpProfile = new SixLabors.ImageSharp.Metadata.Profiles.Xmp.XmpProfile(
            System.Text.Encoding.UTF8.GetBytes("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF/></x:xmpmeta>"));
        var png = metadata.GetPngMetadata();
        png.TextData.Add(new PngTextData("Title", "A short Latin-1 title", "", ""));
        png.TextData.Add(new PngTextData("Comment", new string('x', 3000), "", ""));
        png.TextData.Add(new PngTextData("Description", "Ünïcödé ☃", "de", "Beschreibung"));
        using var image = Noise16(33, 21, seed: 1);
        using var wrapped = Image.WrapMemory(ImagingConfiguration.Configuration, Pixels(image), image.Width, image.Height, metadata);

        byte[] ours = Encode(PngPixelRows.From(image, true, false), metadata: PngMetadataChunks.For(wrapped.Metadata, OutputFormat.ForPath("x.png")!.CreateEncoder(90, true)));
        byte[] theirs = EncodeWithImageSharp(wrapped, alpha: true, wide: false);

        var ancillary = Ancillary(ours);
        Assert.Equal(Ancillary(theirs).Select(c => c.Type + Convert.ToHexString(c.Data)), ancillary.Select(c => c.Type + Convert.ToHexString(c.Data)));
        Assert.Contains(ancillary, c => c.Type == "eXIf");
        Assert.Contains(ancillary, c => c.Type == "pHYs");
        Assert.Contains(ancillary, c => c.Type == "zTXt");
        Assert.Equal(2, ancillary.Count(c => c.Type == "iTXt")); // the XMP packet and the translated text
        using var decoded = Image.Load(ours);
        Assert.Equal("Camera maker", decoded.Metadata.ExifProfile?.GetValue(ExifTag.Make)?.Value);
        Assert.Equal(png.TextData.Select(t => (t.Keyword, t.Value)), decoded.Metadata.GetPngMetadata().TextData.Select(t => (t.Keyword, t.Value)));
    }

    [Fact]
    public void A_photo_written_through_ImageWriter_keeps_its_metadata_and_alpha()
    {
        var source = new ImageMetadata();
        var exif = new ExifProfile();
        exif.SetValue(ExifTag.Orientation, (ushort)6);
        exif.SetValue(ExifTag.Model, "Model 7");
        source.ExifProfile = exif;
        var photoMetadata = PhotoMetadata.From(source, new Image<Rgba32>(1, 1).Frames.RootFrame.Metadata);
        using var image = Noise16(45, 31, seed: 9);
        using var copy = image.Clone();
        string path = _folder.File("out.png");
        ImageWriter.Write(image, hasAlpha: true, path, new ImageWriteOptions(BitsPerChannel: 16, Metadata: photoMetadata));

        using var decoded = Image.Load<Rgba64>(path);
        AssertSamePixels(copy, decoded, "16-bit RGBA through ImageWriter");
        Assert.Equal((ushort)1, decoded.Metadata.ExifProfile?.GetValue(ExifTag.Orientation)?.Value);
        Assert.Equal("Model 7", decoded.Metadata.ExifProfile?.GetValue(ExifTag.Model)?.Value);
        Assert.Equal(ImageWriteOptions.DefaultSoftware, decoded.Metadata.ExifProfile?.GetValue(ExifTag.Software)?.Value);
        Assert.Empty(_folder.TempFiles());
    }

    [Fact]
    public void Sixteen_bit_pixels_written_at_8_bits_through_ImageWriter_round_as_before()
    {
        using var image = Noise16(77, 19, seed: 12);
        using var rounded = image.Clone();
        for (int y = 0; y < rounded.Height; y++) PixelConversion.RoundTo8Bits(rounded.DangerousGetPixelRowMemory(y).Span);
        string path = _folder.File("eight.png");
        ImageWriter.Write(image, hasAlpha: true, path, new ImageWriteOptions(BitsPerChannel: 8));

        using var decoded = Image.Load<Rgba64>(path);
        AssertSamePixels(rounded, decoded, "8-bit RGBA through ImageWriter");
        Assert.Equal(8, PngChunks.Read(File.ReadAllBytes(path)).First().Data[8]);
    }

    [Fact]
    public void A_write_cancelled_between_pieces_throws_and_leaves_nothing()
    {
        using var image = Noise16(1500, 400, seed: 4);
        using var cancel = new CancellationTokenSource();
        // Cancels as the first piece of image data is written: the writer must stop before the rest.
        var output = new WatchingStream(onWrite: written => { if (written > 2) cancel.Cancel(); });
        var rows = PngPixelRows.From(image, true, true);
        Assert.Throws<OperationCanceledException>(() => PngWriter.Write(output, rows, [], threads: 2, cancel.Token));
        long whole = Encode(rows).Length;
        Assert.True(output.Length < whole / 2, $"wrote {output.Length} of {whole} bytes after the cancellation");

        // Through ImageWriter: no file at the destination, no temporary file.
        string path = _folder.File("cancelled.png");
        using var late = new CancellationTokenSource();
        var task = Task.Run(() => ImageWriter.Write(image, hasAlpha: true, path, new ImageWriteOptions(BitsPerChannel: 16), late.Token));
        late.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => task.GetAwaiter().GetResult());
        Assert.False(File.Exists(path));
        Assert.Empty(_folder.TempFiles());
    }

    [Fact]
    public void Ffmpeg_decodes_the_file_to_the_same_pixels()
    {
        using var image = Noise16(641, 333, seed: 8);
        string path = _folder.WriteFile("ffmpeg.png", Encode(PngPixelRows.From(image, false, false)));
        byte[] raw;
        try
        {
            raw = RunFfmpeg($"-v error -i \"{path}\" -f rawvideo -pix_fmt rgb24 -");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Skip("ffmpeg is not installed");
            return;
        }
        Assert.Equal(641 * 333 * 3, raw.Length);
        using var decoded = Image.Load<Rgb24>(path);
        var expected = new byte[raw.Length];
        decoded.CopyPixelDataTo(expected);
        Assert.Equal(expected, raw);
    }

    private static byte[] RunFfmpeg(string arguments)
    {
        var start = new ProcessStartInfo("ffmpeg", arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        using var output = new MemoryStream();
        var error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.BaseStream.CopyTo(output);
        process.WaitForExit();
        Assert.True(process.ExitCode == 0 && error.Result.Length == 0, $"ffmpeg: exit {process.ExitCode}: {error.Result}");
        return output.ToArray();
    }

    private static byte[] Encode(PngPixelRows rows, int threads = 2, PngDeflateSettings? deflate = null,
        IReadOnlyList<(string Type, byte[] Data)>? metadata = null)
    {
        using var stream = new MemoryStream();
        PngWriter.Write(stream, rows, metadata ?? [], threads, default, deflate);
        return stream.ToArray();
    }

    private static byte[] EncodeWithImageSharp(Image image, bool alpha, bool wide)
    {
        using var stream = new MemoryStream();
        var format = OutputFormat.ForPath("x.png")!;
        image.Save(stream, format.CreateEncoder(90, alpha, wide ? 16 : 8));
        return stream.ToArray();
    }

    private static List<(string Type, byte[] Data)> Ancillary(byte[] file) =>
        PngChunks.Read(file).Where(c => c.Type is not ("IHDR" or "IDAT" or "IEND")).ToList();

    private static Memory<Rgba64> Pixels(Image<Rgba64> image) =>
        image.DangerousTryGetSinglePixelMemory(out var memory) ? memory : throw new InvalidOperationException("not contiguous");

    private static Image<Rgba64> Noise16(int width, int height, int seed)
    {
        var image = new Image<Rgba64>(ImagingConfiguration.Configuration, width, height);
        var random = new Random(seed);
        image.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (int x = 0; x < width; x++)
                {
                    // Smooth with noise on top, as photos are, and every level somewhere.
                    ushort Level(int bias) => (ushort)Math.Clamp((x * 131 + y * 97 + bias) % 65536 + random.Next(-3000, 3000), 0, 65535);
                    row[x] = new Rgba64(Level(0), Level(20000), Level(40000), (ushort)random.Next(65536));
                }
            }
        });
        return image;
    }

    private static void AssertSamePixels<TPixel>(Image<TPixel> expected, Image<TPixel> actual, string what) where TPixel : unmanaged, IPixel<TPixel>
    {
        Assert.Equal((expected.Width, expected.Height), (actual.Width, actual.Height));
        for (int y = 0; y < expected.Height; y++)
        {
            var e = expected.DangerousGetPixelRowMemory(y).Span;
            var a = actual.DangerousGetPixelRowMemory(y).Span;
            for (int x = 0; x < expected.Width; x++)
                if (!e[x].Equals(a[x])) Assert.Fail($"{what}: pixel ({x}, {y}) is {a[x]}, expected {e[x]}");
        }
    }

    /// <summary>A memory stream that reports each write's count so far, for a cancellation at a chosen point.</summary>
    private sealed class WatchingStream(Action<int> onWrite) : MemoryStream
    {
        private int _writes;

        // A derived MemoryStream's span writes come here through Stream's.
        public override void Write(byte[] buffer, int offset, int count)
        {
            base.Write(buffer, offset, count);
            onWrite(++_writes);
        }
    }
}
