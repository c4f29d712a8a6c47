using Reconstitution.Validation;

namespace Reconstitution.Output.Charts;

/// <summary>
/// One axis of a <see cref="Chart"/>: its title, unit, scale and optional fixed range.
/// Immutable and thread-safe.
/// </summary>
/// <remarks>
/// <para>
/// The axis title reads "<see cref="Label"/> (<see cref="Unit"/>)", e.g. "ANC (×10⁹/L)" or
/// "Day after infusion". Values are in the unit of the axis; a chart never converts units.
/// </para>
/// <para>
/// Without a fixed range the axis covers every value of the chart (data, reference lines and
/// bands, markers), extended outward to the next tick: a multiple of the tick step on a linear
/// axis, a whole decade on a log axis. A fixed bound is used exactly; values beyond it are clipped
/// at the edge of the plot area.
/// </para>
/// </remarks>
public sealed class ChartAxis
{
    private ChartAxis(string label, string unit, AxisScale scale, double? minimum, double? maximum)
    {
        Guard.NotBlank(label);
        ArgumentNullException.ThrowIfNull(unit);
        if (minimum is double lo)
        {
            if (scale == AxisScale.Log10) Guard.Positive(lo, nameof(minimum), unit);
            else Guard.Finite(lo, nameof(minimum), unit);
        }
        if (maximum is double hi)
        {
            if (scale == AxisScale.Log10) Guard.Positive(hi, nameof(maximum), unit);
            else Guard.Finite(hi, nameof(maximum), unit);
        }
        if (minimum is double a && maximum is double b && !(a < b))
            throw Guard.OutOfRange(nameof(maximum), b, $"({a.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}, +∞), above the minimum", unit);
        Label = label;
        Unit = unit;
        Scale = scale;
        Minimum = minimum;
        Maximum = maximum;
    }

    /// <summary>The quantity on the axis, e.g. "ANC" or "Day after infusion".</summary>
    public string Label { get; }

    /// <summary>The unit of the values, e.g. "×10⁹/L", "g/dL", "%"; empty for none.</summary>
    public string Unit { get; }

    /// <summary>How values map to positions.</summary>
    public AxisScale Scale { get; }

    /// <summary>The fixed lower bound in the axis unit, or <see langword="null"/> to fit the data.</summary>
    public double? Minimum { get; }

    /// <summary>The fixed upper bound in the axis unit, or <see langword="null"/> to fit the data.</summary>
    public double? Maximum { get; }

    /// <summary>
    /// Where a split linear axis changes scale (e.g. day 60), or <see langword="null"/> for one scale throughout.
    /// See <see cref="WithSplit"/>.
    /// </summary>
    public double? Split { get; private init; }

    /// <summary>The share of the axis length given to the values below <see cref="Split"/>.</summary>
    /// <value>Default 0.5.</value>
    public double SplitShare { get; private init; } = 0.5;

    /// <summary>
    /// Returns a copy of this linear axis on two scales: values up to <paramref name="at"/> take
    /// <paramref name="share"/> of its length, the rest the remainder, with a break line drawn at <paramref name="at"/>.
    /// </summary>
    /// <remarks>
    /// Use it for a time axis whose first weeks matter most, e.g. blood counts over a year, where the nadir and the
    /// recovery happen in the first 30 days: <c>DaysAfterInfusion(-7, 365).WithSplit(60)</c> gives days −7 to 60 half
    /// the width. Ignored when the resolved range does not contain <paramref name="at"/>. Say so in a caption.
    /// </remarks>
    /// <param name="at">The value where the scale changes, finite.</param>
    /// <param name="share">The share of the length below <paramref name="at"/>, in [0.2, 0.8]; default 0.5.</param>
    /// <returns>The new axis.</returns>
    /// <exception cref="InvalidOperationException">The axis is logarithmic.</exception>
    public ChartAxis WithSplit(double at, double share = 0.5)
    {
        Guard.Finite(at, nameof(at), Unit);
        Guard.InRange(share, 0.2, 0.8, nameof(share));
        if (Scale != AxisScale.Linear) throw new InvalidOperationException($"Axis '{Label}' is logarithmic; only a linear axis can be split.");
        if ((Minimum is double lo && at <= lo) || (Maximum is double hi && at >= hi))
            throw Guard.OutOfRange(nameof(at), at, "inside the axis range", Unit);
        return new ChartAxis(Label, Unit, Scale, Minimum, Maximum) { Split = at, SplitShare = share };
    }

    /// <summary>The title drawn beside the axis: the label, then the unit in parentheses if there is one.</summary>
    public string Title => Unit.Length == 0 ? Label : $"{Label} ({Unit})";

    /// <summary>Creates a linear axis.</summary>
    /// <param name="label">The quantity, not blank.</param>
    /// <param name="unit">The unit of the values, or empty.</param>
    /// <param name="minimum">A fixed lower bound (finite), or <see langword="null"/> to fit the data.</param>
    /// <param name="maximum">A fixed upper bound (finite, above <paramref name="minimum"/>), or <see langword="null"/>.</param>
    /// <returns>The axis.</returns>
    public static ChartAxis Linear(string label, string unit = "", double? minimum = null, double? maximum = null) =>
        new(label, unit, AxisScale.Linear, minimum, maximum);

    /// <summary>Creates a base-10 logarithmic axis.</summary>
    /// <param name="label">The quantity, not blank.</param>
    /// <param name="unit">The unit of the values, or empty.</param>
    /// <param name="minimum">A fixed lower bound (&gt; 0), or <see langword="null"/> to fit the positive data.</param>
    /// <param name="maximum">A fixed upper bound (&gt; 0, above <paramref name="minimum"/>), or <see langword="null"/>.</param>
    /// <returns>The axis.</returns>
    public static ChartAxis Log10(string label, string unit = "", double? minimum = null, double? maximum = null) =>
        new(label, unit, AxisScale.Log10, minimum, maximum);

    /// <summary>
    /// A linear axis "Cumulative incidence (%)" from 0 to a round top fitted to the curves: the first of 10, 20, 30,
    /// 40, 50, 60, 80 and 100 % at or above 1.1 × <paramref name="highestPercent"/>, so rare events (a few percent)
    /// are not drawn flat along the bottom of a 0–100 % axis, and 10 % is the least.
    /// </summary>
    /// <param name="highestPercent">The highest value of the curves to draw, in percent (0–100); 100 for a fixed 0–100 % axis.</param>
    /// <returns>The axis.</returns>
    public static ChartAxis CumulativeIncidencePercent(double highestPercent = 100)
    {
        Guard.InRange(highestPercent, 0.0, 100.0, nameof(highestPercent), "%");
        double top = 100;
        foreach (double t in (ReadOnlySpan<double>)[10, 20, 30, 40, 50, 60, 80, 100])
            if (highestPercent * 1.1 <= t) { top = t; break; }
        return Linear("Cumulative incidence", "%", 0, top);
    }

    /// <summary>A linear time axis titled "Day after infusion" (days; day 0 is the infusion).</summary>
    /// <param name="minimumDay">A fixed first day, e.g. −7 to show conditioning, or <see langword="null"/>.</param>
    /// <param name="maximumDay">A fixed last day, or <see langword="null"/>.</param>
    /// <returns>The axis.</returns>
    public static ChartAxis DaysAfterInfusion(double? minimumDay = null, double? maximumDay = null) =>
        new("Day after infusion", "", AxisScale.Linear, minimumDay, maximumDay);
}
