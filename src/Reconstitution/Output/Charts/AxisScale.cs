namespace Reconstitution.Output.Charts;

/// <summary>How values are mapped to positions along a <see cref="ChartAxis"/>.</summary>
public enum AxisScale
{
    /// <summary>Equal distances for equal differences; ticks in steps of 1, 2 or 5 × 10ⁿ.</summary>
    Linear,

    /// <summary>
    /// Equal distances for equal ratios (base-10 logarithm); ticks at decades (0.1, 1, 10, …),
    /// with 2 and 5 labelled between them when there is room. Suits cell counts, which span
    /// orders of magnitude during aplasia and recovery. Values ≤ 0 cannot be placed on this
    /// scale; they are drawn at the lower edge of the plot area (see <see cref="Chart"/>).
    /// </summary>
    Log10,
}
