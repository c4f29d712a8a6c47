namespace Reconstitution.Notebooks;

/// <summary>Writes the library's result types as HTML (tables and inline SVG charts) for a notebook cell's output.</summary>
internal sealed class NotebookHtmlFormatter
{
    /// <summary>The MIME type this formatter writes.</summary>
    public string MimeType => "text/html";

    /// <summary>Writes <paramref name="instance"/> as HTML; false (nothing written) for a type it does not know.</summary>
    public bool Format(object instance, TextWriter writer) => NotebookHtml.TryWrite(instance, writer);
}
