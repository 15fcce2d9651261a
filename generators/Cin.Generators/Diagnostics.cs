using System;
using Microsoft.CodeAnalysis;

namespace Cin.Generators;

/// <summary>The generator's diagnostics. Each names one kind of problem in a model folder.</summary>
internal static class Diagnostics
{
    private const string Category = "Cin.Model";

    public static readonly DiagnosticDescriptor Syntax = Error("CIN0001", "Malformed model.txt statement");
    public static readonly DiagnosticDescriptor Format = Error("CIN0002", "Unsupported model format");
    public static readonly DiagnosticDescriptor Folder = Error("CIN0003", "Invalid model folder");
    public static readonly DiagnosticDescriptor Topology = Error("CIN0004", "Inconsistent network topology");
    public static readonly DiagnosticDescriptor WeightCount = Error("CIN0005", "Weight count does not match the topology");
    public static readonly DiagnosticDescriptor Styles = Error("CIN0006", "Invalid styles.tsv");
    public static readonly DiagnosticDescriptor Norm = Error("CIN0007", "Invalid norm.txt");
    public static readonly DiagnosticDescriptor DuplicateModel = Error("CIN0008", "Duplicate model name or class name");
    public static readonly DiagnosticDescriptor UnknownDefault = Error("CIN0009", "Unknown default model");
    public static readonly DiagnosticDescriptor DuplicateFolder = Error("CIN0010", "Duplicate model folder name");

    private static readonly DiagnosticDescriptor[] All =
        { Syntax, Format, Folder, Topology, WeightCount, Styles, Norm, DuplicateModel, UnknownDefault, DuplicateFolder };

    public static DiagnosticDescriptor ById(string id) =>
        Array.Find(All, d => d.Id == id) ?? throw new ArgumentException("Unknown diagnostic id " + id, nameof(id));

    private static DiagnosticDescriptor Error(string id, string title) =>
        new(id, title, "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
}
