using System.Text.RegularExpressions;
using Reconstitution.Analysis;
using Reconstitution.Validation;

namespace Reconstitution.Output.Charts;

/// <summary>
/// One chart panel: a title, two axes and the series drawn against them, rendered as a
/// stand-alone SVG document. Immutable and thread-safe: every <c>Add…</c> and <c>With…</c>
/// method returns a new chart and leaves this one unchanged.
/// </summary>
/// <remarks>
/// <para>
/// Values are in the units of the axes (<see cref="ChartAxis.Unit"/>); x is usually days after
/// infusion. A NaN in a series is a gap: lines and bands break there and no point is drawn.
/// ±∞ is rejected. Values outside a fixed axis range are clipped at the edge of the plot area.
/// On a log axis, values ≤ 0 (an ANC of 0 during aplasia) are drawn at the lower edge of the plot
/// area rather than left out, so a line runs along the bottom while the count is undetectable.
/// </para>
/// <para>
/// Data series (lines, step lines, points, bands) take the colours of
/// <see cref="ChartPalette.OkabeIto"/> in the order they are added unless given one. Reference
/// bands (normal ranges) are pale stripes, reference lines (thresholds) grey dashes, markers
/// (events on the time axis) dark dotted lines. Everything added appears in the legend, which is
/// laid out beside or below the plot area and never covers data; series added with the same name,
/// kind and colour share one entry, so many patients can be drawn as one group ("24 patients, one
/// line each") rather than listed one by one. Elements are drawn in layers:
/// reference bands, then data, then reference lines and markers on top.
/// </para>
/// <para>
/// The output is deterministic: the same chart gives the same string, byte for byte, on every
/// machine (invariant culture, fixed font stack, no time stamps). Series are found in the SVG by
/// their <c>data-series</c> (name) and <c>data-kind</c> attributes.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// var chart = new Chart("Neutrophil recovery", ChartAxis.DaysAfterInfusion(-7, 100),
///                       ChartAxis.Log10("ANC", "×10⁹/L", 0.01, 20))
///     .AddReferenceBand("Normal range 2.0–7.5", 2.0, 7.5)
///     .AddReferenceLine("Engraftment threshold 0.5", 0.5)
///     .AddMarker("Day 0: infusion", 0)
///     .AddLine("ANC", days, anc);
/// chart.Save("anc.svg");
/// </code>
/// </example>
[TypeFormatterSource(PreferredMimeTypes = ["text/html"])]
public sealed partial class Chart
{
    private readonly ChartSeries[] _series;

    /// <summary>Creates an empty chart.</summary>
    /// <param name="title">The title above the plot, not blank; say what and whom the chart shows.</param>
    /// <param name="xAxis">The horizontal axis.</param>
    /// <param name="yAxis">The vertical axis.</param>
    public Chart(string title, ChartAxis xAxis, ChartAxis yAxis)
    {
        Title = Guard.NotBlank(title);
        XAxis = xAxis ?? throw new ArgumentNullException(nameof(xAxis));
        YAxis = yAxis ?? throw new ArgumentNullException(nameof(yAxis));
        _series = [];
    }

    private Chart(Chart source, ChartSeries[] series)
    {
        Title = source.Title;
        Subtitle = source.Subtitle;
        Caption = source.Caption;
        XAxis = source.XAxis;
        YAxis = source.YAxis;
        Legend = source.Legend;
        WidthPx = source.WidthPx;
        HeightPx = source.HeightPx;
        _series = series;
    }

    /// <summary>The title drawn above the plot.</summary>
    public string Title { get; }

    /// <summary>A smaller line under the title (e.g. the patient or protocol), or <see langword="null"/>.</summary>
    public string? Subtitle { get; private init; }

    /// <summary>A note under the chart (e.g. the source or how bands were computed), or <see langword="null"/>.</summary>
    public string? Caption { get; private init; }

    /// <summary>The horizontal axis.</summary>
    public ChartAxis XAxis { get; }

    /// <summary>The vertical axis.</summary>
    public ChartAxis YAxis { get; }

    /// <summary>Where the legend goes.</summary>
    /// <value>Default <see cref="LegendPosition.Right"/>.</value>
    public LegendPosition Legend { get; private init; } = LegendPosition.Right;

