namespace Cin.Import.Features;

/// <summary>How weights.bin stores each value (the type word of model.txt's <c>weights</c> statement).</summary>
internal enum WeightStorage
{
    Float32,
    Float16,
}

internal static class WeightStorageNames
{
    public static string ToModelText(this WeightStorage storage) => storage switch
    {
        WeightStorage.Float32 => "float32",
        WeightStorage.Float16 => "float16",
        _ => throw new ArgumentOutOfRangeException(nameof(storage)),
    };

    public static int BytesPerValue(this WeightStorage storage) => storage == WeightStorage.Float16 ? 2 : 4;
}
