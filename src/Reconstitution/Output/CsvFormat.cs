using System.Globalization;

namespace Reconstitution.Output;

/// <summary>Invariant, deterministic number formatting for the CSV files. Thread-safe.</summary>
internal static class CsvFormat
{
    /// <summary>Shortest round-trip form ("R"): parsing it gives back the same double; empty for NaN or null.</summary>
    public static string Exact(double? value) =>
        value is { } v && double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : "";

    /// <summary>Six significant digits (trajectory values); empty for NaN.</summary>
    public static string Compact(double value) =>
        double.IsFinite(value) ? value.ToString("G6", CultureInfo.InvariantCulture) : "";

    /// <summary>"NA": the value does not apply to this row (e.g. engraftment of a patient who was never cytopenic), as opposed to empty (did not happen).</summary>
    public const string NotApplicable = "NA";

    /// <summary>An integer or empty.</summary>
    public static string Int(int? value) => value is { } v ? v.ToString(CultureInfo.InvariantCulture) : "";

    /// <summary>"true" or "false".</summary>
    public static string Bool(bool value) => value ? "true" : "false";

    /// <summary>Quotes a text field when it holds a comma, quote or line break (RFC 4180).</summary>
    public static string Text(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }
}