    /// <summary>Width of the SVG in CSS pixels when the chart is drawn alone.</summary>
    /// <value>Default 760.</value>
    public int WidthPx { get; private init; } = 760;

    /// <summary>Height of the SVG in CSS pixels when the chart is drawn alone.</summary>
    /// <value>Default 440.</value>
    public int HeightPx { get; private init; } = 440;

    /// <summary>The names of everything added, in the order added (the legend order).</summary>
    public IReadOnlyList<string> SeriesNames => Array.ConvertAll(_series, s => s.Name);

    internal IReadOnlyList<ChartSeries> Series => _series;

    /// <summary>Returns a copy with a subtitle under the title.</summary>
    /// <param name="subtitle">The subtitle, not blank.</param>
    /// <returns>The new chart.</returns>
    public Chart WithSubtitle(string subtitle) => new(this, _series) { Subtitle = Guard.NotBlank(subtitle) };

    /// <summary>Returns a copy with a caption under the chart.</summary>
    /// <param name="caption">The caption, not blank; long captions wrap.</param>
    /// <returns>The new chart.</returns>
    public Chart WithCaption(string caption) => new(this, _series) { Caption = Guard.NotBlank(caption) };

    /// <summary>Returns a copy with the legend at <paramref name="position"/>.</summary>
    /// <param name="position">Where the legend goes.</param>
    /// <returns>The new chart.</returns>
    public Chart WithLegend(LegendPosition position)
    {
        // A range check over the members (Right, Bottom, None), not Enum.IsDefined, whose generic code is JIT-compiled in every process.
        if ((uint)position > (uint)LegendPosition.None) throw new ArgumentOutOfRangeException(nameof(position), position, $"Parameter 'position' was {(int)position}; allowed: a defined {nameof(LegendPosition)}.");
        return new(this, _series) { Legend = position };
    }

    /// <summary>Returns a copy drawn at a different size when rendered alone (a <see cref="ChartGrid"/> sizes its panels itself).</summary>
    /// <param name="widthPx">Width in CSS pixels, 240–4000.</param>
    /// <param name="heightPx">Height in CSS pixels, 180–4000.</param>
    /// <returns>The new chart.</returns>
    public Chart WithSize(int widthPx, int heightPx)
    {
        Guard.InRange(widthPx, 240, 4000);
        Guard.InRange(heightPx, 180, 4000);
        return new(this, _series) { WidthPx = widthPx, HeightPx = heightPx };
    }

    /// <summary>Adds a line through the points (x[i], y[i]) in the order given; NaN breaks the line.</summary>
    /// <param name="name">The legend entry, not blank; lines of the same name and colour share one entry.</param>
    /// <param name="x">Positions on the x axis (axis unit, e.g. days); finite or NaN.</param>
    /// <param name="y">Values on the y axis (axis unit), as many as <paramref name="x"/>; finite or NaN.</param>
    /// <param name="color">A colour <c>#RRGGBB</c>, or <see langword="null"/> for the next palette colour.</param>
    /// <returns>The new chart.</returns>
    public Chart AddLine(string name, IReadOnlyList<double> x, IReadOnlyList<double> y, string? color = null)
    {
        Guard.NotBlank(name);
        var xs = Values(name, x, nameof(x), null);
        var ys = Values(name, y, nameof(y), xs);
        return With(ChartSeries.Line(name, xs, ys, Color(name, color), step: false));
    }

    /// <summary>
    /// Adds a step function, as for a Kaplan–Meier or cumulative incidence curve: y[i] holds from
    /// x[i] until x[i + 1], where the curve jumps. The last value is drawn as a point unless a
    /// final (x, y) pair extends it (e.g. to the end of follow-up).
    /// </summary>
    /// <param name="name">The legend entry, not blank.</param>
    /// <param name="x">Positions on the x axis, non-decreasing (NaN allowed as a gap).</param>
    /// <param name="y">Values from each x on, as many as <paramref name="x"/>; finite or NaN.</param>
    /// <param name="color">A colour <c>#RRGGBB</c>, or <see langword="null"/> for the next palette colour.</param>
    /// <returns>The new chart.</returns>
    public Chart AddStepLine(string name, IReadOnlyList<double> x, IReadOnlyList<double> y, string? color = null)
    {
        Guard.NotBlank(name);
        var xs = Values(name, x, nameof(x), null);
        NonDecreasing(name, xs, nameof(x));
        var ys = Values(name, y, nameof(y), xs);
        return With(ChartSeries.Line(name, xs, ys, Color(name, color), step: true));
    }

