namespace Cin.Import;

/// <summary>
/// The input is not a model this importer can read. The message is one line, meant to follow
/// "cin-import: FILE: " and to tell the user what is wrong without a stack trace.
/// </summary>
internal sealed class ModelImportException(string message) : Exception(message);
