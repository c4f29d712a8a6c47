using Reconstitution.Validation;
using static Reconstitution.Output.Charts.SvgWriter;

namespace Reconstitution.Output.Charts;

/// <summary>
/// A figure of several <see cref="Chart"/> panels in a grid under one title, e.g. ANC, Hb,
/// platelets and lymphocytes of one patient in 2 × 2. Immutable and thread-safe.
/// </summary>
/// <remarks>
/// Panels fill the grid row by row, each in an equal cell with its own axes, ticks and legend
/// (drawn with slightly smaller type than a chart alone). Each panel's own
/// <see cref="Chart.WidthPx"/> and <see cref="Chart.HeightPx"/> are ignored; the grid's size
/// decides. A legend below the plot (<see cref="LegendPosition.Bottom"/>) leaves narrow panels
/// more room for data. Output is deterministic like <see cref="Chart.ToSvg"/>; panel <c>k</c> is
/// the SVG group with id <c>pk</c> (zero-based).
/// </remarks>
[TypeFormatterSource(PreferredMimeTypes = ["text/html"])]
public sealed class ChartGrid
{
    private const double HeaderPad = 12;
    private const double TitleFont = 19;
    private const double CaptionFont = 12;

    private readonly Chart[] _panels;

    /// <summary>Creates a figure.</summary>
    /// <param name="title">The figure title, not blank.</param>
    /// <param name="columns">Panels per row, 1–6.</param>
    /// <param name="panels">The panels, 1–36 of them, filled row by row.</param>
    public ChartGrid(string title, int columns, IEnumerable<Chart> panels)
    {
        Title = Guard.NotBlank(title);
        ArgumentNullException.ThrowIfNull(panels);
        _panels = [.. panels];
        Guard.InRange(columns, 1, 6);
        if (_panels.Length is 0 or > 36)
            throw new ArgumentOutOfRangeException(nameof(panels), _panels.Length, $"Parameter 'panels' had {_panels.Length} charts; allowed range: [1, 36].");
        for (int i = 0; i < _panels.Length; i++)
            if (_panels[i] is null) throw new ArgumentNullException(nameof(panels), $"Parameter 'panels' has null at index {i}.");
        Columns = columns;
        WidthPx = columns * 520;
        HeightPx = (int)Math.Round(Rows * 380 + HeaderHeight(WidthPx, title));
    }

    private ChartGrid(ChartGrid source)
    {
        Title = source.Title;
        Columns = source.Columns;
        _panels = source._panels;
        Caption = source.Caption;
        WidthPx = source.WidthPx;
        HeightPx = source.HeightPx;
    }

    /// <summary>The figure title.</summary>
    public string Title { get; }

    /// <summary>A note under the whole figure, or <see langword="null"/>.</summary>
    public string? Caption { get; private init; }

    /// <summary>Panels per row.</summary>
    public int Columns { get; }

    /// <summary>Number of rows: the panel count divided by <see cref="Columns"/>, rounded up.</summary>
    public int Rows => (_panels.Length + Columns - 1) / Columns;

    /// <summary>The panels in order (row by row).</summary>
    public IReadOnlyList<Chart> Panels => _panels;

    /// <summary>Width of the SVG in CSS pixels.</summary>
    /// <value>Default 520 per column.</value>
    public int WidthPx { get; private init; }

    /// <summary>Height of the SVG in CSS pixels.</summary>
    /// <value>Default 380 per row plus the title.</value>
    public int HeightPx { get; private init; }

    /// <summary>Returns a copy with a caption under the figure.</summary>
    /// <param name="caption">The caption, not blank; long captions wrap.</param>
    /// <returns>The new figure.</returns>
    public ChartGrid WithCaption(string caption)
    {
        Guard.NotBlank(caption);
        double extra = CaptionHeight(WidthPx, caption) - CaptionHeight(WidthPx, Caption);
        return new ChartGrid(this) { Caption = caption, HeightPx = (int)Math.Round(HeightPx + extra) };
    }

    /// <summary>Returns a copy drawn at a different size.</summary>
    /// <param name="widthPx">Width in CSS pixels, 240–8000.</param>
    /// <param name="heightPx">Height in CSS pixels, 180–8000.</param>
    /// <returns>The new figure.</returns>
    public ChartGrid WithSize(int widthPx, int heightPx)
    {
        Guard.InRange(widthPx, 240, 8000);
        Guard.InRange(heightPx, 180, 8000);
        return new ChartGrid(this) { WidthPx = widthPx, HeightPx = heightPx };
    }