    /// <summary>
    /// Adds an estimated cumulative incidence curve (e.g. of neutrophil engraftment) as a step
    /// line that starts at 0 on day 0, jumps at each event time and is carried on to
    /// <paramref name="untilDay"/> (the end of follow-up).
    /// </summary>
    /// <param name="name">The legend entry, not blank, e.g. the graft source or protocol.</param>
    /// <param name="curve">The Aalen–Johansen estimate.</param>
    /// <param name="untilDay">The last day drawn, finite and ≥ 0; later jumps are left out.</param>
    /// <param name="asPercent">Whether y is in percent (0–100, the default) or a probability (0–1); match the y axis.</param>
    /// <param name="color">A colour <c>#RRGGBB</c>, or <see langword="null"/> for the next palette colour.</param>
    /// <returns>The new chart.</returns>
    public Chart AddCumulativeIncidence(string name, CumulativeIncidenceCurve curve, double untilDay, bool asPercent = true, string? color = null)
    {
        Guard.NotBlank(name);
        ArgumentNullException.ThrowIfNull(curve);
        Guard.NonNegative(untilDay, nameof(untilDay), "days");
        double scale = asPercent ? 100 : 1;
        // Day 0, the jumps up to untilDay, and the last value carried to untilDay when the last jump is earlier; in arrays
        // sized first (a List<double> is generic code over double JIT-compiled in every run).
        int jumps = 0;
        while (jumps < curve.Times.Count && curve.Times[jumps] <= untilDay) jumps++;
        bool carry = (jumps == 0 ? 0 : curve.Times[jumps - 1]) < untilDay;
        var x = new double[1 + jumps + (carry ? 1 : 0)];
        var y = new double[x.Length];
        for (int i = 0; i < jumps; i++)
        {
            x[i + 1] = curve.Times[i];
            y[i + 1] = curve.Incidence[i] * scale;
        }
        if (carry)
        {
            x[^1] = untilDay;
            y[^1] = y[^2];
        }
        return AddStepLine(name, x, y, color);
    }

    /// <summary>
    /// Adds points, optionally with vertical error bars from <paramref name="lower"/> to
    /// <paramref name="upper"/> (e.g. a 95 % confidence interval), as for a dose–response chart.
    /// </summary>
    /// <param name="name">The legend entry, not blank; say what the bars are, e.g. "Median (95 % CI)".</param>
    /// <param name="x">Positions on the x axis; finite or NaN.</param>
    /// <param name="y">Values, as many as <paramref name="x"/>; finite or NaN (no point).</param>
    /// <param name="lower">Lower ends of the error bars, as many as <paramref name="x"/>, or <see langword="null"/> for none; NaN for no bar.</param>
    /// <param name="upper">Upper ends of the error bars, given together with <paramref name="lower"/>.</param>
    /// <param name="connect">Whether to join the points with a thin line in the order given.</param>
    /// <param name="color">A colour <c>#RRGGBB</c>, or <see langword="null"/> for the next palette colour.</param>
    /// <returns>The new chart.</returns>
    public Chart AddPoints(string name, IReadOnlyList<double> x, IReadOnlyList<double> y,
        IReadOnlyList<double>? lower = null, IReadOnlyList<double>? upper = null, bool connect = false, string? color = null)
    {
        Guard.NotBlank(name);
        if ((lower is null) != (upper is null))
            throw new ArgumentException($"Series '{name}': give both '{nameof(lower)}' and '{nameof(upper)}' for error bars, or neither.", lower is null ? nameof(lower) : nameof(upper));
        var xs = Values(name, x, nameof(x), null);
        var ys = Values(name, y, nameof(y), xs);
        double[] lo = lower is null ? [] : Values(name, lower, nameof(lower), xs);
        double[] hi = upper is null ? [] : Values(name, upper, nameof(upper), xs);
        Ordered(name, lo, hi, nameof(lower), nameof(upper));
        return With(ChartSeries.Points(name, xs, ys, lo, hi, connect, Color(name, color)));
    }

