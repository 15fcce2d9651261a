namespace Cin.Import.Onnx;

/// <summary>
/// A ValueInfoProto: a graph input or output with its element type and shape. A dimension is a number, or
/// null where the model leaves it free (dim_param) or says nothing.
/// </summary>
internal sealed record OnnxValueInfo(string Name, int ElementType, IReadOnlyList<long?> Dims);
