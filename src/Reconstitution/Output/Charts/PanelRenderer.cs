using System.Text;
using static Reconstitution.Output.Charts.SvgWriter;

namespace Reconstitution.Output.Charts;

/// <summary>
/// Lays out and draws one <see cref="Chart"/> inside a rectangle of an SVG document.
/// </summary>
/// <remarks>
/// Layout runs from the outside in, each block measured with <see cref="TextMetrics"/> before the
/// plot area gets what is left: title and subtitle at the top, caption at the bottom, legend to the
/// right or below, the x-axis title and tick labels under the plot, the y-axis title (rotated) and
/// tick labels to its left. Nothing is placed over the plot area except the data, so text cannot
/// overlap data or other text as long as the width estimates hold (they err on the wide side).
/// </remarks>
internal static class PanelRenderer
{
    private const double Pad = 12;
    private const double TickLength = 5;
    private const double SymbolWidth = 26;
    private const double SymbolGap = 6;
    private const double LegendGap = 18;
    private const double PointMargin = 6;
    private const double LH = TextMetrics.LineHeight;

    private static readonly Fonts Alone = new(Title: 17, Subtitle: 13, Axis: 13, Tick: 12, Legend: 12, Caption: 12);
    private static readonly Fonts InGrid = new(Title: 14, Subtitle: 12, Axis: 12, Tick: 11.5, Legend: 11.5, Caption: 11);

    /// <summary>Lays out and draws <paramref name="chart"/> in the rectangle (<paramref name="ox"/>, <paramref name="oy"/>, <paramref name="width"/>, <paramref name="height"/>).</summary>
    public static void Render(SvgWriter w, Chart chart, double ox, double oy, double width, double height, string id, bool inGrid) =>
        Draw(w, Layout(chart, ox, oy, width, height, inGrid), id);