    /// <summary>
    /// Adds a shaded band between <paramref name="lower"/> and <paramref name="upper"/> with the
    /// <paramref name="median"/> drawn over it in the same colour, as for a cohort's 5–95 % range.
    /// </summary>
    /// <param name="name">The legend entry, not blank; say what the band is, e.g. "Protocol A: median, 5–95 %".</param>
    /// <param name="x">Positions on the x axis, non-decreasing; finite or NaN (a gap).</param>
    /// <param name="lower">Lower edge of the band, as many as <paramref name="x"/>.</param>
    /// <param name="median">The central line, as many as <paramref name="x"/>.</param>
    /// <param name="upper">Upper edge of the band, as many as <paramref name="x"/>, ≥ <paramref name="lower"/>.</param>
    /// <param name="color">A colour <c>#RRGGBB</c>, or <see langword="null"/> for the next palette colour.</param>
    /// <returns>The new chart.</returns>
    public Chart AddBand(string name, IReadOnlyList<double> x, IReadOnlyList<double> lower, IReadOnlyList<double> median,
        IReadOnlyList<double> upper, string? color = null)
    {
        Guard.NotBlank(name);
        var xs = Values(name, x, nameof(x), null);
        NonDecreasing(name, xs, nameof(x));
        var lo = Values(name, lower, nameof(lower), xs);
        var mid = Values(name, median, nameof(median), xs);
        var hi = Values(name, upper, nameof(upper), xs);
        Ordered(name, lo, hi, nameof(lower), nameof(upper));
        return With(ChartSeries.Band(name, xs, lo, mid, hi, Color(name, color)));
    }

    /// <summary>Adds a pale horizontal stripe from <paramref name="lower"/> to <paramref name="upper"/> across the plot, e.g. a normal range.</summary>
    /// <param name="label">The legend entry, not blank, e.g. "Normal range 2.0–7.5".</param>
    /// <param name="lower">Lower edge in the y-axis unit, finite.</param>
    /// <param name="upper">Upper edge in the y-axis unit, finite and above <paramref name="lower"/>.</param>
    /// <returns>The new chart.</returns>
    public Chart AddReferenceBand(string label, double lower, double upper)
    {
        Guard.NotBlank(label);
        Finite(label, lower, nameof(lower));
        Finite(label, upper, nameof(upper));
        if (!(lower < upper))
            throw new ArgumentException($"Series '{label}': '{nameof(upper)}' ({Text(upper)}) must be above '{nameof(lower)}' ({Text(lower)}).", nameof(upper));
        int n = Count(SeriesKind.ReferenceBand);
        return With(ChartSeries.ReferenceBand(label, lower, upper, ReferenceBandColors[n % ReferenceBandColors.Length]));
    }

    /// <summary>Adds a dashed horizontal line at <paramref name="y"/>, e.g. an engraftment threshold.</summary>
    /// <param name="label">The legend entry, not blank, e.g. "ANC 0.5 ×10⁹/L (engraftment)".</param>
    /// <param name="y">The value in the y-axis unit, finite.</param>
    /// <returns>The new chart.</returns>
    public Chart AddReferenceLine(string label, double y)
    {
        Guard.NotBlank(label);
        Finite(label, y, nameof(y));
        int n = Count(SeriesKind.ReferenceLine);
        return With(ChartSeries.ReferenceLine(label, y, "#4D4D4D", ReferenceDashes[n % ReferenceDashes.Length]));
    }

    /// <summary>Adds a dotted vertical line at <paramref name="x"/>, e.g. "Day 0: infusion".</summary>
    /// <param name="label">The legend entry, not blank.</param>
    /// <param name="x">The position in the x-axis unit (e.g. days), finite.</param>
    /// <returns>The new chart.</returns>
    public Chart AddMarker(string label, double x)
    {
        Guard.NotBlank(label);
        Finite(label, x, nameof(x));
        int n = Count(SeriesKind.Marker);
        return With(ChartSeries.Marker(label, x, "#1A1A1A", MarkerDashes[n % MarkerDashes.Length]));
    }

