namespace Cin.Engine.Learning;

/// <summary>
/// Learns one style row: Adam on the row, every convolution frozen. A step draws a batch of crops, runs the style
/// network with the row, the loss network on its outputs (and, for the content loss, on the crops themselves), and
/// back through both to the row; the batch's loss is the mean of its images' (<see cref="PerceptualLoss"/>).
/// </summary>
public sealed class StyleLearner
{
    private readonly IStyleNetworkTrainer _network;
    private readonly ILossNetwork _lossNetwork;
    private readonly PerceptualLoss _loss;
    private readonly CropSampler _sampler;
    private readonly int _batch;
    private readonly int _threads;
    private readonly MapArena[] _arenas;

    public StyleLearner(IStyleNetworkTrainer network, ILossNetwork lossNetwork, PerceptualLoss loss, CropSampler sampler, StyleRow row,
        AdamOptimizer optimizer, int batch, int threads)
    {
        _network = network;
        _lossNetwork = lossNetwork;
        _loss = loss;
        _sampler = sampler;
        Row = row;
        Optimizer = optimizer;
        _batch = batch;
        _threads = Math.Max(1, threads);
        _arenas = Enumerable.Range(0, Math.Min(batch, _threads)).Select(_ => new MapArena()).ToArray();
        if (!lossNetwork.Accepts(sampler.Crop, sampler.Crop)) throw new ArgumentException($"The loss network does not take {sampler.Crop} px crops.");
    }

    public StyleRow Row { get; }
    public AdamOptimizer Optimizer { get; }
    public CropSampler Sampler => _sampler;

    /// <summary>The painting's Grams (computed once) and each layer's normalizer, measured on unstyled crops.</summary>
    public static StyleTarget Target(FeatureMap painting, ILossNetwork lossNetwork, CropSampler calibration, int crops, int threads)
    {
        var grams = StyleTarget.GramsOf(lossNetwork.Forward(painting, threads).Taps, threads);
        var photos = new List<LossTaps>();
        var crop = new FeatureMap(calibration.Crop, calibration.Crop, 3);
        for (int i = 0; i < crops; i++)
        {
            calibration.Next(crop);
            photos.Add(lossNetwork.Forward(crop, threads).Taps);
        }
        return StyleTarget.Calibrate(grams, photos, threads);
    }

    /// <summary>One Adam step on a fresh batch; returns the batch's losses before the update.</summary>
    public LossParts Step()
    {
        var (gamma, beta) = Row.ZeroGradients();
        var parts = Evaluate(gamma, beta);
        Optimizer.Update(Row.Values, Row.Flatten(gamma, beta));
        return parts;
    }

    /// <summary>
    /// The losses of a fresh batch with the row as it is, and their gradients with respect to the row, added into
    /// <paramref name="gamma"/> and <paramref name="beta"/>.
    /// <para>
    /// The batch's crops run side by side, each on its own thread, rather than one after another with every layer
    /// split across the threads: a 128 px crop's maps are too small for that split to keep two cores busy (1.27 of 2
    /// measured at magenta 128). The crops are drawn in order first and their gradients summed in order after, so the
    /// result does not depend on which crop finished first. Each lane keeps its maps from step to step (<see cref="MapArena"/>).
    /// </para>
    /// </summary>
    public LossParts Evaluate(float[][] gamma, float[][] beta)
    {
        var style = Row.ToStyle();
        var crops = new FeatureMap[_batch];
        for (int b = 0; b < _batch; b++)
        {
            crops[b] = new FeatureMap(_sampler.Crop, _sampler.Crop, 3);
            _sampler.Next(crops[b]);
        }

        int lanes = _arenas.Length;
        int threadsPerCrop = Math.Max(1, _threads / lanes);
        var results = new CropResult[_batch];
        // Each lane takes the next crop when it is done with one, so a crop slowed by the machine delays only itself.
        int taken = -1;
        try
        {
            Parallel.For(0, lanes, new ParallelOptions { MaxDegreeOfParallelism = lanes }, lane =>
            {
                using var arena = _arenas[lane].Enter();
                for (int b = Interlocked.Increment(ref taken); b < _batch; b = Interlocked.Increment(ref taken))
                {
                    results[b] = EvaluateCrop(crops[b], style, threadsPerCrop);
                    arena.Recycle();
                }
            });
        }
        catch (AggregateException e)
        {
            // A failure reads as it would one crop after another, not wrapped by the lanes (the first, if both failed).
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }

        double scale = 1.0 / _batch;
        double total = 0, content = 0, styleLoss = 0, tv = 0;
        var perLayer = new double[LossTaps.Count];
        foreach (var (parts, cropGamma, cropBeta) in results)
        {
            for (int layer = 0; layer < gamma.Length; layer++)
            {
                Kernels.ResidualAdd.Apply(gamma[layer], cropGamma[layer]);
                Kernels.ResidualAdd.Apply(beta[layer], cropBeta[layer]);
            }
            total += parts.Total * scale;
            content += parts.Content * scale;
            styleLoss += parts.Style * scale;
            tv += parts.TotalVariation * scale;
            for (int k = 0; k < perLayer.Length; k++) perLayer[k] += parts.StylePerLayer[k] * scale;
        }
        return new LossParts(total, content, styleLoss, tv, perLayer);
    }

    private readonly record struct CropResult(LossParts Parts, float[][] Gamma, float[][] Beta);

    /// <summary>One crop's losses, and the gradients of 1/batch of its loss with respect to the row.</summary>
    private CropResult EvaluateCrop(FeatureMap crop, Network.StyleParameters style, int threads)
    {
        var (gamma, beta) = Row.ZeroGradients();
        var photoContent = _lossNetwork.ContentTap(crop, threads);
        var pass = _network.Forward(crop, style, threads);
        var lossPass = _lossNetwork.Forward(pass.Output, threads);
        var tapGradients = lossPass.Taps.ZerosLike();
        var outputGradient = new FeatureMap(pass.Output.Height, pass.Output.Width, 3);
        var parts = _loss.Evaluate(lossPass.Taps, photoContent, pass.Output, tapGradients, outputGradient, 1.0 / _batch, threads);
        var throughLoss = lossPass.Backward(tapGradients, threads);
        Kernels.ResidualAdd.Apply(outputGradient.Span, throughLoss.Span);
        pass.Backward(outputGradient, gamma, beta, threads);
        return new CropResult(parts, gamma, beta);
    }
}