    /// <summary>
    /// Measures every block and places the plot area. <paramref name="minLeftInset"/> and
    /// <paramref name="minRightInset"/> (px from the panel's edges) let a grid line up the plot
    /// areas of the panels in one column, so their time axes match.
    /// </summary>
    public static PanelLayout Layout(Chart chart, double ox, double oy, double width, double height, bool inGrid,
        double minLeftInset = 0, double minRightInset = 0)
    {
        var f = inGrid ? InGrid : Alone;
        double innerWidth = width - 2 * Pad;

        // Title block.
        var titleLines = TextMetrics.Wrap(chart.Title, innerWidth, f.Title, bold: true);
        var subtitleLines = chart.Subtitle is null ? [] : TextMetrics.Wrap(chart.Subtitle, innerWidth, f.Subtitle);
        double titleTop = oy + Pad;
        // The gap leaves room for the top y tick label, which is centred on the plot's top edge.
        double plotTop = titleTop + titleLines.Count * f.Title * LH + subtitleLines.Count * f.Subtitle * LH + 6 + f.Tick * 0.6;

        // Caption block.
        var captionLines = chart.Caption is null ? [] : TextMetrics.Wrap(chart.Caption, innerWidth, f.Caption);
        double bottom = oy + height - Pad - captionLines.Count * f.Caption * LH - (captionLines.Count > 0 ? 6 : 0);
        double captionTop = bottom + (captionLines.Count > 0 ? 6 : 0);

        // Legend block.
        var legend = chart.Legend == LegendPosition.None ? [] : LegendItems(chart, f, width, innerWidth);
        double legendWidth = 0;
        if (chart.Legend == LegendPosition.Right && legend.Count > 0)
        {
            foreach (var item in legend) legendWidth = Math.Max(legendWidth, item.Width);
        }
        else if (chart.Legend == LegendPosition.Bottom && legend.Count > 0)
        {
            bottom -= FlowLegend(legend, innerWidth, f, apply: false, 0, 0) + 10;
        }

        // X-axis block (tick labels, title) under the plot.
        var xTitleLines = TextMetrics.Wrap(chart.XAxis.Title, innerWidth - legendWidth, f.Axis);
        double xAxisSpace = TickLength + 3 + f.Tick * 1.15 + 6 + xTitleLines.Count * f.Axis * LH;
        double plotBottom = bottom - xAxisSpace;
        double plotHeight = plotBottom - plotTop;
        if (plotHeight < 60)
            throw new InvalidOperationException(
                $"Chart '{chart.Title}': only {plotHeight:0} px of height are left for the plot after titles, caption and legend; " +
                "make the chart taller (WithSize) or its texts shorter.");

        // Y axis: range and ticks depend only on the plot height.
        var yData = new DataRange(chart.YAxis.Scale == AxisScale.Log10);
        foreach (var s in chart.Series) s.IncludeY(ref yData);
        var (yMin, yMax) = AxisTicks.ResolveRange(chart.YAxis, yData, chart.Title, "y");
        double yExtent(string _) => f.Tick;
        var yTicks = chart.YAxis.Scale == AxisScale.Log10
            ? AxisTicks.Log(yMin, yMax, plotHeight, yExtent, f.Tick * 0.5)
            : AxisTicks.Linear(yMin, yMax, plotHeight, yExtent, f.Tick * 0.5, minSpacingPx: f.Tick * 2.4);
        double yLabelWidth = 0;
        foreach (var t in yTicks) yLabelWidth = Math.Max(yLabelWidth, TextMetrics.Width(t.Label, f.Tick));
        var yTitleLines = TextMetrics.Wrap(chart.YAxis.Title, plotHeight, f.Axis);
        double plotLeft = Math.Max(ox + Pad + yTitleLines.Count * f.Axis * LH + 6 + yLabelWidth + 3 + TickLength, ox + minLeftInset);
        double rightLimit = ox + width - Pad - (legendWidth > 0 ? legendWidth + LegendGap : 0);
        double plotRight = Math.Min(rightLimit, ox + width - minRightInset);

        // X axis: fit ticks; pull the plot in if the last label would stick out past the right limit.
        var xData = new DataRange(chart.XAxis.Scale == AxisScale.Log10);
        foreach (var s in chart.Series) s.IncludeX(ref xData);
        var (xMin, xMax) = AxisTicks.ResolveRange(chart.XAxis, xData, chart.Title, "x");
        double xExtent(string label) => TextMetrics.Width(label, f.Tick);
        List<AxisTick> xTicks = [];
        for (int pass = 0; pass < 3; pass++)
        {
            if (plotRight - plotLeft < 80)
                throw new InvalidOperationException(
                    $"Chart '{chart.Title}': only {plotRight - plotLeft:0} px of width are left for the plot after axis labels and legend; " +
                    "make the chart wider (WithSize), put the legend below (WithLegend), or shorten the labels.");
            var probe = new AxisMap(xMin, xMax, chart.XAxis.Scale == AxisScale.Log10, plotLeft, plotRight, chart.XAxis.Split, chart.XAxis.SplitShare);
            xTicks = chart.XAxis.Scale == AxisScale.Log10
                ? AxisTicks.Log(xMin, xMax, plotRight - plotLeft, xExtent, 12)
                : probe.Split is { } split
                    ? SplitTicks(xMin, split, xMax, (plotRight - plotLeft) * chart.XAxis.SplitShare, (plotRight - plotLeft) * (1 - chart.XAxis.SplitShare), xExtent)
                    : AxisTicks.Linear(xMin, xMax, plotRight - plotLeft, xExtent, 12);
            double overflow = 0;
            foreach (var t in xTicks)
                if (t.IsLabelled) overflow = Math.Max(overflow, probe.Map(t.Value) + xExtent(t.Label) / 2 - (rightLimit + (legendWidth > 0 ? LegendGap - 6 : Pad / 2)));
            if (overflow <= 0.5) break;
            plotRight -= overflow;
        }

        return new PanelLayout
        {
            Chart = chart,
            Fonts = f,
            Left = ox + Pad,
            InnerWidth = innerWidth,
            TitleTop = titleTop,
            TitleLines = titleLines,
            SubtitleLines = subtitleLines,
            CaptionTop = captionTop,
            CaptionLines = captionLines,
            Legend = legend,
            LegendX = rightLimit + LegendGap,
            LegendY = chart.Legend == LegendPosition.Right ? plotTop : plotBottom + xAxisSpace + 10,
            Plot = new Rect(plotLeft, plotTop, plotRight - plotLeft, plotBottom - plotTop),
            XMap = new AxisMap(xMin, xMax, chart.XAxis.Scale == AxisScale.Log10, plotLeft, plotRight, chart.XAxis.Split, chart.XAxis.SplitShare),
            YMap = new AxisMap(yMin, yMax, chart.YAxis.Scale == AxisScale.Log10, plotBottom, plotTop),
            XTicks = xTicks,
            YTicks = yTicks,
            XTitleLines = xTitleLines,
            YTitleLines = yTitleLines,
        };
    }

