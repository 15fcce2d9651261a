using System.Reflection;

namespace Cin.Import.Tests;

/// <summary>
/// The files of the NuGet package Microsoft.ML.DnnImageFeaturizer.ResNet18, which the test project downloads at
/// restore (see its csproj); the folder is recorded in the assembly's metadata at build time.
/// </summary>
internal static class PackagePaths
{
    public static string ResNet18Folder { get; } =
        typeof(PackagePaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "ResNet18PackageFolder").Value ?? "";

    public static string ResNet18Onnx =>
        Path.Combine(ResNet18Folder, "tools", "DnnImageModels", "ResNet18Onnx", "ResNet18.onnx");

    public static string ResNetPreprocessOnnx =>
        Path.Combine(ResNet18Folder, "tools", "DnnImageModels", "ResNetPrepOnnx", "ResNetPreprocess.onnx");

    /// <summary>The path, or a skipped test when restore did not bring the package (an offline machine).</summary>
    public static string OrSkip(string path)
    {
        if (!File.Exists(path))
            Assert.Skip($"NuGet package Microsoft.ML.DnnImageFeaturizer.ResNet18 not restored: {path} is absent");
        return path;
    }
}