    /// <summary>Renders the figure as a stand-alone SVG document of <see cref="WidthPx"/> × <see cref="HeightPx"/>.</summary>
    /// <returns>The SVG markup, without an XML declaration.</returns>
    /// <exception cref="InvalidOperationException">A panel cannot be drawn (see <see cref="Chart.ToSvg"/>).</exception>
    public string ToSvg()
    {
        var w = new SvgWriter();
        SvgDocument.Open(w, WidthPx, HeightPx, Title, Caption);
        var titleLines = TextMetrics.Wrap(Title, WidthPx - 2 * HeaderPad, TitleFont, bold: true);
        double baseline = HeaderPad + TitleFont * 0.95;
        w.Open("g", A("class", "figure-title"));
        foreach (string line in titleLines)
        {
            w.Element("text", line, A("x", HeaderPad), A("y", baseline), A("font-size", TitleFont), A("font-weight", "bold"));
            baseline += TitleFont * TextMetrics.LineHeight;
        }
        w.Close("g");

        double header = HeaderHeight(WidthPx, Title);
        double footer = CaptionHeight(WidthPx, Caption);
        double cellWidth = (double)WidthPx / Columns;
        double cellHeight = (HeightPx - header - footer) / Rows;
        // Lay out every panel, then again with the widest left and right insets of its column, so
        // that panels stacked in a column share the horizontal extent of their plot areas and
        // their time axes line up.
        var leftInset = new double[Columns];
        var rightInset = new double[Columns];
        for (int i = 0; i < _panels.Length; i++)
        {
            var (x, y) = CellOrigin(i, cellWidth, cellHeight, header);
            var natural = PanelRenderer.Layout(_panels[i], x, y, cellWidth, cellHeight, inGrid: true);
            int column = i % Columns;
            leftInset[column] = Math.Max(leftInset[column], natural.Plot.X - x);
            rightInset[column] = Math.Max(rightInset[column], x + cellWidth - natural.Plot.Right);
        }
        for (int i = 0; i < _panels.Length; i++)
        {
            var (x, y) = CellOrigin(i, cellWidth, cellHeight, header);
            var layout = PanelRenderer.Layout(_panels[i], x, y, cellWidth, cellHeight, inGrid: true, leftInset[i % Columns], rightInset[i % Columns]);
            PanelRenderer.Draw(w, layout, "p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (Caption is not null)
        {
            baseline = HeightPx - footer + 4 + CaptionFont * 0.95;
            w.Open("g", A("class", "figure-caption"));
            foreach (string line in TextMetrics.Wrap(Caption, WidthPx - 2 * HeaderPad, CaptionFont))
            {
                w.Element("text", line, A("x", HeaderPad), A("y", baseline), A("font-size", CaptionFont), A("fill", "#4D4D4D"));
                baseline += CaptionFont * TextMetrics.LineHeight;
            }
            w.Close("g");
        }
        SvgDocument.Close(w);
        return w.ToString();
    }

    /// <summary>Writes <see cref="ToSvg"/> to <paramref name="path"/> (UTF-8) atomically: to a temporary file in the same folder, then moved over the target.</summary>
    /// <param name="path">The file to write, e.g. "counts.svg"; its folder must exist.</param>
    public void Save(string path) => AtomicFile.WriteAllText(path, ToSvg());

    private (double X, double Y) CellOrigin(int index, double cellWidth, double cellHeight, double header) =>
        (index % Columns * cellWidth, header + index / Columns * cellHeight);

    private static double HeaderHeight(int widthPx, string title) =>
        HeaderPad + TextMetrics.Wrap(title, widthPx - 2 * HeaderPad, TitleFont, bold: true).Count * TitleFont * TextMetrics.LineHeight;

    private static double CaptionHeight(int widthPx, string? caption) => caption is null ? 0 :
        TextMetrics.Wrap(caption, widthPx - 2 * HeaderPad, CaptionFont).Count * CaptionFont * TextMetrics.LineHeight + HeaderPad;
}
