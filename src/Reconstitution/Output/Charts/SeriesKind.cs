namespace Reconstitution.Output.Charts;

/// <summary>What a <see cref="ChartSeries"/> draws; the value of its <c>data-kind</c> attribute in the SVG.</summary>
internal enum SeriesKind
{
    /// <summary>A polyline through (x, y); NaN breaks it.</summary>
    Line,

    /// <summary>A right-continuous step function: y[i] holds from x[i] until x[i + 1].</summary>
    Step,

    /// <summary>Markers at (x, y), optionally with vertical error bars and a connecting line.</summary>
    Points,

    /// <summary>A shaded area between lower and upper with the median line over it.</summary>
    Band,

    /// <summary>A horizontal shaded stripe between two y values across the whole plot, e.g. a normal range.</summary>
    ReferenceBand,

    /// <summary>A horizontal dashed line at one y value, e.g. an engraftment threshold.</summary>
    ReferenceLine,

    /// <summary>A vertical dotted line at one x value, e.g. the day of infusion.</summary>
    Marker,
}
