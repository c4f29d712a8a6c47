using System.Globalization;
using System.Reflection;

namespace Reconstitution.Tests.Notebooks;

/// <summary>
/// Formats an object the way .NET Interactive finds a formatter by convention: an attribute on the type *named*
/// TypeFormatterSourceAttribute with a FormatterSourceType property; that type is created and its CreateTypeFormatters()
/// yields objects with a MimeType property and a bool Format(object, TextWriter) method, all matched by name.
/// </summary>
public static class NotebookDisplay
{
    /// <summary>The HTML the convention-based formatters write for <paramref name="value"/>, or null if none applies.</summary>
    public static string? Html(object? value)
    {
        if (value is null) return null;
        foreach (var attribute in value.GetType().GetCustomAttributes(inherit: true))
        {
            var attributeType = attribute.GetType();
            if (attributeType.Name != "TypeFormatterSourceAttribute") continue;
            var sourceType = (Type?)attributeType.GetProperty("FormatterSourceType")?.GetValue(attribute)
                ?? throw new InvalidOperationException($"{attributeType} has no FormatterSourceType.");
            object source = Activator.CreateInstance(sourceType)!;
            var create = sourceType.GetMethod("CreateTypeFormatters", BindingFlags.Public | BindingFlags.Instance)
                ?? throw new InvalidOperationException($"{sourceType} has no public CreateTypeFormatters().");
            foreach (object formatter in (System.Collections.IEnumerable)create.Invoke(source, null)!)
            {
                var type = formatter.GetType();
                if ((string?)type.GetProperty("MimeType")?.GetValue(formatter) != "text/html") continue;
                var format = type.GetMethod("Format", [typeof(object), typeof(TextWriter)])
                    ?? throw new InvalidOperationException($"{type} has no Format(object, TextWriter).");
                using var writer = new StringWriter(CultureInfo.InvariantCulture);
                if ((bool)format.Invoke(formatter, [value, writer])!) return writer.ToString();
            }
        }
        return null;
    }
}

/// <summary>The globals a notebook's cells see, standing in for .NET Interactive's: <c>display(value)</c>.</summary>
public sealed class NotebookGlobals
{
    /// <summary>Everything displayed so far, with its HTML (null when no formatter applied: plain text in a notebook).</summary>
    public List<(object? Value, string? Html)> Displayed { get; } = [];

#pragma warning disable IDE1006, CA1822 // named as in .NET Interactive
    /// <summary>Displays a value below the cell, as .NET Interactive's display() does.</summary>
    public object? display(object? value)
    {
        Displayed.Add((value, NotebookDisplay.Html(value)));
        return value;
    }
#pragma warning restore IDE1006, CA1822
}
