namespace Reconstitution.Output.Charts;

/// <summary>
/// Maps values in an axis unit to pixel positions between two ends of the plot area. A split linear axis maps
/// [min, split] onto the first <paramref name="splitShare"/> of the length and [split, max] onto the rest.
/// </summary>
internal sealed class AxisMap(double min, double max, bool log, double pxAtMin, double pxAtMax, double? split = null, double splitShare = 0.5)
{
    private readonly double _a = log ? Math.Log10(min) : min;
    private readonly double _b = log ? Math.Log10(max) : max;

    /// <summary>The value where a split axis changes scale, or <see langword="null"/>.</summary>
    public double? Split { get; } = !log && split is { } s && s > min && s < max ? s : null;

    public double Min { get; } = min;

    public double Max { get; } = max;

    public bool IsLog { get; } = log;

    public double PxAtMin { get; } = pxAtMin;

    public double PxAtMax { get; } = pxAtMax;

    /// <summary>
    /// The pixel position of <paramref name="value"/>. On a log axis a value ≤ 0 goes to the lower
    /// edge, where it reads as "below the axis range". Far-away values are pulled in to ±50 plot
    /// lengths so path numbers stay short; the clip path hides them either way.
    /// </summary>
    public double Map(double value)
    {
        if (IsLog && value <= 0) return PxAtMin;
        double t = Split is { } s
            ? value <= s ? splitShare * (value - _a) / (s - _a) : splitShare + (1 - splitShare) * (value - s) / (_b - s)
            : ((IsLog ? Math.Log10(value) : value) - _a) / (_b - _a);
        t = Math.Clamp(t, -50, 51);
        return PxAtMin + t * (PxAtMax - PxAtMin);
    }

    /// <summary>Whether <paramref name="value"/> lies in the axis range (with a rounding tolerance).</summary>
    public bool Contains(double value)
    {
        double tol = 1e-9 * Math.Abs(_b - _a);
        double v = IsLog ? (value > 0 ? Math.Log10(value) : double.NegativeInfinity) : value;
        return v >= _a - tol && v <= _b + tol;
    }
}
