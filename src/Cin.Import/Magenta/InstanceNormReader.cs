using Cin.Import.TensorFlow;

namespace Cin.Import.Magenta;

/// <summary>
/// Reads a layer's conditional instance norm: the [styles, channels] gamma and beta tables, and the epsilon,
/// which the cin format fixes at 1e-5 and so is checked rather than carried over.
/// </summary>
internal static class InstanceNormReader
{
    public const float Epsilon = 1e-5f;

    public static (float[] Gamma, float[] Beta, int Styles) Read(GraphDef graph, string scope, int channels)
    {
        var (gamma, gammaStyles) = ReadTable(graph, $"{scope}/InstanceNorm/gamma", channels);
        var (beta, betaStyles) = ReadTable(graph, $"{scope}/InstanceNorm/beta", channels);
        if (gammaStyles != betaStyles)
            throw new ModelImportException($"layer '{scope}' has {gammaStyles} gamma rows but {betaStyles} beta rows");

        string epsilonName = $"{scope}/InstanceNorm/batchnorm/add/y";
        float[] epsilon = graph.Require(epsilonName, "the instance norm's epsilon").ConstValue().ToFloats(epsilonName);
        if (epsilon.Length != 1 || epsilon[0] != Epsilon)
            throw new ModelImportException($"'{epsilonName}' is {string.Join(", ", epsilon)}; the cin format's epsilon is 1e-5");
        return (gamma, beta, gammaStyles);
    }

    private static (float[] Values, int Styles) ReadTable(GraphDef graph, string name, int channels)
    {
        TensorValue tensor = graph.Require(name, "a conditional instance norm table").ConstValue();
        if (tensor.Shape.Length != 2 || tensor.Shape[1] != channels || tensor.Shape[0] < 1)
            throw new ModelImportException($"'{name}' has shape {tensor.ShapeText}, expected [styles, {channels}]");
        float[] values = tensor.ToFloats(name);
        foreach (float v in values)
        {
            if (!float.IsFinite(v))
                throw new ModelImportException($"'{name}' holds {v}, which is not a finite number");
        }
        return (values, (int)tensor.Shape[0]);
    }
}
