using Cin.Engine.Learning;
using Cin.Features;
using Cin.Models;

namespace Cin.Cli.Tests;

/// <summary>
/// The backend `cin learn` ships with (the compiled ResNet-18 trunk and the compiled style network's training pass),
/// run for real: a short session on the magenta model, at small crops so that it takes seconds, must lower the style
/// loss. The gradients themselves are checked against finite differences elsewhere; this checks that they are wired
/// to the right taps, signs and rows.
/// </summary>
public sealed class CompiledLearningBackendTests
{
    [Fact]
    public void A_short_session_on_magenta_lowers_the_style_loss()
    {
        using var folder = new TempFolder();
        string painting = Path.Combine(folder.Path, "painting.png");
        TestImages.SavePng(painting, 120, 90);
        var photos = Enumerable.Range(0, 3).Select(i =>
        {
            string photo = Path.Combine(folder.Path, $"p{i}.jpg");
            TestImages.SaveJpeg(photo, 90 + 10 * i, 80);
            return photo;
        }).ToList();
        var settings = new LearnSettings(Steps: 16, Batch: 2, Crop: 64, StyleSize: 96, LearningRate: 0.05, CalibrationCrops: 4);
        var backend = new CompiledLearningBackend();
        var session = LearnSession.Start(new LearnRequest(painting, "synthetic", photos, settings), BuiltInModelCatalog.Instance.Load("magenta"),
            backend, threads: 2, resume: null, note: _ => { });

        var losses = new List<LossParts>();
        while (!session.Finished) losses.Add(session.RunStep());

        Assert.All(losses, l => Assert.True(double.IsFinite(l.Total) && l.Style > 0, $"a step's loss is {l.Total}"));
        double first = losses.Take(3).Average(l => l.Style), last = losses.TakeLast(3).Average(l => l.Style);
        TestContext.Current.SendDiagnosticMessage($"style loss: {string.Join(", ", losses.Select(l => l.Style.ToString("F3")))}");
        Assert.True(last < 0.8 * first, $"the style loss went from {first:F3} to {last:F3}");
        Assert.Same(backend.LossNetwork, backend.LossNetwork);
    }
}