    /// <summary>Ticks of a split axis: each side on its own scale, the split value once.</summary>
    private static List<AxisTick> SplitTicks(double min, double split, double max, double lowerPx, double upperPx, Func<string, double> extentPx)
    {
        var ticks = AxisTicks.Linear(min, split, lowerPx, extentPx, 12);
        foreach (var t in AxisTicks.Linear(split, max, upperPx, extentPx, 12))
            if (t.Value > split * (1 + 1e-12) + 1e-12) ticks.Add(t);
        return ticks;
    }

    /// <summary>Writes the panel laid out by <see cref="Layout"/> as an SVG group with id <paramref name="id"/>.</summary>
    public static void Draw(SvgWriter w, PanelLayout layout, string id)
    {
        var chart = layout.Chart;
        var f = layout.Fonts;
        var plot = layout.Plot;
        w.Open("g", A("id", id), A("class", "chart-panel"), A("data-title", chart.Title));
        string clipId = id + "-plot-clip";
        w.Open("defs");
        w.Open("clipPath", A("id", clipId));
        w.Empty("rect", A("x", plot.X), A("y", plot.Y), A("width", plot.Width), A("height", plot.Height));
        w.Close("clipPath");
        // Points and error-bar caps at the very edge of the range stay whole; data beyond it stay hidden.
        string pointsClipId = id + "-points-clip";
        w.Open("clipPath", A("id", pointsClipId));
        w.Empty("rect", A("x", plot.X - PointMargin), A("y", plot.Y - PointMargin), A("width", plot.Width + 2 * PointMargin), A("height", plot.Height + 2 * PointMargin));
        w.Close("clipPath");
        w.Close("defs");

        // Title and subtitle.
        double baseline = layout.TitleTop + f.Title * 0.95;
        w.Open("g", A("class", "chart-title"));
        foreach (string line in layout.TitleLines)
        {
            TextAt(w, line, layout.Left, baseline, f.Title, "start", weight: "bold");
            baseline += f.Title * LH;
        }
        w.Close("g");
        if (layout.SubtitleLines.Count > 0)
        {
            baseline += f.Subtitle * 0.95 - f.Title * 0.95;
            w.Open("g", A("class", "chart-subtitle"));
            foreach (string line in layout.SubtitleLines)
            {
                TextAt(w, line, layout.Left, baseline, f.Subtitle, "start", fill: "#4D4D4D");
                baseline += f.Subtitle * LH;
            }
            w.Close("g");
        }

        DrawGrid(w, plot, layout.XTicks, layout.YTicks, layout.XMap, layout.YMap);

        w.Open("g", A("class", "plot-data"));
        foreach (var (s, i) in Ordered(chart.Series))
            DrawSeries(w, s, $"{id}-s{i}", s.Kind == SeriesKind.Points ? pointsClipId : clipId, plot, layout.XMap, layout.YMap);
        w.Close("g");

        DrawXAxis(w, plot, layout.XTicks, layout.XMap, layout.XTitleLines, f);
        DrawYAxis(w, plot, layout.YTicks, layout.YMap, layout.YTitleLines, f, layout.Left);

        if (layout.Legend.Count > 0)
        {
            w.Open("g", A("class", "legend"));
            if (chart.Legend == LegendPosition.Right)
                StackLegend(w, layout.Legend, layout.LegendX, layout.LegendY, f);
            else
                FlowLegend(layout.Legend, layout.InnerWidth, f, apply: true, layout.Left, layout.LegendY, w);
            w.Close("g");
        }

        if (layout.CaptionLines.Count > 0)
        {
            baseline = layout.CaptionTop + f.Caption * 0.95;
            w.Open("g", A("class", "chart-caption"));
            foreach (string line in layout.CaptionLines)
            {
                TextAt(w, line, layout.Left, baseline, f.Caption, "start", fill: "#4D4D4D");
                baseline += f.Caption * LH;
            }
            w.Close("g");
        }
        w.Close("g");
    }

    /// <summary>Draw order: reference bands at the back, data in the order added, reference lines and markers on top.</summary>
    private static IEnumerable<(ChartSeries Series, int Index)> Ordered(IReadOnlyList<ChartSeries> series)
    {
        for (int layer = 0; layer < 3; layer++)
            for (int i = 0; i < series.Count; i++)
            {
                var s = series[i];
                int l = s.Kind == SeriesKind.ReferenceBand ? 0 : s.IsData ? 1 : 2;
                if (l == layer) yield return (s, i);
            }
    }

