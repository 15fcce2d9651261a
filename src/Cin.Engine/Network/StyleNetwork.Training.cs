using Cin.Engine.Kernels;
using Cin.Engine.Kernels.Backward;

namespace Cin.Engine.Network;

// Training a style row: a forward pass that keeps a tape, and a backward pass from the gradient with respect to the
// output to the gradient with respect to the gamma and beta rows. The generator writes both per model beside Forward,
// one line per layer or residual block, the backward in reverse.
public abstract partial class StyleNetwork
{
    /// <summary>
    /// Runs the network as <see cref="Run"/> does and keeps on the returned tape what <see cref="Backward(TrainingTape, FeatureMap)"/>
    /// needs; the output is <see cref="TrainingTape.Output"/>. Norms are applied in place, never deferred, and no
    /// statistics filter is applied.
    /// </summary>
    public TrainingTape RunForTraining(FeatureMap rgb, StyleParameters style, int threads = 1)
    {
        CheckInput(rgb, style);
        var tape = new TrainingTape(rgb, style, threads, Buffers);
        tape.Output = ForwardForTraining(rgb, style, tape);
        return tape;
    }

    /// <summary>
    /// The gradient of a scalar loss with respect to the gamma and beta rows <paramref name="tape"/>'s pass ran with,
    /// given <paramref name="outputGradient"/>, the loss's gradient with respect to the output. Spends the tape; the
    /// output gradient is left as it was.
    /// </summary>
    public StyleGradient Backward(TrainingTape tape, FeatureMap outputGradient)
    {
        var output = tape.Output ?? throw new ArgumentException("The tape has no output: run RunForTraining first.", nameof(tape));
        if (outputGradient.Height != output.Height || outputGradient.Width != output.Width || outputGradient.Channels != output.Channels)
            throw new ArgumentException($"The output gradient must be {output.Height}x{output.Width}x{output.Channels}.", nameof(outputGradient));
        var gradient = new StyleGradient(tape.Style);
        var run = tape.Run;
        var working = run.Rent(output.Height, output.Width, output.Channels);
        outputGradient.Span.CopyTo(working.Span);
        Backward(working, tape, gradient);
        tape.ReleaseRecords();
        run.Finish();
        return gradient;
    }

    /// <summary>The training forward, generated per model: <see cref="Forward"/>'s steps, each keeping its record on the tape.</summary>
    protected virtual FeatureMap ForwardForTraining(FeatureMap rgb, StyleParameters style, TrainingTape tape) =>
        throw new NotSupportedException($"The {Info.Name} network has no training forward pass.");

    /// <summary>
    /// The backward pass, generated per model: the steps of <see cref="Forward"/> in reverse, each taking the
    /// gradient from its output to its input and adding its norms' gamma and beta gradients to <paramref name="gradient"/>.
    /// </summary>
    protected virtual void Backward(FeatureMap outputGradient, TrainingTape tape, StyleGradient gradient) =>
        throw new NotSupportedException($"The {Info.Name} network has no backward pass.");

    /// <summary>A residual block for training: <see cref="Residual"/>'s arithmetic, each layer keeping its record.</summary>
    protected static FeatureMap ResidualForTraining(FeatureMap x, ConvLayer conv1, ConvLayer conv2, StyleParameters style, TrainingTape tape)
    {
        var inner = conv1.ForwardForTrainingKeepingInput(x, style, tape);
        var y = conv2.ForwardForTraining(inner, style, tape);
        ResidualAdd.Apply(y.Span, x.Span);
        tape.Run.Release(x);
        return y;
    }

    /// <summary>
    /// A residual block backward: the gradient goes back through both layers and, along the skip, unchanged; the two
    /// are added. Releases nothing the caller keeps: <paramref name="outputGradient"/> becomes the input's gradient.
    /// </summary>
    protected static FeatureMap ResidualBackward(FeatureMap outputGradient, ConvLayer conv1, ConvLayer conv2, TrainingTape tape, StyleGradient gradient)
    {
        var run = tape.Run;
        var throughBlock = run.Rent(outputGradient.Height, outputGradient.Width, outputGradient.Channels);
        outputGradient.Span.CopyTo(throughBlock.Span);
        throughBlock = conv1.Backward(conv2.Backward(throughBlock, tape, gradient), tape, gradient);
        ResidualAddGradient.Apply(outputGradient, throughBlock);
        run.Release(throughBlock);
        return outputGradient;
    }
}
