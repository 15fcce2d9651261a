namespace Cin.Import.ResNet;

/// <summary>Where the ResNet-18 loss network comes from, as model.txt states it.</summary>
internal static class ResNetProvenance
{
    public const string ModelName = "resnet18-trunk";
    public const string Title = "ImageNet ResNet-18 up to layer3 (CNTK export), BatchNorm folded: the style-transfer loss network";
    public const string Licence = "MIT";
    public const string Source =
        "NuGet package Microsoft.ML.DnnImageFeaturizer.ResNet18 0.23.1, tools/DnnImageModels/ResNet18Onnx/ResNet18.onnx " +
        "and ResNetPrepOnnx/ResNetPreprocess.onnx";
}
