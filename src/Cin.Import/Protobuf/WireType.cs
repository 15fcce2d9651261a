namespace Cin.Import.Protobuf;

/// <summary>The low three bits of a protobuf tag.</summary>
internal enum WireType
{
    Varint = 0,
    Fixed64 = 1,
    LengthDelimited = 2,
    StartGroup = 3,
    EndGroup = 4,
    Fixed32 = 5,
}

internal static class WireTypeNames
{
    public static string Describe(this WireType type) => type switch
    {
        WireType.Varint => "varint",
        WireType.Fixed64 => "fixed64",
        WireType.LengthDelimited => "length-delimited",
        WireType.StartGroup => "start-group",
        WireType.EndGroup => "end-group",
        WireType.Fixed32 => "fixed32",
        _ => $"wire type {(int)type}",
    };
}
