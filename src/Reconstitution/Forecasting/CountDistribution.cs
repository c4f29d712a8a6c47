using Reconstitution.Validation;

namespace Reconstitution.Forecasting;

/// <summary>The forecast distribution of a count per patient (e.g. days with a platelet transfusion). Immutable and thread-safe.</summary>
/// <remarks>Part of a <see cref="Forecast"/> for counts of days or units; for the day an event happens use <see cref="DayDistribution"/>, which also carries the chance that it never happens.</remarks>
public sealed class CountDistribution
{
    private readonly double[] _values;
    private readonly double[] _weights;

    internal CountDistribution(double[] values, double[] weights)
    {
        _values = values;
        _weights = weights;
        Mean = WeightedSample.Mean(values, weights);
        ProbabilityZero = WeightedSample.Cdf(values, weights, 0);
    }

    /// <summary>The expected count.</summary>
    public double Mean { get; }

    /// <summary>The probability of a count of zero.</summary>
    public double ProbabilityZero { get; }

    /// <summary>The median count.</summary>
    public int Median => Quantile(0.5);

    /// <summary>The q-quantile of the count.</summary>
    /// <param name="q">The probability, in (0, 1).</param>
    /// <returns>The smallest count reached with probability ≥ q.</returns>
    public int Quantile(double q)
    {
        Guard.InRange(q, 1e-9, 1 - 1e-9, nameof(q));
        return (int)WeightedSample.Quantile(_values, _weights, q);
    }
}
