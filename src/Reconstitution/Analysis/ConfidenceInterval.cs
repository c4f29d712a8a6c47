namespace Reconstitution.Analysis;

/// <summary>A two-sided confidence interval. Immutable.</summary>
/// <remarks>
/// A bound that the data cannot determine (for example the upper limit of a median survival
/// time when the survival curve's upper band never falls to one half) is
/// <see cref="double.PositiveInfinity"/>; an interval that cannot be computed at all is
/// <c>(NaN, NaN)</c>.
/// </remarks>
/// <param name="Lower">The lower limit.</param>
/// <param name="Upper">The upper limit.</param>
/// <param name="Level">The nominal coverage, e.g. 0.95.</param>
public readonly record struct ConfidenceInterval(double Lower, double Upper, double Level)
{
    /// <summary>Whether <paramref name="value"/> lies within the closed interval.</summary>
    /// <param name="value">The value to test.</param>
    /// <returns><c>true</c> when <see cref="Lower"/> ≤ value ≤ <see cref="Upper"/>.</returns>
    public bool Contains(double value) => value >= Lower && value <= Upper;
}
