namespace Reconstitution.Output.Charts;

/// <summary>
/// One validated, immutable thing drawn in a <see cref="Chart"/> and listed in its legend.
/// The arrays are private copies; nothing outside the chart can change them.
/// </summary>
internal sealed class ChartSeries
{
    private static readonly double[] None = [];

    private ChartSeries(SeriesKind kind, string name, string colour)
    {
        Kind = kind;
        Name = name;
        Color = colour;
    }

    public SeriesKind Kind { get; }

    public string Name { get; }

    /// <summary>Stroke (and fill) colour, <c>#RRGGBB</c>.</summary>
    public string Color { get; }

    /// <summary>SVG dash pattern for reference lines and markers; empty for solid.</summary>
    public string Dash { get; private init; } = "";

    public double[] X { get; private init; } = None;

    /// <summary>The y values; for a band, its median.</summary>
    public double[] Y { get; private init; } = None;

    /// <summary>Lower ends of error bars or of a band; empty when there are none.</summary>
    public double[] Lower { get; private init; } = None;

    /// <summary>Upper ends of error bars or of a band; empty when there are none.</summary>
    public double[] Upper { get; private init; } = None;

    /// <summary>Whether points are joined by a thin line.</summary>
    public bool Connect { get; private init; }

    /// <summary>The y of a reference line, the lower y of a reference band, or the x of a marker.</summary>
    public double Value { get; private init; }

    /// <summary>The upper y of a reference band.</summary>
    public double Value2 { get; private init; }

    public string KindName => Kind switch
    {
        SeriesKind.Line => "line",
        SeriesKind.Step => "step",
        SeriesKind.Points => "points",
        SeriesKind.Band => "band",
        SeriesKind.ReferenceBand => "reference-band",
        SeriesKind.ReferenceLine => "reference-line",
        _ => "marker",
    };

    public bool IsData => Kind is SeriesKind.Line or SeriesKind.Step or SeriesKind.Points or SeriesKind.Band;

    public static ChartSeries Line(string name, double[] x, double[] y, string colour, bool step) =>
        new(step ? SeriesKind.Step : SeriesKind.Line, name, colour) { X = x, Y = y };

    public static ChartSeries Points(string name, double[] x, double[] y, double[] lower, double[] upper, bool connect, string colour) =>
        new(SeriesKind.Points, name, colour) { X = x, Y = y, Lower = lower, Upper = upper, Connect = connect };

    public static ChartSeries Band(string name, double[] x, double[] lower, double[] median, double[] upper, string colour) =>
        new(SeriesKind.Band, name, colour) { X = x, Y = median, Lower = lower, Upper = upper };

    public static ChartSeries ReferenceBand(string name, double lower, double upper, string colour) =>
        new(SeriesKind.ReferenceBand, name, colour) { Value = lower, Value2 = upper };

    public static ChartSeries ReferenceLine(string name, double y, string colour, string dash) =>
        new(SeriesKind.ReferenceLine, name, colour) { Value = y, Dash = dash };

    public static ChartSeries Marker(string name, double x, string colour, string dash) =>
        new(SeriesKind.Marker, name, colour) { Value = x, Dash = dash };

    /// <summary>Widens <paramref name="range"/> by every x this series puts on the chart.</summary>
    public void IncludeX(ref DataRange range)
    {
        if (Kind == SeriesKind.Marker) range.Include(Value);
        foreach (double v in X) range.Include(v);
    }

    /// <summary>Widens <paramref name="range"/> by every y this series puts on the chart.</summary>
    public void IncludeY(ref DataRange range)
    {
        switch (Kind)
        {
            case SeriesKind.ReferenceBand:
                range.Include(Value);
                range.Include(Value2);
                break;
            case SeriesKind.ReferenceLine:
                range.Include(Value);
                break;
            case SeriesKind.Marker:
                break;
            default:
                foreach (double v in Y) range.Include(v);
                foreach (double v in Lower) range.Include(v);
                foreach (double v in Upper) range.Include(v);
                break;
        }
    }
}
