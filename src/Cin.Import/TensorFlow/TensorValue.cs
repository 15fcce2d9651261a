using System.Buffers.Binary;

namespace Cin.Import.TensorFlow;

/// <summary>
/// A TensorProto as far as this importer needs it. TensorFlow stores a constant either as raw little-endian bytes
/// (tensor_content) or as a typed repeated field (float_val, int_val); the accessors hide which one was used.
/// </summary>
internal sealed class TensorValue
{
    public required int DataType { get; init; }
    public required long[] Shape { get; init; }
    public ReadOnlyMemory<byte> Content { get; init; }
    public IReadOnlyList<float> FloatValues { get; init; } = [];
    public IReadOnlyList<long> IntValues { get; init; } = [];

    public string ShapeText => "[" + string.Join(", ", Shape) + "]";

    /// <summary>The number of elements; a shape too large to be real is a format error, not an overflow.</summary>
    public int ElementCount(string nodeName)
    {
        long count = 1;
        foreach (long dim in Shape)
        {
            if (dim < 0 || (dim > 0 && count > int.MaxValue / dim))
                throw new ModelImportException($"node '{nodeName}' has an impossible tensor shape {ShapeText}");
            count *= dim;
        }
        return (int)count;
    }

    public float[] ToFloats(string nodeName)
    {
        RequireType(TfDataType.Float, nodeName);
        int count = ElementCount(nodeName);
        var values = new float[count];
        if (!Content.IsEmpty)
        {
            RequireContentLength(count * 4, nodeName);
            ReadOnlySpan<byte> bytes = Content.Span;
            for (int i = 0; i < count; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * 4)..]);
            return values;
        }
        FillFromRepeated(values, FloatValues, nodeName);
        return values;
    }

    public byte[] ToQUInt8(string nodeName)
    {
        RequireType(TfDataType.QUInt8, nodeName);
        int count = ElementCount(nodeName);
        if (!Content.IsEmpty)
        {
            RequireContentLength(count, nodeName);
            return Content.ToArray();
        }
        // Without tensor_content TensorFlow keeps 8-bit values in int_val.
        var values = new byte[count];
        var wide = new long[count];
        FillFromRepeated(wide, IntValues, nodeName);
        for (int i = 0; i < count; i++)
        {
            if (wide[i] is < 0 or > 255)
                throw new ModelImportException($"node '{nodeName}' holds {wide[i]} in a quint8 tensor");
            values[i] = (byte)wide[i];
        }
        return values;
    }

    public int[] ToInt32s(string nodeName)
    {
        RequireType(TfDataType.Int32, nodeName);
        int count = ElementCount(nodeName);
        var values = new int[count];
        if (!Content.IsEmpty)
        {
            RequireContentLength(count * 4, nodeName);
            ReadOnlySpan<byte> bytes = Content.Span;
            for (int i = 0; i < count; i++) values[i] = BinaryPrimitives.ReadInt32LittleEndian(bytes[(i * 4)..]);
            return values;
        }
        var wide = new long[count];
        FillFromRepeated(wide, IntValues, nodeName);
        for (int i = 0; i < count; i++) values[i] = unchecked((int)wide[i]);
        return values;
    }

    private void RequireType(int expected, string nodeName)
    {
        if (DataType != expected)
        {
            throw new ModelImportException(
                $"node '{nodeName}' is {TfDataType.Describe(DataType)}, expected {TfDataType.Describe(expected)}");
        }
    }

    private void RequireContentLength(int expectedBytes, string nodeName)
    {
        if (Content.Length != expectedBytes)
        {
            throw new ModelImportException(
                $"node '{nodeName}' has {Content.Length} bytes of tensor content for shape {ShapeText}, expected {expectedBytes}");
        }
    }

    /// <summary>
    /// TensorFlow's rule for the repeated fields: fewer values than elements means the last value repeats
    /// (a constant tensor written as one number); more values than elements is malformed.
    /// </summary>
    private void FillFromRepeated<T>(T[] target, IReadOnlyList<T> source, string nodeName)
    {
        if (source.Count > target.Length || (source.Count == 0 && target.Length > 0))
        {
            throw new ModelImportException(
                $"node '{nodeName}' has {source.Count} values for shape {ShapeText} ({target.Length} elements)");
        }
        for (int i = 0; i < target.Length; i++) target[i] = source[Math.Min(i, source.Count - 1)];
    }
}
