namespace Cin.Engine.Learning;

/// <summary>
/// Adam (Kingma and Ba, 2015) on one flat vector of parameters, as torch.optim.Adam with its defaults (beta1 0.9,
/// beta2 0.999, eps 1e-8, no weight decay): the learner's one trainable thing is a style's gamma and beta row. Its
/// state (the two moment vectors and the step) is what a checkpoint saves beside the row.
/// </summary>
public sealed class AdamOptimizer
{
    public const double Beta1 = 0.9, Beta2 = 0.999, Epsilon = 1e-8;

    public AdamOptimizer(int size, double learningRate)
    {
        LearningRate = learningRate;
        FirstMoment = new double[size];
        SecondMoment = new double[size];
    }

    public double LearningRate { get; }

    /// <summary>Steps taken so far.</summary>
    public int Step { get; private set; }

    public double[] FirstMoment { get; }
    public double[] SecondMoment { get; }

    /// <summary>Restores a saved state (from a checkpoint).</summary>
    public void Restore(int step, ReadOnlySpan<double> first, ReadOnlySpan<double> second)
    {
        if (first.Length != FirstMoment.Length || second.Length != SecondMoment.Length) throw new ArgumentException("The saved state has another size.");
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        Step = step;
        first.CopyTo(FirstMoment);
        second.CopyTo(SecondMoment);
    }

    /// <summary>One update of <paramref name="parameters"/> against <paramref name="gradient"/>.</summary>
    public void Update(Span<float> parameters, ReadOnlySpan<double> gradient)
    {
        if (parameters.Length != FirstMoment.Length || gradient.Length != FirstMoment.Length) throw new ArgumentException("Sizes differ.");
        Step++;
        double correction1 = 1 - Math.Pow(Beta1, Step), correction2 = 1 - Math.Pow(Beta2, Step);
        double stepSize = LearningRate / correction1;
        for (int i = 0; i < parameters.Length; i++)
        {
            double g = gradient[i];
            FirstMoment[i] = Beta1 * FirstMoment[i] + (1 - Beta1) * g;
            SecondMoment[i] = Beta2 * SecondMoment[i] + (1 - Beta2) * g * g;
            double denominator = Math.Sqrt(SecondMoment[i] / correction2) + Epsilon;
            parameters[i] = (float)(parameters[i] - stepSize * FirstMoment[i] / denominator);
        }
    }
}
