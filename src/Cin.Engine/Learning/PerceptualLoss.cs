using System.Buffers;

namespace Cin.Engine.Learning;

/// <summary>
/// The learner's loss for one stylized image, and its gradients, as training/cin_train/losses.py defines them:
/// <list type="bullet">
/// <item>style: the sum over relu1, layer1, layer2, layer3 of ||G(out) - G(painting)||^2 / (the photos' own error);</item>
/// <item>content: ||F(out) - F(photo)||^2 / ||F(photo)||^2 on layer2;</item>
/// <item>total variation: the mean absolute difference of vertical neighbours plus that of horizontal ones, over the
/// RGB output in [0,1].</item>
/// </list>
/// A batch's loss is the mean over its images: each image's gradients are scaled by 1/batch.
/// </summary>
public sealed class PerceptualLoss(StyleTarget target, LossWeights weights)
{
    public StyleTarget Target { get; } = target;
    public LossWeights Weights { get; } = weights;

    /// <summary>
    /// The losses of one image (not yet divided by the batch), and into <paramref name="tapGradients"/> and
    /// <paramref name="outputGradient"/> (overwritten) the gradients of <paramref name="scale"/> x the weighted total
    /// with respect to the output's taps and the output itself.
    /// </summary>
    public LossParts Evaluate(LossTaps output, FeatureMap photoContent, FeatureMap rgb, LossTaps tapGradients, FeatureMap outputGradient,
        double scale, int threads)
    {
        var perLayer = new double[LossTaps.Count];
        double style = 0;
        for (int k = 0; k < LossTaps.Count; k++)
        {
            var layer = (LossLayer)k;
            var map = output[layer];
            int c = map.Channels;
            double[] gram = ArrayPool<double>.Shared.Rent(c * c);
            GramMatrix.Compute(map, gram.AsSpan(0, c * c), threads);
            ReadOnlySpan<double> aim = Target.Gram(layer);
            double norm = Target.Norm(layer);
            perLayer[k] = StyleTarget.SquaredDistance(gram.AsSpan(0, c * c), aim) / norm;
            style += perLayer[k];
            // d/dG of w * ||G - T||^2 / norm = 2 w (G - T) / norm.
            float[] d = ArrayPool<float>.Shared.Rent(c * c);
            double factor = 2 * Weights.Style * scale / norm;
            for (int i = 0; i < c * c; i++) d[i] = (float)(factor * (gram[i] - aim[i]));
            GramMatrix.Backward(map, d.AsSpan(0, c * c), tapGradients[layer], threads);
            ArrayPool<double>.Shared.Return(gram);
            ArrayPool<float>.Shared.Return(d);
        }

        double content = ContentLoss(output[LossTaps.Content], photoContent, tapGradients[LossTaps.Content], Weights.Content * scale);
        double tv = TotalVariation.Loss(rgb, outputGradient, Weights.TotalVariation * scale);
        double total = Weights.Content * content + Weights.Style * style + Weights.TotalVariation * tv;
        return new LossParts(total, content, style, tv, perLayer);
    }

    /// <summary>||f - c||^2 / ||c||^2; adds <paramref name="weight"/> x its gradient, 2 (f - c) / ||c||^2, into <paramref name="gradient"/>.</summary>
    internal static double ContentLoss(FeatureMap features, FeatureMap photo, FeatureMap gradient, double weight)
    {
        if (features.Length != photo.Length) throw new ArgumentException("The photo's features differ in shape.", nameof(photo));
        ReadOnlySpan<float> f = features.Span, c = photo.Span;
        double error = 0, reference = 0;
        for (int i = 0; i < f.Length; i++)
        {
            double d = f[i] - c[i];
            error += d * d;
            reference += (double)c[i] * c[i];
        }
        reference = Math.Max(reference, 1e-8); // as the trainer's clamp_min
        Span<float> g = gradient.Span;
        float factor = (float)(2 * weight / reference);
        for (int i = 0; i < f.Length; i++) g[i] += factor * (f[i] - c[i]);
        return error / reference;
    }
}
