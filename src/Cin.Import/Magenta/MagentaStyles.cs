using System.Globalization;
using Cin.Import.Model;

namespace Cin.Import.Magenta;

/// <summary>
/// Names for the 26 styles. The graph records only a style index; these names were chosen by looking at the
/// example's thumbnails. Title, artist and year are filled in only where the work is certain; "-" otherwise.
/// The original index stays usable as an alias so that numbers from the Android example keep working.
/// </summary>
internal static class MagentaStyles
{
    private static readonly (string Name, string Title, string Artist, string Year)[] Table =
    [
        /* 0 */ ("delaunay-eiffel-tower", "-", "Robert Delaunay", "-"),
        /* 1 */ ("lichtenstein-pop-sun", "-", "Roy Lichtenstein", "-"),
        /* 2 */ ("kandinsky-black-spot", "-", "Wassily Kandinsky", "-"),
        /* 3 */ ("tangled-brushstrokes", "-", "-", "-"),
        /* 4 */ ("whimsical-flower-circles", "-", "-", "-"),
        /* 5 */ ("kandinsky-composition-vii", "Composition VII", "Wassily Kandinsky", "1913"),
        /* 6 */ ("violet-orb-dots", "-", "-", "-"),
        /* 7 */ ("bold-river-landscape", "-", "-", "-"),
        /* 8 */ ("watercolor-feathers", "-", "-", "-"),
        /* 9 */ ("red-flower-textile", "-", "-", "-"),
        /* 10 */ ("klee-forest-figures", "-", "Paul Klee", "-"),
        /* 11 */ ("art-nouveau-rose-maiden", "-", "-", "-"),
        /* 12 */ ("delaunay-three-graces", "-", "Robert Delaunay", "-"),
        /* 13 */ ("picasso-green-interior", "-", "Pablo Picasso", "-"),
        /* 14 */ ("blue-drift-shapes", "-", "-", "-"),
        /* 15 */ ("stained-glass-lady", "-", "-", "-"),
        /* 16 */ ("swirling-blue-profile", "-", "-", "-"),
        /* 17 */ ("red-plaid-grid", "-", "-", "-"),
        /* 18 */ ("art-nouveau-tulips", "-", "-", "-"),
        /* 19 */ ("starry-night", "The Starry Night", "Vincent van Gogh", "1889"),
        /* 20 */ ("red-futurist-shards", "-", "-", "-"),
        /* 21 */ ("stuart-davis-mellow-pad", "The Mellow Pad", "Stuart Davis", "-"),
        /* 22 */ ("leger-striped-pots", "-", "Fernand Léger", "-"),
        /* 23 */ ("picabia-udnie", "Udnie", "Francis Picabia", "1913"),
        /* 24 */ ("great-wave", "The Great Wave off Kanagawa", "Katsushika Hokusai", "c. 1831"),
        /* 25 */ ("patterned-coral-landscape", "-", "-", "-"),
    ];

    public static int Count => Table.Length;

    public static IReadOnlyList<StyleInfo> All()
    {
        var styles = new List<StyleInfo>(Table.Length);
        for (int i = 0; i < Table.Length; i++)
        {
            var (name, title, artist, year) = Table[i];
            string index = i.ToString(CultureInfo.InvariantCulture);
            styles.Add(new StyleInfo(i, name, [index], title, artist, year, $"Magenta TF Stylize example, style {index}"));
        }
        return styles;
    }
}