    private static void DrawGrid(SvgWriter w, Rect plot, List<AxisTick> xTicks, List<AxisTick> yTicks, AxisMap xMap, AxisMap yMap)
    {
        w.Open("g", A("class", "gridlines"), A("stroke-width", 1), A("fill", "none"));
        foreach (var t in yTicks)
        {
            double y = yMap.Map(t.Value);
            w.Empty("line", A("x1", plot.X), A("x2", plot.Right), A("y1", y), A("y2", y), A("stroke", t.IsLabelled ? "#E0E0E0" : "#F0F0F0"));
        }
        foreach (var t in xTicks)
        {
            double x = xMap.Map(t.Value);
            w.Empty("line", A("x1", x), A("x2", x), A("y1", plot.Y), A("y2", plot.Bottom), A("stroke", t.IsLabelled ? "#E8E8E8" : "#F3F3F3"));
        }
        if (xMap.Split is { } split)
        {
            // The scale changes here: a solid grey line across the plot, unlike the dotted markers of events.
            double x = xMap.Map(split);
            w.Empty("line", A("class", "axis-break"), A("data-kind", "axis-break"), A("x1", x), A("x2", x), A("y1", plot.Y), A("y2", plot.Bottom), A("stroke", "#9E9E9E"), A("stroke-width", 1.5));
        }
        w.Close("g");
    }

    private static void DrawXAxis(SvgWriter w, Rect plot, List<AxisTick> ticks, AxisMap map, List<string> titleLines, Fonts f)
    {
        w.Open("g", A("class", "axis x-axis"));
        w.Empty("line", A("x1", plot.X), A("x2", plot.Right), A("y1", plot.Bottom), A("y2", plot.Bottom), A("stroke", "#333333"), A("stroke-width", 1));
        foreach (var t in ticks)
        {
            double x = map.Map(t.Value);
            double length = t.IsLabelled ? TickLength : TickLength * 0.6;
            w.Empty("line", A("x1", x), A("x2", x), A("y1", plot.Bottom), A("y2", plot.Bottom + length), A("stroke", "#333333"), A("stroke-width", 1));
        }
        double labelBaseline = plot.Bottom + TickLength + 3 + f.Tick * 0.9;
        foreach (var t in ticks)
            if (t.IsLabelled) TextAt(w, t.Label, map.Map(t.Value), labelBaseline, f.Tick, "middle", cssClass: "tick-label");
        double baseline = plot.Bottom + TickLength + 3 + f.Tick * 1.15 + 6 + f.Axis * 0.95;
        foreach (string line in titleLines)
        {
            TextAt(w, line, plot.X + plot.Width / 2, baseline, f.Axis, "middle", cssClass: "axis-title");
            baseline += f.Axis * LH;
        }
        w.Close("g");
    }

    private static void DrawYAxis(SvgWriter w, Rect plot, List<AxisTick> ticks, AxisMap map, List<string> titleLines, Fonts f, double left)
    {
        w.Open("g", A("class", "axis y-axis"));
        w.Empty("line", A("x1", plot.X), A("x2", plot.X), A("y1", plot.Y), A("y2", plot.Bottom), A("stroke", "#333333"), A("stroke-width", 1));
        foreach (var t in ticks)
        {
            double y = map.Map(t.Value);
            double length = t.IsLabelled ? TickLength : TickLength * 0.6;
            w.Empty("line", A("x1", plot.X - length), A("x2", plot.X), A("y1", y), A("y2", y), A("stroke", "#333333"), A("stroke-width", 1));
        }
        foreach (var t in ticks)
            if (t.IsLabelled) TextAt(w, t.Label, plot.X - TickLength - 3, map.Map(t.Value) + f.Tick * 0.35, f.Tick, "end", cssClass: "tick-label");
        // Rotated a quarter turn counter-clockwise so it reads bottom to top, centred on the plot.
        double titleX = left + f.Axis * 0.95;
        double titleY = plot.Y + plot.Height / 2;
        foreach (string line in titleLines)
        {
            w.Element("text", line, A("class", "axis-title"), A("x", 0), A("y", 0),
                A("transform", $"translate({Number(titleX)} {Number(titleY)}) rotate(-90)"),
                A("font-size", f.Axis), A("text-anchor", "middle"));
            titleX += f.Axis * LH;
        }
        w.Close("g");
    }

