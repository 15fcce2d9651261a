namespace Cin.Engine.Network;

/// <summary>One style of a model: its row in the gamma/beta tables and how people refer to it.</summary>
public sealed record StyleInfo(
    int Index,
    string Name,
    IReadOnlyList<string> Aliases,
    string Title,
    string Artist,
    string Year,
    string Source);
