namespace Reconstitution.Notebooks;

/// <summary>
/// Names the formatter source that renders the attributed type in a .NET Interactive (Polyglot) notebook.
/// .NET Interactive recognises this attribute by its name, not by its assembly: it reads <see cref="FormatterSourceType"/>,
/// creates that type with its parameterless constructor and calls its <c>CreateTypeFormatters()</c>. Declaring our own copy
/// keeps the library free of a package reference to Microsoft.DotNet.Interactive.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, AllowMultiple = false, Inherited = false)]
internal sealed class TypeFormatterSourceAttribute : Attribute
{
    public TypeFormatterSourceAttribute(Type formatterSourceType) => FormatterSourceType = formatterSourceType;

    /// <summary>The type whose <c>CreateTypeFormatters()</c> yields the formatters (see <see cref="NotebookFormatterSource"/>).</summary>
    public Type FormatterSourceType { get; }

    /// <summary>The MIME types the notebook should prefer for the attributed type (HTML before plain text).</summary>
    public string[]? PreferredMimeTypes { get; set; }
}