    private static void DrawSeries(SvgWriter w, ChartSeries s, string id, string clipId, Rect plot, AxisMap xMap, AxisMap yMap)
    {
        w.Open("g", A("id", id), A("class", "series " + s.KindName), A("data-series", s.Name), A("data-kind", s.KindName),
            A("clip-path", $"url(#{clipId})"));
        switch (s.Kind)
        {
            case SeriesKind.ReferenceBand:
            {
                double y1 = yMap.Map(s.Value2), y2 = yMap.Map(s.Value);
                w.Empty("rect", A("x", plot.X), A("y", Math.Min(y1, y2)), A("width", plot.Width), A("height", Math.Abs(y2 - y1)),
                    A("fill", s.Color), A("fill-opacity", 0.13));
                break;
            }
            case SeriesKind.ReferenceLine:
            {
                double y = yMap.Map(s.Value);
                w.Empty("line", A("x1", plot.X), A("x2", plot.Right), A("y1", y), A("y2", y),
                    A("stroke", s.Color), A("stroke-width", 1.5), A("stroke-dasharray", s.Dash));
                break;
            }
            case SeriesKind.Marker:
            {
                double x = xMap.Map(s.Value);
                w.Empty("line", A("x1", x), A("x2", x), A("y1", plot.Y), A("y2", plot.Bottom),
                    A("stroke", s.Color), A("stroke-width", 1.5), A("stroke-dasharray", s.Dash));
                break;
            }
            case SeriesKind.Line or SeriesKind.Step:
                PathElement(w, LinePath(s.X, s.Y, xMap, yMap, s.Kind == SeriesKind.Step), s.Color, 2, "line");
                // A value with a gap on both sides would vanish as a zero-length path: give it a dot.
                DrawIsolatedPoints(w, s, xMap, yMap);
                break;
            case SeriesKind.Band:
            {
                string area = BandPath(s.X, s.Lower, s.Upper, xMap, yMap);
                if (area.Length > 0) w.Empty("path", A("class", "band-area"), A("d", area), A("fill", s.Color), A("fill-opacity", 0.22), A("stroke", "none"));
                PathElement(w, LinePath(s.X, s.Y, xMap, yMap, step: false), s.Color, 2, "median");
                break;
            }
            case SeriesKind.Points:
                DrawPoints(w, s, xMap, yMap);
                break;
        }
        w.Close("g");
    }

    private static void PathElement(SvgWriter w, string d, string colour, double strokeWidth, string cssClass)
    {
        if (d.Length == 0) return;
        w.Empty("path", A("class", cssClass), A("d", d), A("fill", "none"), A("stroke", colour), A("stroke-width", strokeWidth),
            A("stroke-linejoin", "round"), A("stroke-linecap", "round"));
    }

    /// <summary>The path through finite points; NaN lifts the pen. A step path holds each y until the next x.</summary>
    internal static string LinePath(double[] x, double[] y, AxisMap xMap, AxisMap yMap, bool step)
    {
        if (!step) return DecimatedLinePath(x, y, xMap, yMap);
        var d = new StringBuilder();
        bool penDown = false;
        double previousY = 0;
        for (int i = 0; i < x.Length; i++)
        {
            bool finite = !double.IsNaN(x[i]) && !double.IsNaN(y[i]);
            if (!finite)
            {
                // A step's last value still holds until this x, where the data stop.
                if (step && penDown && !double.IsNaN(x[i])) Append(d, 'L', xMap.Map(x[i]), previousY);
                penDown = false;
                continue;
            }
            double px = xMap.Map(x[i]), py = yMap.Map(y[i]);
            if (!penDown) Append(d, 'M', px, py);
            else
            {
                if (step) Append(d, 'L', px, previousY);
                Append(d, 'L', px, py);
            }
            previousY = py;
            penDown = true;
        }
        return d.ToString().TrimEnd();
    }

