namespace Cin.Engine.Learning;

/// <summary>Where the learner's two trainable networks come from: the compiled ones in cin, small stand-ins in tests.</summary>
public interface ILearningBackend
{
    /// <summary>The loss network (loaded once, on first use).</summary>
    ILossNetwork LossNetwork { get; }

    /// <summary>A trainer over <paramref name="network"/>'s frozen convolutions.</summary>
    IStyleNetworkTrainer Trainer(Network.StyleNetwork network);
}
