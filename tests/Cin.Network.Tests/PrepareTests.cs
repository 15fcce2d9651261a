using Cin.Engine;
using Cin.Network.Tests.Reference;

namespace Cin.Network.Tests;

/// <summary>
/// <see cref="Cin.Engine.Network.StyleNetwork.Prepare"/> finds a run's buffers from a run at the smallest size and
/// allocates them scaled: the first real run must then find every activation buffer ready, and compute the same.
/// </summary>
public class PrepareTests
{
    [Theory]
    [InlineData(64, 48, false)]
    [InlineData(36, 100, false)]
    [InlineData(64, 48, true)]
    public void Prepared_buffers_serve_the_first_run(int height, int width, bool shared)
    {
        var folder = ModelFolder.Read(RepoPaths.TestModel("paper"));
        float[] weights = folder.RandomHeWeights(seed: 11);
        var input = new FeatureMap(height, width, 3);
        var random = new Random(5);
        for (int i = 0; i < input.Length; i++) input.Data[i] = random.NextSingle();

        var fresh = new PaperNetwork(weights);
        var freshStyle = fresh.Style(1);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var expected = fresh.Run(input, freshStyle, threads: 1);
        long freshBytes = GC.GetAllocatedBytesForCurrentThread() - before;

        var prepared = new PaperNetwork(weights);
        var preparedStyle = prepared.Style(1);
        if (shared)
        {
            // As a photo run does it: another thread starts on the pages, this one joins in.
            var preparation = prepared.PlanPreparation(height, width)!;
            var helper = Task.Run(preparation.Work);
            preparation.Join();
            helper.Wait();
            Assert.Null(prepared.PlanPreparation(height, width));
        }
        else
        {
            prepared.Prepare(height, width);
        }
        before = GC.GetAllocatedBytesForCurrentThread();
        var output = prepared.Run(input, preparedStyle, threads: 1);
        long preparedBytes = GC.GetAllocatedBytesForCurrentThread() - before;

        // The activations are nearly all of a run's allocation; what is left is the output's own copy and small
        // per-layer tables.
        long activationBytes = 4L * height * width * (32 + 64 / 4 + 128 / 16);
        Assert.True(freshBytes > activationBytes, $"a fresh run allocated {freshBytes} bytes");
        Assert.True(preparedBytes < freshBytes - activationBytes,
            $"a prepared run allocated {preparedBytes} bytes, a fresh one {freshBytes}");
        Assert.Equal(expected.Span.ToArray(), output.Span.ToArray());
    }

    [Fact]
    public void A_second_run_reuses_every_activation_buffer()
    {
        const int height = 96, width = 80;
        var folder = ModelFolder.Read(RepoPaths.TestModel("paper"));
        var network = new PaperNetwork(folder.RandomHeWeights(seed: 12));
        var style = network.Style(0);
        var input = new FeatureMap(height, width, 3);
        var first = network.Run(input, style, threads: 1);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var second = network.Run(input, style, threads: 1);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // The output leaves with the caller in a buffer of its own size; a large pooled buffer taken for it would
        // have to be allocated again by this run. Beside the output, a run allocates only per-layer odds and ends
        // (statistics, tables), well under the smallest activation (128 channels at a quarter of each side).
        long outputBytes = 4L * height * width * 3, smallestActivation = 4L * (height / 4) * (width / 4) * 128;
        Assert.True(second.Data.Length <= 2 * second.Length, $"the output sits in a buffer of {second.Data.Length} floats");
        Assert.True(allocated < outputBytes + smallestActivation / 2,
            $"the second run allocated {allocated} bytes; its output is {outputBytes}");
        Assert.Equal(first.Span.ToArray(), second.Span.ToArray());
    }
}
