namespace Cin.Engine.Learning;

/// <summary>How the three losses are summed: content + style + total variation (the trainer's defaults, training/RESULTS.md).</summary>
public sealed record LossWeights(double Content = 1.0, double Style = 0.75, double TotalVariation = 1.0);

/// <summary>One step's losses, each the mean over the batch; <see cref="StylePerLayer"/> is 1 per layer for the unstyled photos.</summary>
public sealed record LossParts(double Total, double Content, double Style, double TotalVariation, double[] StylePerLayer);