    /// <summary>
    /// The path of a plain line, keeping of consecutive points that fall in the same one-pixel
    /// column only the first, lowest, highest and last. The drawn line looks the same (every
    /// spike keeps its extreme), but a 100,000-point trajectory shrinks to at most four points per
    /// pixel of plot width: the M4 aggregation of Jugel et al., "M4: A Visualization-Oriented
    /// Time Series Data Aggregation", PVLDB 7(10), 2014.
    /// </summary>
    private static string DecimatedLinePath(double[] x, double[] y, AxisMap xMap, AxisMap yMap)
    {
        var d = new StringBuilder();
        bool penDown = false;
        long column = long.MinValue;
        int first = -1, lowest = -1, highest = -1, last = -1;
        var px = new double[x.Length];
        var py = new double[x.Length];

        void Flush()
        {
            if (first < 0) return;
            // Emit the (up to four) kept points in their original order, each once.
            int previous = -1;
            for (int round = 0; round < 4; round++)
            {
                int next = int.MaxValue;
                foreach (int k in (ReadOnlySpan<int>)[first, lowest, highest, last])
                    if (k > previous && k < next) next = k;
                if (next == int.MaxValue) break;
                Append(d, penDown ? 'L' : 'M', px[next], py[next]);
                penDown = true;
                previous = next;
            }
            first = -1;
        }

        for (int i = 0; i < x.Length; i++)
        {
            if (double.IsNaN(x[i]) || double.IsNaN(y[i]))
            {
                Flush();
                penDown = false;
                column = long.MinValue;
                continue;
            }
            px[i] = xMap.Map(x[i]);
            py[i] = yMap.Map(y[i]);
            long c = (long)Math.Floor(px[i]);
            if (c != column || first < 0)
            {
                Flush();
                column = c;
                first = lowest = highest = last = i;
                continue;
            }
            // In SVG y grows downward: the lowest value has the largest py.
            if (py[i] > py[lowest]) lowest = i;
            if (py[i] < py[highest]) highest = i;
            last = i;
        }
        Flush();
        return d.ToString().TrimEnd();
    }

    /// <summary>One closed outline per run of points where x, lower and upper are all known: along the upper edge, back along the lower.</summary>
    private static string BandPath(double[] x, double[] lower, double[] upper, AxisMap xMap, AxisMap yMap)
    {
        var d = new StringBuilder();
        int i = 0;
        while (i < x.Length)
        {
            if (double.IsNaN(x[i]) || double.IsNaN(lower[i]) || double.IsNaN(upper[i])) { i++; continue; }
            int end = i;
            while (end + 1 < x.Length && !double.IsNaN(x[end + 1]) && !double.IsNaN(lower[end + 1]) && !double.IsNaN(upper[end + 1])) end++;
            for (int k = i; k <= end; k++) Append(d, k == i ? 'M' : 'L', xMap.Map(x[k]), yMap.Map(upper[k]));
            for (int k = end; k >= i; k--) Append(d, 'L', xMap.Map(x[k]), yMap.Map(lower[k]));
            d.Append("Z ");
            i = end + 1;
        }
        return d.ToString().TrimEnd();
    }

    private static void DrawIsolatedPoints(SvgWriter w, ChartSeries s, AxisMap xMap, AxisMap yMap)
    {
        for (int i = 0; i < s.X.Length; i++)
        {
            if (double.IsNaN(s.X[i]) || double.IsNaN(s.Y[i])) continue;
            bool before = i > 0 && !double.IsNaN(s.X[i - 1]) && !double.IsNaN(s.Y[i - 1]);
            bool after = i + 1 < s.X.Length && !double.IsNaN(s.X[i + 1]) && (s.Kind == SeriesKind.Step || !double.IsNaN(s.Y[i + 1]));
            if (!before && !after)
                w.Empty("circle", A("class", "isolated"), A("cx", xMap.Map(s.X[i])), A("cy", yMap.Map(s.Y[i])), A("r", 2.5), A("fill", s.Color));
        }
    }

    private static void DrawPoints(SvgWriter w, ChartSeries s, AxisMap xMap, AxisMap yMap)
    {
        if (s.Connect)
        {
            string d = LinePath(s.X, s.Y, xMap, yMap, step: false);
            if (d.Length > 0)
                w.Empty("path", A("class", "connector"), A("d", d), A("fill", "none"), A("stroke", s.Color), A("stroke-width", 1.2), A("stroke-opacity", 0.6));
        }
        if (s.Lower.Length > 0)
        {
            w.Open("g", A("class", "error-bars"), A("stroke", s.Color), A("stroke-width", 1.5));
            for (int i = 0; i < s.X.Length; i++)
            {
                if (double.IsNaN(s.X[i]) || double.IsNaN(s.Lower[i]) || double.IsNaN(s.Upper[i])) continue;
                double x = xMap.Map(s.X[i]), y1 = yMap.Map(s.Lower[i]), y2 = yMap.Map(s.Upper[i]);
                var d = new StringBuilder();
                Append(d, 'M', x, y1);
                Append(d, 'L', x, y2);
                Append(d, 'M', x - 4, y1);
                Append(d, 'L', x + 4, y1);
                Append(d, 'M', x - 4, y2);
                Append(d, 'L', x + 4, y2);
                w.Empty("path", A("d", d.ToString().TrimEnd()), A("fill", "none"));
            }
            w.Close("g");
        }
        for (int i = 0; i < s.X.Length; i++)
        {
            if (double.IsNaN(s.X[i]) || double.IsNaN(s.Y[i])) continue;
            w.Empty("circle", A("class", "point"), A("cx", xMap.Map(s.X[i])), A("cy", yMap.Map(s.Y[i])), A("r", 4),
                A("fill", s.Color), A("stroke", "#FFFFFF"), A("stroke-width", 1));
        }
    }

