namespace Cin.Import.Onnx;

/// <summary>A ModelProto: the IR version, who wrote it, the operator-set versions it needs, and its graph.</summary>
internal sealed record OnnxModel(long IrVersion, string ProducerName, string ProducerVersion,
    IReadOnlyDictionary<string, long> OpsetVersions, OnnxGraph Graph);
