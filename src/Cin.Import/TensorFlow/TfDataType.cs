namespace Cin.Import.TensorFlow;

/// <summary>The TensorFlow DataType enum values this importer meets (types.proto).</summary>
internal static class TfDataType
{
    public const int Float = 1;
    public const int Int32 = 3;
    public const int QUInt8 = 12;

    public static string Describe(int dtype) => dtype switch
    {
        Float => "float32",
        Int32 => "int32",
        QUInt8 => "quint8",
        _ => $"dtype {dtype}",
    };
}
