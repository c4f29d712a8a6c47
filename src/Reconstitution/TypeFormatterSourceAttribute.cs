namespace Reconstitution;

/// <summary>
/// Marks a result type for rich display in a .NET Interactive (Polyglot) notebook. .NET Interactive recognises this
/// attribute by its name, not by its assembly: it reads <see cref="FormatterSourceType"/>, creates that type with its
/// parameterless constructor and calls its <c>CreateTypeFormatters()</c>. Declaring our own copy keeps the library free
/// of a package reference to Microsoft.DotNet.Interactive.
/// </summary>
/// <remarks>
/// The attribute names no formatter: the formatter source (<c>Reconstitution.Notebooks.NotebookFormatterSource</c>) is
/// found by its name in this assembly when a notebook asks for it, so the result types of every layer do not depend on
/// the notebook layer, which depends on them (no import circle between folders).
/// </remarks>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, AllowMultiple = false, Inherited = false)]
internal sealed class TypeFormatterSourceAttribute : Attribute
{
    /// <summary>The full name of the notebook layer's formatter source in this assembly.</summary>
    internal const string NotebookFormatterSourceName = "Reconstitution.Notebooks.NotebookFormatterSource";

    /// <summary>The type whose <c>CreateTypeFormatters()</c> yields the formatters.</summary>
    public Type FormatterSourceType => typeof(TypeFormatterSourceAttribute).Assembly.GetType(NotebookFormatterSourceName, throwOnError: true)!;

    /// <summary>The MIME types the notebook should prefer for the attributed type (HTML before plain text).</summary>
    public string[]? PreferredMimeTypes { get; set; }
}
