namespace Cin.Import.Onnx;

/// <summary>The TensorProto.DataType values this importer meets (onnx.proto).</summary>
internal static class OnnxDataType
{
    public const int Float = 1;
    public const int Int64 = 7;

    public static string Describe(int dataType) => dataType switch
    {
        Float => "float32",
        Int64 => "int64",
        10 => "float16",
        11 => "float64",
        _ => $"data type {dataType}",
    };
}
