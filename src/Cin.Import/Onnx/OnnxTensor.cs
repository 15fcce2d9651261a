using System.Buffers.Binary;

namespace Cin.Import.Onnx;

/// <summary>
/// A TensorProto as far as this importer needs it. ONNX stores an initializer either as raw little-endian bytes
/// (raw_data) or as a typed repeated field (float_data); <see cref="ToFloats"/> hides which one was used.
/// </summary>
internal sealed class OnnxTensor
{
    public required string Name { get; init; }
    public required int DataType { get; init; }
    public required long[] Dims { get; init; }
    public ReadOnlyMemory<byte> RawData { get; init; }
    public bool HasRawData { get; init; }
    public IReadOnlyList<float> FloatData { get; init; } = [];

    /// <summary>True when the values live in a file beside the model (data_location = EXTERNAL).</summary>
    public bool IsExternal { get; init; }

    public string DimsText => "[" + string.Join(", ", Dims) + "]";

    /// <summary>The number of elements; a shape too large to be real is a format error, not an overflow.</summary>
    public int ElementCount
    {
        get
        {
            long count = 1;
            foreach (long dim in Dims)
            {
                if (dim < 0 || (dim > 0 && count > int.MaxValue / 4 / dim))
                    throw new ModelImportException($"tensor '{Name}' has an impossible shape {DimsText}");
                count *= dim;
            }
            return (int)count;
        }
    }

    public float[] ToFloats()
    {
        if (IsExternal)
            throw new ModelImportException($"tensor '{Name}' keeps its data in an external file, which is not supported");
        if (DataType != OnnxDataType.Float)
            throw new ModelImportException($"tensor '{Name}' is {OnnxDataType.Describe(DataType)}, expected float32");
        int count = ElementCount;
        var values = new float[count];
        if (HasRawData)
        {
            if (RawData.Length != count * sizeof(float))
            {
                throw new ModelImportException(
                    $"tensor '{Name}' has {RawData.Length} bytes of raw_data for shape {DimsText}, expected {count * sizeof(float)}");
            }
            ReadOnlySpan<byte> bytes = RawData.Span;
            for (int i = 0; i < count; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * sizeof(float))..]);
            return values;
        }
        // Unlike TensorFlow's float_val, ONNX's float_data never repeats its last value: the count must match.
        if (FloatData.Count != count)
            throw new ModelImportException($"tensor '{Name}' has {FloatData.Count} values in float_data for shape {DimsText}, expected {count}");
        for (int i = 0; i < count; i++) values[i] = FloatData[i];
        return values;
    }
}
