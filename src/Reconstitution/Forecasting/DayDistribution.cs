using Reconstitution.Validation;

namespace Reconstitution.Forecasting;

/// <summary>
/// The forecast distribution of the day of an event (neutrophil or platelet engraftment), from the weighted particles:
/// the probability of the event by the horizon and quantiles of its day. Immutable and thread-safe.
/// </summary>
/// <remarks>
/// "Not by the horizon" (no engraftment, or death first) is a possible outcome with its own probability, so a quantile
/// past <see cref="Probability"/> is null ("later than the horizon, or never").
/// </remarks>
public sealed class DayDistribution
{
    private readonly double[] _days;
    private readonly double[] _weights;

    internal DayDistribution(double[] days, double[] weights, int horizonDays)
    {
        _days = days;
        _weights = weights;
        HorizonDays = horizonDays;
        Probability = WeightedSample.Cdf(days, weights, horizonDays);
    }

    /// <summary>The last day forecast.</summary>
    public int HorizonDays { get; }

    /// <summary>The probability that the event happens by <see cref="HorizonDays"/>.</summary>
    public double Probability { get; }

    /// <summary>The median day, or null when the event is less likely than not by the horizon.</summary>
    public int? Median => Quantile(0.5);

    /// <summary>The q-quantile of the day (the smallest day by which the event has happened with probability ≥ q).</summary>
    /// <param name="q">The probability, in (0, 1).</param>
    /// <returns>The day, or null when the probability by the horizon is below q.</returns>
    public int? Quantile(double q)
    {
        Guard.InRange(q, 1e-9, 1 - 1e-9, nameof(q));
        double d = WeightedSample.Quantile(_days, _weights, q);
        return double.IsFinite(d) && d <= HorizonDays ? (int)d : null;
    }

    /// <summary>The central interval that holds the event day with probability <paramref name="level"/>.</summary>
    /// <param name="level">The probability, in (0, 1), e.g. 0.9.</param>
    /// <returns>The (1 − level)/2 and (1 + level)/2 quantiles; an end is null when it lies past the horizon.</returns>
    public (int? Lower, int? Upper) Interval(double level)
    {
        Guard.InRange(level, 1e-9, 1 - 1e-9, nameof(level));
        return (Quantile((1 - level) / 2), Quantile((1 + level) / 2));
    }

    /// <summary>The probability that the event has happened by <paramref name="day"/>.</summary>
    /// <param name="day">The day after infusion.</param>
    /// <returns>The probability.</returns>
    public double ProbabilityBy(int day) => WeightedSample.Cdf(_days, _weights, day);
}
