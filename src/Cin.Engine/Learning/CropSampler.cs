namespace Cin.Engine.Learning;

/// <summary>
/// The training photos' random crops: each batch picks photos at random, a random square crop of each and a
/// horizontal flip half the time, as training/cin_train/data.py's CropSampler does. The photos come in already
/// scaled (<see cref="PhotoScale"/>); the generator is seeded, and its state is part of a checkpoint so that a resumed
/// run sees the crops the uninterrupted one would have.
/// </summary>
public sealed class CropSampler
{
    private readonly IReadOnlyList<FeatureMap> _photos;
    private Random _random;
    private int _seed;
    private long _draws;

    public CropSampler(IReadOnlyList<FeatureMap> photos, int crop, int seed)
    {
        if (photos.Count == 0) throw new ArgumentException("No photos to crop.", nameof(photos));
        foreach (var p in photos)
            if (p.Height < crop || p.Width < crop || p.Channels != 3)
                throw new ArgumentException($"A {p.Width}x{p.Height} photo cannot give a {crop} px crop.", nameof(photos));
        _photos = photos;
        Crop = crop;
        _seed = seed;
        _random = new Random(seed);
    }

    public int Crop { get; }

    /// <summary>How many crops have been drawn: with the seed, the sampler's whole state.</summary>
    public long Draws => _draws;

    /// <summary>Puts the sampler where it was after <paramref name="draws"/> crops (resuming from a checkpoint).</summary>
    public void Skip(long draws)
    {
        _random = new Random(_seed);
        _draws = 0;
        var scratch = new FeatureMap(Crop, Crop, 3);
        for (long i = 0; i < draws; i++) Next(scratch, copy: false);
    }

    /// <summary>Fills <paramref name="into"/> (Crop x Crop x 3) with the next random crop.</summary>
    public void Next(FeatureMap into) => Next(into, copy: true);

    private void Next(FeatureMap into, bool copy)
    {
        var photo = _photos[_random.Next(_photos.Count)];
        int top = _random.Next(photo.Height - Crop + 1), left = _random.Next(photo.Width - Crop + 1);
        bool flip = _random.NextDouble() < 0.5;
        _draws++;
        if (!copy) return;
        for (int y = 0; y < Crop; y++)
        {
            ReadOnlySpan<float> source = photo.Row(top + y).Slice(left * 3, Crop * 3);
            Span<float> row = into.Row(y);
            if (!flip) { source.CopyTo(row); continue; }
            for (int x = 0; x < Crop; x++)
            {
                int from = (Crop - 1 - x) * 3;
                row[3 * x] = source[from];
                row[3 * x + 1] = source[from + 1];
                row[3 * x + 2] = source[from + 2];
            }
        }
    }
}

/// <summary>How a training photo is scaled before crops are taken from it.</summary>
public static class PhotoScale
{
    /// <summary>
    /// The short side a photo is scaled to for crops of <paramref name="crop"/> pixels: 1.25 times the crop, so a crop
    /// holds most of a scene, as the trainer's 256 px crops of 320 px photos do; a camera photo's crop would otherwise be
    /// a patch of texture with no objects in it.
    /// </summary>
    public static int ShortSide(int crop) => crop * 5 / 4;
}
