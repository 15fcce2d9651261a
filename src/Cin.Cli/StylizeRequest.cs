using Cin.Engine.Imaging;

namespace Cin.Cli;

/// <summary>What `cin &lt;input&gt; ...` asks for, as parsed from the command line.</summary>
/// <param name="Output">Null for the default, &lt;input-name&gt;-&lt;style&gt;.&lt;ext&gt; beside the input.</param>
/// <param name="Model">Null for the catalog's default model.</param>
public sealed record StylizeRequest(
    string Input,
    string? Output,
    string Style,
    string? Model = null,
    int Quality = OutputFormat.DefaultQuality,
    bool Force = false,
    int Threads = 1);
