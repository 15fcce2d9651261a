namespace Cin.Engine.Imaging;

/// <summary>Why an image file could not be read or written, for callers that react differently to each.</summary>
public enum ImageFileError
{
    /// <summary>The input does not exist, is a folder, or cannot be opened.</summary>
    Unreadable,
    /// <summary>The input has zero bytes.</summary>
    Empty,
    /// <summary>The input is not in a format cin reads.</summary>
    NotAnImage,
    /// <summary>The input is in a known format but truncated, corrupt or an unsupported variant.</summary>
    Corrupt,
    /// <summary>The input has more pixels than the limit (ImageReadOptions.MaxPixels).</summary>
    TooLarge,
    /// <summary>The output's extension names no format cin writes.</summary>
    UnknownOutputFormat,
    /// <summary>The output's folder does not exist.</summary>
    OutputFolderMissing,
    /// <summary>The output exists and overwriting was not allowed.</summary>
    OutputExists,
    /// <summary>The output could not be written (permissions, disk full, ...).</summary>
    Unwritable,
    /// <summary>Two inputs of one run would be written to the same output.</summary>
    OutputCollision,
    /// <summary>The output is the input itself; no option allows replacing a photo with its stylized version.</summary>
    OutputIsInput,
}