    /// <summary>Renders the chart as a stand-alone SVG document of <see cref="WidthPx"/> × <see cref="HeightPx"/>.</summary>
    /// <returns>The SVG markup, without an XML declaration, so it can also be embedded in HTML.</returns>
    /// <exception cref="InvalidOperationException">An axis without a fixed range has no values to fit, or the chart is too small for its text.</exception>
    public string ToSvg()
    {
        var w = new SvgWriter();
        SvgDocument.Open(w, WidthPx, HeightPx, Title, Subtitle);
        PanelRenderer.Render(w, this, 0, 0, WidthPx, HeightPx, "c0", inGrid: false);
        SvgDocument.Close(w);
        return w.ToString();
    }

    /// <summary>Writes <see cref="ToSvg"/> to <paramref name="path"/> (UTF-8) atomically: to a temporary file in the same folder, then moved over the target.</summary>
    /// <param name="path">The file to write, e.g. "counts.svg"; its folder must exist.</param>
    public void Save(string path) => AtomicFile.WriteAllText(path, ToSvg());

    private static readonly string[] ReferenceBandColors = ["#009E73", "#56B4E9", "#E69F00"];
    private static readonly string[] ReferenceDashes = ["7 4", "2 3", "10 3 2 3"];
    private static readonly string[] MarkerDashes = ["2 3", "8 3 2 3"];

    private Chart With(ChartSeries series)
    {
        var all = new ChartSeries[_series.Length + 1];
        _series.CopyTo(all, 0);
        all[^1] = series;
        return new Chart(this, all);
    }

    private int Count(SeriesKind kind)
    {
        int n = 0;
        foreach (var s in _series) if (s.Kind == kind) n++;
        return n;
    }

    private string Color(string name, string? color)
    {
        if (color is null)
        {
            int n = 0;
            foreach (var s in _series) if (s.IsData) n++;
            return ChartPalette.At(n);
        }
        if (!HexColor().IsMatch(color))
            throw new ArgumentException($"Series '{name}': parameter 'color' was \"{color}\"; allowed: a colour written #RRGGBB, e.g. \"#0072B2\".", nameof(color));
        return color.ToUpperInvariant();
    }

    private static double[] Values(string name, IReadOnlyList<double>? values, string parameter, double[]? x)
    {
        if (values is null) throw new ArgumentNullException(parameter, $"Series '{name}': '{parameter}' is null.");
        if (values.Count == 0) throw new ArgumentException($"Series '{name}': '{parameter}' is empty; a series needs at least one value.", parameter);
        if (x is not null && values.Count != x.Length)
            throw new ArgumentException($"Series '{name}': '{parameter}' has {values.Count} values but 'x' has {x.Length}; they must have the same length.", parameter);
        var copy = new double[values.Count];
        for (int i = 0; i < copy.Length; i++)
        {
            double v = values[i];
            if (double.IsInfinity(v))
                throw new ArgumentException($"Series '{name}': '{parameter}[{i}]' is {Text(v)}; values must be finite, or NaN for a gap.", parameter);
            copy[i] = v;
        }
        return copy;
    }

    private static void NonDecreasing(string name, double[] x, string parameter)
    {
        double previous = double.NegativeInfinity;
        for (int i = 0; i < x.Length; i++)
        {
            if (double.IsNaN(x[i])) continue;
            if (x[i] < previous)
                throw new ArgumentException($"Series '{name}': '{parameter}[{i}]' is {Text(x[i])}, below the value before it ({Text(previous)}); '{parameter}' must be non-decreasing.", parameter);
            previous = x[i];
        }
    }

    private static void Ordered(string name, double[] lower, double[] upper, string lowerName, string upperName)
    {
        for (int i = 0; i < lower.Length; i++)
            if (lower[i] > upper[i])
                throw new ArgumentException($"Series '{name}': '{lowerName}[{i}]' ({Text(lower[i])}) is above '{upperName}[{i}]' ({Text(upper[i])}).", lowerName);
    }

    private static void Finite(string name, double value, string parameter)
    {
        if (!double.IsFinite(value))
            throw new ArgumentException($"Series '{name}': '{parameter}' is {Text(value)}; it must be a finite number.", parameter);
    }

    private static string Text(double v) => v switch
    {
        double.PositiveInfinity => "+∞",
        double.NegativeInfinity => "−∞",
        _ => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
    };

    [GeneratedRegex("^#[0-9A-Fa-f]{6}$")]
    private static partial Regex HexColor();
}
