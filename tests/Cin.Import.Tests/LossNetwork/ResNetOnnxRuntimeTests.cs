using Cin.Import.Features;

namespace Cin.Import.Tests.LossNetwork;

/// <summary>
/// The imported folder, run by the reference twin, against ONNX Runtime on the original, unfolded graph. The image
/// is 49x67: odd, so the stem's 3/2 pads and the pool's 1/0 pads decide which pixels the last rows and columns
/// see. (45x61 cannot run even in ONNX Runtime: a stride-2 block's 3x3 path and its 1x1 projection disagree in
/// size on an odd input, and 45 or 61 makes the layer2 input odd. Sizes work when H and W mod 16 are 0 to 3.)
/// </summary>
public sealed class ResNetOnnxRuntimeTests
{
    private const int Height = 49, Width = 67;

    /// <summary>The issue's bound for the loss network: each tap within 1e-4 of ONNX Runtime, relative to its scale.</summary>
    private const double Tolerance = 1e-4;

    [Fact]
    public void Float32_folder_matches_onnx_runtime_at_every_tap()
    {
        var errors = Compare(WeightStorage.Float32);
        Assert.All(errors, e => Assert.True(e.Value <= Tolerance, $"{e.Key}: relative error {e.Value:G3} > {Tolerance}"));
    }

    [Fact]
    public void Float16_storage_costs_more_than_the_bound_at_layer3()
    {
        // Why the importer stores float32 (ResNetImportCommand.Storage): rounding the folded weights to float16
        // moves the taps by more than the issue's bound (measured: relu1 2.1e-4, layer1 4.8e-4, layer2 4.1e-4,
        // layer3 5.9e-4; float32 stays under 5e-7). The figures also go to the test log.
        var errors = Compare(WeightStorage.Float16);
        TestContext.Current.SendDiagnosticMessage("float16 storage, relative error per tap: " +
            string.Join(", ", errors.Select(e => $"{e.Key} {e.Value:G3}")));
        Assert.True(errors["layer3"] > Tolerance, $"layer3 error with float16 is {errors["layer3"]:G3}; float16 would do");
        Assert.True(errors["layer3"] < 3e-3, $"layer3 error with float16 is {errors["layer3"]:G3}, beyond rounding");
    }

    /// <summary>ONNX Runtime's taps for the test image, computed once for both storages (the input is the same).</summary>
    private static readonly Lazy<Dictionary<string, Chw>> OnnxRuntimeTaps = new(() =>
    {
        ResNetPackage package = ResNetPackage.GetOrSkip();
        Chw input = ReferenceTwin.Preprocess(package.Folder(WeightStorage.Float32), TestImage());
        Dictionary<string, Chw> byValue = OnnxTaps.Run(package.Network, input, [.. package.Imported.Taps.Select(t => t.SourceValue)]);
        return package.Imported.Taps.ToDictionary(t => t.Name, t => byValue[t.SourceValue]);
    });

    private static Dictionary<string, double> Compare(WeightStorage storage)
    {
        ResNetPackage package = ResNetPackage.GetOrSkip();
        FeatureFolder folder = package.Folder(storage);
        Chw input = ReferenceTwin.Preprocess(folder, TestImage());
        Dictionary<string, Chw> ours = ReferenceTwin.Forward(folder, input);
        Dictionary<string, Chw> ort = OnnxRuntimeTaps.Value;

        Assert.Equal(["relu1", "layer1", "layer2", "layer3"], ours.Keys);
        // Sizes with the lopsided pads: 49x67 -> 24x33 (stem) -> 12x16 (pool) -> 6x8 -> 3x4.
        Assert.Equal(["64x24x33", "64x12x16", "128x6x8", "256x3x4"], ours.Values.Select(v => v.ShapeText));
        return ours.ToDictionary(t => t.Key, t => t.Value.RelativeErrorTo(ort[t.Key]));
    }

    private static Chw TestImage() => LossNetworkImages.Smooth(Height, Width);
}
