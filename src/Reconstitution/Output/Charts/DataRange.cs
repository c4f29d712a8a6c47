namespace Reconstitution.Output.Charts;

/// <summary>The smallest and largest value seen, ignoring NaN, and on a log axis values ≤ 0.</summary>
internal struct DataRange(bool logScale)
{
    public double Min = double.PositiveInfinity;
    public double Max = double.NegativeInfinity;

    public readonly bool IsEmpty => Min > Max;

    public void Include(double value)
    {
        if (!double.IsFinite(value) || (logScale && value <= 0)) return;
        if (value < Min) Min = value;
        if (value > Max) Max = value;
    }
}
