namespace Reconstitution.Notebooks;

/// <summary>
/// The formatter source named by <see cref="TypeFormatterSourceAttribute"/>. By the .NET Interactive convention it has a
/// parameterless constructor and a public <c>CreateTypeFormatters()</c> returning objects with a <c>MimeType</c>
/// property and a <c>bool Format(object instance, TextWriter writer)</c> method (matched by name, no interface).
/// </summary>
internal sealed class NotebookFormatterSource
{
    public IEnumerable<object> CreateTypeFormatters() => [new NotebookHtmlFormatter()];
}
