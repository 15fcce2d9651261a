using Cin.Engine;
using Cin.Engine.Network;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Cin.Network.Tests.Snapshots;

/// <summary>
/// What a snapshot is made of: a photo from ../shared/data/content, decoded and resized with plain ImageSharp (no
/// project imaging code), stylized by the built-in Magenta network through <see cref="Stylizer"/>, rounded to 8 bits.
/// </summary>
internal static class PhotoPipeline
{
    public const int LongSide = 256;
    public const int Threads = 2;

    /// <summary>Three varied photos: a portrait in saturated colour, a landscape with sky and sea, a city scene.</summary>
    public static readonly (string Label, string File)[] Photos =
    {
        ("kodim04", "kodak24-kodim04.jpg"),
        ("kodim21", "kodak24-kodim21.jpg"),
        ("canal", "sun-hays80-canal-urban-sun-bioizsmryxlratmt.jpg"),
    };

    /// <summary>Three styles, by label and by the original Magenta index (every style keeps it as an alias).</summary>
    public static readonly (string Label, string Alias)[] Styles =
    {
        ("starry-night", "19"),
        ("great-wave", "24"),
        ("composition-vii", "5"),
    };

    public static string? SkipReason()
    {
        if (!Directory.Exists(RepoPaths.ContentPhotos))
            return $"{RepoPaths.ContentPhotos} is absent: the snapshot photos come from the shared data.";
        foreach (var (_, file) in Photos)
            if (!File.Exists(Path.Combine(RepoPaths.ContentPhotos, file)))
                return $"{file} is not in {RepoPaths.ContentPhotos}.";
        if (!File.Exists(Path.Combine(RepoPaths.Style("magenta"), "model.txt")))
            return "styles/magenta is not there yet: no Magenta model to snapshot.";
        if (Cin.Models.BuiltInModels.Find("magenta") is null)
            return "Cin.Models was built without styles/magenta (rebuild after the model is imported).";
        return null;
    }

    public static StyleNetwork Network => Cin.Models.BuiltInModels.Load("magenta");

    public static StyleParameters Style(string alias)
    {
        var network = Network;
        var style = network.Info.Find(alias) ?? throw new InvalidOperationException($"Magenta has no style '{alias}'.");
        return network.Style(style.Index);
    }

    /// <summary>Decodes the photo, applies its EXIF orientation and resizes it to 256 px on the long side (Lanczos3).</summary>
    public static Image<Rgb24> LoadResized(string file)
    {
        var image = Image.Load<Rgb24>(Path.Combine(RepoPaths.ContentPhotos, file));
        image.Mutate(x => x.AutoOrient());
        int w = image.Width, h = image.Height;
        var size = w >= h
            ? new Size(LongSide, Math.Max(1, (int)Math.Round(h * (double)LongSide / w)))
            : new Size(Math.Max(1, (int)Math.Round(w * (double)LongSide / h)), LongSide);
        image.Mutate(x => x.Resize(new ResizeOptions { Size = size, Mode = ResizeMode.Stretch, Sampler = KnownResamplers.Lanczos3 }));
        return image;
    }

    public static FeatureMap ToMap(Image<Rgb24> image)
    {
        var map = new FeatureMap(image.Height, image.Width, 3);
        image.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < rows.Height; y++)
            {
                Span<Rgb24> row = rows.GetRowSpan(y);
                Span<float> dst = map.Row(y);
                for (int x = 0; x < row.Length; x++)
                {
                    dst[3 * x] = row[x].R / 255f;
                    dst[3 * x + 1] = row[x].G / 255f;
                    dst[3 * x + 2] = row[x].B / 255f;
                }
            }
        });
        return map;
    }

    public static Image<Rgb24> ToImage(FeatureMap map)
    {
        var image = new Image<Rgb24>(map.Width, map.Height);
        image.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < rows.Height; y++)
            {
                Span<Rgb24> row = rows.GetRowSpan(y);
                ReadOnlySpan<float> src = map.Row(y);
                for (int x = 0; x < row.Length; x++)
                    row[x] = new Rgb24(ToByte(src[3 * x]), ToByte(src[3 * x + 1]), ToByte(src[3 * x + 2]));
            }
        });
        return image;
    }

    private static byte ToByte(float v) => (byte)Math.Clamp((int)MathF.Round(v * 255f), 0, 255);

    /// <summary>The stylized photo as floats (before rounding), for measurements.</summary>
    public static FeatureMap StylizeMap(Image<Rgb24> photo, StyleParameters style, int threads = Threads) =>
        Stylizer.Stylize(ToMap(photo), Network, style, threads);

    public static Image<Rgb24> Stylize(Image<Rgb24> photo, StyleParameters style, int threads = Threads) =>
        ToImage(StylizeMap(photo, style, threads));

    public static void SavePng(Image<Rgb24> image, string path) =>
        image.SaveAsPng(path, new PngEncoder { ColorType = PngColorType.Rgb, BitDepth = PngBitDepth.Bit8 });
}