    private static void Append(StringBuilder d, char command, double x, double y) =>
        d.Append(command).Append(Number(x)).Append(' ').Append(Number(y)).Append(' ');

    private static List<LegendItem> LegendItems(Chart chart, Fonts f, double panelWidth, double innerWidth)
    {
        // A right-hand legend takes at most a third of the panel; a bottom legend the full width.
        double maxLabel = chart.Legend == LegendPosition.Right
            ? panelWidth * 0.34 - SymbolWidth - SymbolGap
            : innerWidth - SymbolWidth - SymbolGap;
        var items = new List<LegendItem>();
        foreach (var s in LegendOrder(chart.Series))
        {
            var lines = TextMetrics.Wrap(s.Name, maxLabel, f.Legend);
            double labelWidth = 0;
            foreach (string line in lines) labelWidth = Math.Max(labelWidth, TextMetrics.Width(line, f.Legend));
            items.Add(new LegendItem(s, lines, SymbolWidth + SymbolGap + labelWidth, lines.Count * f.Legend * LH));
        }
        return items;
    }

    /// <summary>
    /// Legend order: data series first (what the chart is about), then reference bands, lines and markers; each group
    /// in the order added. Series of the same name, kind and colour (e.g. one line per patient, all named
    /// "6 patients, one line each") share one entry.
    /// </summary>
    internal static IEnumerable<ChartSeries> LegendOrder(IReadOnlyList<ChartSeries> series)
    {
        // The series listed so far, searched by name, kind and colour: a handful per chart (a HashSet of tuples was generic
        // code JIT-compiled in every process that draws a chart).
        var listed = new List<ChartSeries>();
        bool IsListed(ChartSeries s)
        {
            foreach (var l in listed)
                if (string.Equals(l.Name, s.Name, StringComparison.Ordinal) && l.Kind == s.Kind && string.Equals(l.Color, s.Color, StringComparison.Ordinal))
                    return true;
            return false;
        }
        for (int group = 0; group < 4; group++)
            foreach (var s in series)
            {
                int g = s.IsData ? 0 : s.Kind == SeriesKind.ReferenceBand ? 1 : s.Kind == SeriesKind.ReferenceLine ? 2 : 3;
                if (g != group || IsListed(s)) continue;
                listed.Add(s);
                yield return s;
            }
    }

    private static void StackLegend(SvgWriter w, List<LegendItem> items, double x, double y, Fonts f)
    {
        foreach (var item in items)
        {
            DrawLegendItem(w, item, x, y, f);
            y += item.Height + 6;
        }
    }

    /// <summary>Places items left to right in rows; returns the total height. Draws only when <paramref name="apply"/>.</summary>
    private static double FlowLegend(List<LegendItem> items, double width, Fonts f, bool apply, double x0, double y0, SvgWriter? w = null)
    {
        double x = x0, y = y0, rowHeight = 0;
        foreach (var item in items)
        {
            if (x > x0 && x + item.Width > x0 + width)
            {
                x = x0;
                y += rowHeight + 6;
                rowHeight = 0;
            }
            if (apply) DrawLegendItem(w!, item, x, y, f);
            x += item.Width + LegendGap;
            rowHeight = Math.Max(rowHeight, item.Height);
        }
        return y + rowHeight - y0;
    }

