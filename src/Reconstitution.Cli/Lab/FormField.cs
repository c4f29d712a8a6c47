using System.Globalization;
using System.Text.Json.Nodes;

namespace Reconstitution.Cli.Lab;

/// <summary>
/// One field of a lab form: its key, label, kind, unit and allowed range. The pages draw fields from these
/// descriptions (so the range shown is the range checked), and <see cref="FormReader"/> checks values against them.
/// </summary>
internal sealed record FormField(string Key, string Label, FieldKind Kind)
{
    public string? Unit { get; init; }

    public double Min { get; init; } = double.NegativeInfinity;

    public double Max { get; init; } = double.PositiveInfinity;

    /// <summary>Whether <see cref="Min"/> itself is excluded (a dose must be above 0).</summary>
    public bool MinExclusive { get; init; }

    /// <summary>When not null, the field may be left blank, which means this (e.g. "not given").</summary>
    public string? BlankMeans { get; init; }

    public string? Help { get; init; }

    /// <summary>For <see cref="FieldKind.Select"/>: the choices (value, label, and per choice an optional unit and maximum).</summary>
    public IReadOnlyList<FieldOption> Options { get; init; } = [];

    /// <summary>For a number whose unit and maximum depend on another field's choice (a dose on its agent): that field's key.</summary>
    public string? UnitFrom { get; init; }

    /// <summary>The allowed range in words, e.g. "0 to 1e8 cells/kg" or "above 0, at most 200 mg/kg".</summary>
    public string RangeText(double? max = null, string? unit = null)
    {
        double hi = max ?? Max;
        string u = (unit ?? Unit) is { Length: > 0 } x ? " " + x : "";
        string lo = MinExclusive ? $"above {Format(Min)}, at most" : $"{Format(Min)} to";
        return Kind == FieldKind.Integer ? $"a whole number from {Format(Min)} to {Format(hi)}{u}" : $"{lo} {Format(hi)}{u}";
    }

    public JsonObject ToJson()
    {
        var o = new JsonObject { ["key"] = Key, ["label"] = Label, ["kind"] = Kind.ToString().ToLowerInvariant() };
        if (Unit is not null) o["unit"] = Unit;
        if (double.IsFinite(Min)) o["min"] = Min;
        if (double.IsFinite(Max)) o["max"] = Max;
        if (MinExclusive) o["minExclusive"] = true;
        if (BlankMeans is not null) o["blankMeans"] = BlankMeans;
        if (Help is not null) o["help"] = Help;
        if (UnitFrom is not null) o["unitFrom"] = UnitFrom;
        if (Kind is FieldKind.Number or FieldKind.Integer && UnitFrom is null) o["range"] = RangeText();
        if (Options.Count > 0)
        {
            var options = new JsonArray();
            foreach (var opt in Options)
            {
                var j = new JsonObject { ["value"] = opt.Value, ["label"] = opt.Label };
                if (opt.Unit is not null) j["unit"] = opt.Unit;
                if (opt.Max is { } m) { j["max"] = m; j["range"] = RangeFor(opt); }
                options.Add(j);
            }
            o["options"] = options;
        }
        return o;
    }

    // The range a choice sets for the number that follows it (a dose: above 0, at most the agent's maximum).
    private static string RangeFor(FieldOption option) => $"above 0, at most {Format(option.Max ?? double.PositiveInfinity)} {option.Unit}".TrimEnd();

    /// <summary>Numbers as a person writes them: 5e6 rather than 5000000, 0.95 rather than 0.950000001.</summary>
    public static string Format(double v)
    {
        if (v == 0) return "0";
        double a = Math.Abs(v);
        string text = a >= 1e5 || a < 1e-3 ? v.ToString("0.###e0", CultureInfo.InvariantCulture) : v.ToString("0.######", CultureInfo.InvariantCulture);
        // Short when exact; the round-trip form when the short one would change the value.
        return double.Parse(text, CultureInfo.InvariantCulture) == v ? text : v.ToString("R", CultureInfo.InvariantCulture);
    }
}

/// <summary>The kinds of lab form fields.</summary>
internal enum FieldKind
{
    Text,
    Number,
    Integer,
    Select,
    Checkbox,
}

/// <summary>A choice of a select field; a unit and maximum when the choice sets them for a dose.</summary>
internal sealed record FieldOption(string Value, string Label, string? Unit = null, double? Max = null);
