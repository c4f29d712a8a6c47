using System.Globalization;
using System.Text.Json;

namespace Reconstitution.Cli.Lab;

/// <summary>
/// Reads the values a lab form posted (key → text) against their <see cref="FormField"/>s, collecting one message per
/// bad field instead of stopping at the first, so the page can mark every field at once. Not thread-safe.
/// </summary>
internal sealed class FormReader
{
    private readonly IReadOnlyDictionary<string, string> _values;
    private readonly List<FieldError> _errors = [];

    public FormReader(IReadOnlyDictionary<string, string> values)
    {
        _values = values;
    }

    public IReadOnlyList<FieldError> Errors => _errors;

    /// <summary>The values of a JSON object of strings (numbers and booleans are accepted as their text).</summary>
    public static FormReader FromJson(JsonElement element, string what)
    {
        if (element.ValueKind != JsonValueKind.Object) throw new LabInputException("", $"The {what} must be a JSON object of field values.");
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in element.EnumerateObject())
        {
            values[p.Name] = p.Value.ValueKind switch
            {
                JsonValueKind.String => p.Value.GetString()!,
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => p.Value.GetRawText(),
                JsonValueKind.Null => "",
                _ => throw new LabInputException(p.Name, $"The field '{p.Name}' must be a text value."),
            };
        }
        return new FormReader(values);
    }

    public bool Has(string key) => _values.ContainsKey(key);

    public void Fail(string key, string message) => _errors.Add(new FieldError(key, message));

    /// <summary>Throws a <see cref="LabInputException"/> with every message collected so far, if any.</summary>
    public void ThrowIfAny()
    {
        if (_errors.Count > 0) throw new LabInputException(_errors.ToList());
    }

    /// <summary>Trimmed text; null (with a message unless the field may be blank) when blank.</summary>
    public string? Text(FormField field, string? key = null)
    {
        key ??= field.Key;
        string text = Raw(key);
        if (text.Length > 0) return text;
        if (field.BlankMeans is null) Fail(key, $"{field.Label}: a value is needed.");
        return null;
    }

    /// <summary>
    /// A number in the field's range (for a dose, the range of the chosen agent: <paramref name="max"/> and <paramref name="unit"/>);
    /// null when blank and allowed, or with a message when missing, not a number or out of range.
    /// </summary>
    public double? Number(FormField field, string? key = null, double? max = null, string? unit = null, string? label = null)
    {
        key ??= field.Key;
        label ??= field.Label;
        // A minus sign copied from a lab sheet (U+2212) is a minus.
        string text = Raw(key).Replace('\u2212', '-');
        string range = max is null ? field.RangeText() : field.RangeText(max, unit);
        if (text.Length == 0)
        {
            if (field.BlankMeans is null) Fail(key, $"{label}: a value is needed; allowed {range}.");
            return null;
        }
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
        {
            Fail(key, $"{label}: '{Short(text)}' is not a number; allowed {range}.");
            return null;
        }
        double hi = max ?? field.Max;
        bool low = field.MinExclusive ? !(v > field.Min) : !(v >= field.Min);
        if (low || v > hi)
        {
            Fail(key, $"{label}: {Short(text)} is {(low ? "too small" : "too large")}; allowed {range}.");
            return null;
        }
        if (field.Kind == FieldKind.Integer && v != Math.Floor(v))
        {
            Fail(key, $"{label}: {Short(text)} is not a whole number; allowed {range}.");
            return null;
        }
        return v;
    }

    /// <summary>A whole number in the field's range, or null with a message.</summary>
    public int? Integer(FormField field, string? key = null, string? label = null) => Number(field, key, label: label) is { } v ? (int)v : null;

    /// <summary>One of the field's choices, or null with a message.</summary>
    public string? Choice(FormField field, string? key = null, string? label = null)
    {
        key ??= field.Key;
        label ??= field.Label;
        string text = Raw(key);
        foreach (var o in field.Options) if (o.Value == text) return text;
        Fail(key, text.Length == 0
            ? $"{label}: choose one of: {string.Join(", ", field.Options.Select(o => o.Label))}."
            : $"{label}: '{Short(text)}' is not one of: {string.Join(", ", field.Options.Select(o => o.Value))}.");
        return null;
    }

    /// <summary>A checkbox: true for "true" or "on".</summary>
    public bool Flag(string key) => Raw(key) is "true" or "on";

    private string Raw(string key) => _values.TryGetValue(key, out var v) ? v.Trim() : "";

    private static string Short(string text) => text.Length <= 40 ? text : text[..37] + "…";
}