    private static void DrawLegendItem(SvgWriter w, LegendItem item, double x, double y, Fonts f)
    {
        var s = item.Series;
        w.Open("g", A("class", "legend-entry"), A("data-series", s.Name), A("data-kind", s.KindName));
        double cy = y + f.Legend * 0.62;
        double x2 = x + SymbolWidth;
        switch (s.Kind)
        {
            case SeriesKind.Line or SeriesKind.Step:
                w.Empty("line", A("x1", x), A("x2", x2), A("y1", cy), A("y2", cy), A("stroke", s.Color), A("stroke-width", 2.5));
                break;
            case SeriesKind.Band:
                w.Empty("rect", A("x", x), A("y", cy - 6), A("width", SymbolWidth), A("height", 12), A("fill", s.Color), A("fill-opacity", 0.22));
                w.Empty("line", A("x1", x), A("x2", x2), A("y1", cy), A("y2", cy), A("stroke", s.Color), A("stroke-width", 2));
                break;
            case SeriesKind.Points:
                if (s.Connect)
                    w.Empty("line", A("x1", x), A("x2", x2), A("y1", cy), A("y2", cy), A("stroke", s.Color), A("stroke-width", 1.2), A("stroke-opacity", 0.6));
                if (s.Lower.Length > 0)
                    w.Empty("path", A("d", $"M{Number(x + 13)} {Number(cy - 7)} L{Number(x + 13)} {Number(cy + 7)} M{Number(x + 9)} {Number(cy - 7)} L{Number(x + 17)} {Number(cy - 7)} M{Number(x + 9)} {Number(cy + 7)} L{Number(x + 17)} {Number(cy + 7)}"),
                        A("stroke", s.Color), A("stroke-width", 1.5), A("fill", "none"));
                w.Empty("circle", A("cx", x + 13), A("cy", cy), A("r", 4), A("fill", s.Color), A("stroke", "#FFFFFF"), A("stroke-width", 1));
                break;
            case SeriesKind.ReferenceBand:
                w.Empty("rect", A("x", x), A("y", cy - 6), A("width", SymbolWidth), A("height", 12), A("fill", s.Color), A("fill-opacity", 0.2),
                    A("stroke", s.Color), A("stroke-opacity", 0.35));
                break;
            case SeriesKind.ReferenceLine:
                w.Empty("line", A("x1", x), A("x2", x2), A("y1", cy), A("y2", cy), A("stroke", s.Color), A("stroke-width", 1.5), A("stroke-dasharray", s.Dash));
                break;
            case SeriesKind.Marker:
                w.Empty("line", A("x1", x + 13), A("x2", x + 13), A("y1", cy - 7), A("y2", cy + 7), A("stroke", s.Color), A("stroke-width", 1.5), A("stroke-dasharray", s.Dash));
                break;
        }
        double baseline = y + f.Legend * 0.95;
        foreach (string line in item.Lines)
        {
            TextAt(w, line, x + SymbolWidth + SymbolGap, baseline, f.Legend, "start");
            baseline += f.Legend * LH;
        }
        w.Close("g");
    }

    private static void TextAt(SvgWriter w, string text, double x, double y, double size, string anchor,
        string? weight = null, string? fill = null, string? cssClass = null)
    {
        var attributes = new List<string>(7);
        if (cssClass is not null) attributes.Add(A("class", cssClass));
        attributes.Add(A("x", x));
        attributes.Add(A("y", y));
        attributes.Add(A("font-size", size));
        if (anchor != "start") attributes.Add(A("text-anchor", anchor));
        if (weight is not null) attributes.Add(A("font-weight", weight));
        if (fill is not null) attributes.Add(A("fill", fill));
        w.Element("text", text, [.. attributes]);
    }

    internal sealed record Fonts(double Title, double Subtitle, double Axis, double Tick, double Legend, double Caption);

    internal sealed record LegendItem(ChartSeries Series, List<string> Lines, double Width, double Height);

    internal readonly record struct Rect(double X, double Y, double Width, double Height)
    {
        public double Right => X + Width;

        public double Bottom => Y + Height;
    }

    /// <summary>Where everything of one panel goes, as computed by <see cref="Layout"/>.</summary>
    internal sealed class PanelLayout
    {
        public required Chart Chart { get; init; }

        public required Fonts Fonts { get; init; }

        /// <summary>Left edge of the panel's content (after padding).</summary>
        public required double Left { get; init; }

        public required double InnerWidth { get; init; }

        public required double TitleTop { get; init; }

        public required List<string> TitleLines { get; init; }

        public required List<string> SubtitleLines { get; init; }

        public required double CaptionTop { get; init; }

        public required List<string> CaptionLines { get; init; }

        public required List<LegendItem> Legend { get; init; }

        public required double LegendX { get; init; }

        public required double LegendY { get; init; }

        public required Rect Plot { get; init; }

        public required AxisMap XMap { get; init; }

        public required AxisMap YMap { get; init; }

        public required List<AxisTick> XTicks { get; init; }

        public required List<AxisTick> YTicks { get; init; }

        public required List<string> XTitleLines { get; init; }

        public required List<string> YTitleLines { get; init; }
    }
}
