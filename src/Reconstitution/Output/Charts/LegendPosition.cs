namespace Reconstitution.Output.Charts;

/// <summary>Where a <see cref="Chart"/> puts its legend. The legend never overlaps the plot area.</summary>
public enum LegendPosition
{
    /// <summary>In a column to the right of the plot area (the default).</summary>
    Right,

    /// <summary>In rows below the x-axis title; leaves the full width to the data.</summary>
    Bottom,

    /// <summary>No legend, for a chart whose title already names its only series.</summary>
    None,
}
