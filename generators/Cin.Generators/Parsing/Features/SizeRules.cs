using System.Collections.Generic;
using Cin.Generators.Model;
using Cin.Generators.Model.Features;

namespace Cin.Generators.Parsing.Features;

/// <summary>
/// Which image heights (or widths) a feature network accepts. Every map size is a non-decreasing function of the
/// input size, so there is a least size <c>B</c> at which no map is smaller than its window; from there on, adding
/// the product of the strides <c>P</c> to the input adds a whole number of pixels to every map (each stride divides
/// what is left of <c>P</c>), so whether a block's two paths agree depends only on the remainder by <c>P</c>. The
/// rule "at least B, remainder in the accepted set" is therefore exact, and is found by trying <c>P</c> sizes.
/// </summary>
internal static class SizeRules
{
    /// <summary>How one axis of a step changes the size: its window, stride and the pads before and after.</summary>
    internal readonly record struct AxisStep(FeatureLine Line, int Kernel, int Stride, int Before, int After, int ProjectionStride, bool Identity);

    /// <summary>The rule, or null with the statement where every size fails (a block whose paths never agree).</summary>
    public static (SizeRule? Rule, FeatureLine? Failing) Find(IReadOnlyList<AxisStep> steps, int modulus)
    {
        int minimum = LeastValid(steps);
        var accepted = new List<RemainderRange>();
        FeatureLine? failing = null;
        for (int r = 0; r < modulus; r++)
        {
            int n = minimum + ((r - minimum % modulus) % modulus + modulus) % modulus;
            var fails = FirstDisagreement(steps, n);
            if (fails != null)
            {
                failing ??= fails;
                continue;
            }
            if (accepted.Count > 0 && accepted[accepted.Count - 1].Last == r - 1)
                accepted[accepted.Count - 1] = new RemainderRange(accepted[accepted.Count - 1].First, r);
            else
                accepted.Add(new RemainderRange(r, r));
        }
        return accepted.Count == 0
            ? (null, failing)
            : (new SizeRule(modulus, minimum, accepted.ToEquatableArray()), null);
    }

    /// <summary>The output size of a window, or 0 when the padded map is smaller than one window.</summary>
    public static long Output(long size, int before, int after, int kernel, int stride)
    {
        long padded = size + before + after;
        return padded < kernel ? 0 : (padded - kernel) / stride + 1;
    }

    /// <summary>The least input size at which every map holds at least one pixel (ignoring whether blocks' paths agree).</summary>
    private static int LeastValid(IReadOnlyList<AxisStep> steps)
    {
        long high = 1;
        while (!AllValid(steps, high)) high *= 2; // sizes grow with the input, so this ends
        long low = high / 2; // invalid (or 0)
        while (high - low > 1)
        {
            long middle = (low + high) / 2;
            if (AllValid(steps, middle)) high = middle;
            else low = middle;
        }
        return (int)high;
    }

    private static bool AllValid(IReadOnlyList<AxisStep> steps, long n)
    {
        foreach (var step in steps)
        {
            if (step.Kernel == 0) continue; // a tap
            long main = Output(n, step.Before, step.After, step.Kernel, step.Stride);
            if (main == 0) return false;
            if (step.Line.Keyword == FeatureKeyword.Block)
            {
                // conv2 keeps the size (odd kernel, K/2 on both sides), so only conv1 can run out of pixels.
                if (step.ProjectionStride > 0 && Output(n, 0, 0, 1, step.ProjectionStride) == 0) return false;
            }
            n = main;
        }
        return true;
    }

    /// <summary>The first block whose main path and shortcut differ in size on an input of <paramref name="n"/>, or null.</summary>
    private static FeatureLine? FirstDisagreement(IReadOnlyList<AxisStep> steps, long n)
    {
        foreach (var step in steps)
        {
            if (step.Kernel == 0) continue;
            long main = Output(n, step.Before, step.After, step.Kernel, step.Stride);
            if (step.Line.Keyword == FeatureKeyword.Block)
            {
                long shortcut = step.Identity ? n : Output(n, 0, 0, 1, step.ProjectionStride);
                if (main != shortcut) return step.Line;
            }
            n = main;
        }
        return null;
    }
}
