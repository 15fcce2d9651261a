using System.Collections;
using System.Globalization;
using System.Management.Automation;
using System.Text;

namespace Cin.PowerShell;

/// <summary>
/// What -Style was given, reduced to the engine's style syntax ("starry-night", or "starry-night=0.7,great-wave=0.3")
/// plus the model a CinStyle object came from. It is not resolved here: the model is another parameter, bound in
/// any order, so the engine's StyleSelector resolves it when the cmdlet runs.
/// </summary>
public sealed class CinStyleSelection
{
    public CinStyleSelection(string text, string? model = null)
    {
        Text = text;
        Model = model;
    }

    /// <summary>The selection in the syntax `cin --style` takes.</summary>
    public string Text { get; }

    /// <summary>The model of the CinStyle object this came from; null for names and blends.</summary>
    public string? Model { get; }

    public override string ToString() => Text;
}

/// <summary>
/// Lets -Style take a style name or alias, a CinStyle object, a blend hashtable (<c>@{ 'starry-night' = 0.7;
/// 'great-wave' = 0.3 }</c>, keys may be CinStyle objects too) or the CLI's blend text, written quoted or as an array
/// (<c>-Style starry-night=0.7,great-wave=0.3</c> reaches the cmdlet as two strings).
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class CinStyleTransformationAttribute : ArgumentTransformationAttribute
{
    internal const string Expected =
        "Give -Style a style name (Get-CinStyle lists them), a CinStyle object, or a blend hashtable such as @{ 'starry-night' = 0.7; 'great-wave' = 0.3 }.";

    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData) => Convert(inputData);

    internal static CinStyleSelection Convert(object? input)
    {
        // A CinStyle that went through serialization (a job, a remote session, Import-Clixml) keeps its properties.
        if (input is PSObject { BaseObject: PSCustomObject } pso && pso.TypeNames.Contains("Deserialized." + typeof(CinStyle).FullName)
            && pso.Properties["Name"]?.Value is string deserializedName)
            return new CinStyleSelection(deserializedName, pso.Properties["Model"]?.Value as string);
        input = Unwrap(input);
        switch (input)
        {
            case CinStyleSelection selection:
                return selection;
            case CinStyle style:
                return new CinStyleSelection(style.Name, style.Model);
            case string text:
                return new CinStyleSelection(text.Trim());
            case int or long or short or byte:
                return new CinStyleSelection(System.Convert.ToString(input, CultureInfo.InvariantCulture)!);
            case IDictionary blend:
                return FromDictionary(blend);
            case IList list when list.Count == 1:
                return Convert(list[0]);
            case IList list when list.Count > 1:
                return FromList(list);
            // A file piped to a command without -Style reaches here too, as the pipeline tries each parameter.
            case FileSystemInfo file:
                throw new ArgumentTransformationMetadataException(
                    $"The {(file is DirectoryInfo ? "folder" : "file")} '{file.FullName}' is not a style; was -Style left out? {Expected}");
            default:
                throw new ArgumentTransformationMetadataException(
                    $"Cannot use {Describe(input)} as a style. {Expected}");
        }
    }

    private static CinStyleSelection FromDictionary(IDictionary blend)
    {
        if (blend.Count == 0) throw new ArgumentTransformationMetadataException($"The style blend is empty. {Expected}");
        var text = new StringBuilder();
        string? model = null;
        foreach (DictionaryEntry entry in blend)
        {
            object? key = Unwrap(entry.Key);
            string name = key switch
            {
                CinStyle style => style.Name,
                string s => s.Trim(),
                int or long or short or byte => System.Convert.ToString(key, CultureInfo.InvariantCulture)!,
                _ => throw new ArgumentTransformationMetadataException($"A blend key must be a style name; got {Describe(key)}."),
            };
            if (key is CinStyle { Model: var m }) model ??= m;
            if (name.Length == 0 || name.IndexOfAny([',', '=']) >= 0)
                throw new ArgumentTransformationMetadataException($"'{name}' is not a style name, in the style blend.");
            double weight;
            try
            {
                weight = (double)LanguagePrimitives.ConvertTo(Unwrap(entry.Value), typeof(double), CultureInfo.InvariantCulture);
            }
            catch (PSInvalidCastException)
            {
                throw new ArgumentTransformationMetadataException(
                    $"The weight of '{name}' in the style blend must be a number; got {Describe(Unwrap(entry.Value))}.");
            }
            if (!double.IsFinite(weight))
                throw new ArgumentTransformationMetadataException($"The weight of '{name}' in the style blend must be a finite number.");
            if (text.Length > 0) text.Append(',');
            text.Append(name).Append('=').Append(weight.ToString("R", CultureInfo.InvariantCulture));
        }
        return new CinStyleSelection(text.ToString(), model);
    }

    // An unquoted -Style a=0.7,b=0.3 arrives as the strings "a=0.7" and "b=0.3": the CLI's blend, split on commas.
    private static CinStyleSelection FromList(IList list)
    {
        var parts = new List<string>();
        foreach (object? item in list)
        {
            if (Unwrap(item) is string s) parts.Add(s.Trim());
            else
                throw new ArgumentTransformationMetadataException(
                    $"-Style takes one style; to blend several, give a hashtable such as @{{ 'starry-night' = 0.7; 'great-wave' = 0.3 }}.");
        }
        return new CinStyleSelection(string.Join(',', parts));
    }

    private static object? Unwrap(object? value) => value is PSObject pso ? pso.BaseObject : value;

    private static string Describe(object? value) => value is null ? "$null" : $"a {value.GetType().Name} ('{value}')";
}
