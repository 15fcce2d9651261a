using Cin.Engine.Kernels;

namespace Cin.Engine.Network;

/// <summary>
/// What a training forward pass keeps for the backward pass: each norm layer's output before its norm and the
/// statistics the norm used (the activation's output is recomputed from them, and no layer's input is needed, since
/// no weight gradient is taken), with the style the pass ran with and its output. Its maps come from, and go back
/// to, the pass's <see cref="RunContext"/>.
/// </summary>
public sealed class TrainingTape
{
    private readonly LayerRecord?[] _records;

    /// <summary>A tape for a pass over <paramref name="input"/> with <paramref name="style"/>, on <paramref name="threads"/> threads.</summary>
    public TrainingTape(FeatureMap input, StyleParameters style, int threads, BufferPool? pool = null)
    {
        Input = input;
        Style = style;
        Run = new RunContext(input, threads, pool);
        _records = new LayerRecord?[style.LayerCount];
    }

    public FeatureMap Input { get; }
    public StyleParameters Style { get; }

    /// <summary>The network's output, once the forward pass has run.</summary>
    public FeatureMap? Output { get; internal set; }

    /// <summary>Threads and buffers for the forward and backward passes.</summary>
    public RunContext Run { get; }

    /// <summary>A layer's output before its norm, the statistics its norm used, and the size of its input.</summary>
    internal sealed record LayerRecord(FeatureMap PreNorm, ChannelStatistics Statistics, int InputHeight, int InputWidth);

    internal void Record(int normIndex, FeatureMap preNorm, ChannelStatistics statistics, int inputHeight, int inputWidth)
    {
        if (_records[normIndex] != null) throw new InvalidOperationException($"Norm layer {normIndex} ran twice in one training pass.");
        _records[normIndex] = new LayerRecord(preNorm, statistics, inputHeight, inputWidth);
    }

    /// <summary>A layer's record, for its backward pass; the tape forgets it, and the caller releases its map.</summary>
    internal LayerRecord Take(int normIndex)
    {
        var record = _records[normIndex]
            ?? throw new InvalidOperationException($"Norm layer {normIndex} has no record: run the training forward first, and the backward once.");
        _records[normIndex] = null;
        return record;
    }

    /// <summary>Gives the kept maps back to the pass's buffers; the tape is spent after.</summary>
    internal void ReleaseRecords()
    {
        for (int i = 0; i < _records.Length; i++)
        {
            if (_records[i] is { } record) Run.Release(record.PreNorm);
            _records[i] = null;
        }
    }
}
