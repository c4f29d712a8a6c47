using System.Globalization;
using MathNet.Numerics.Distributions;

namespace Reconstitution.Sensitivity;

/// <summary>
/// The distribution of one uncertain parameter: uniform, log-uniform, normal or truncated normal. Immutable and thread-safe.
/// </summary>
/// <remarks>
/// Designs work in the unit cube; <see cref="Quantile"/> maps a cumulative probability u ∈ (0, 1) to a value (inverse-CDF
/// transform), so a Sobol or Morris design on [0, 1]^k becomes a design on the parameters' distributions.
/// Create one with <see cref="Uniform"/>, <see cref="LogUniform"/>, <see cref="Normal"/> or <see cref="TruncatedNormal"/>;
/// each checks its arguments and names the bad one.
/// </remarks>
public sealed record ParameterDistribution
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private ParameterDistribution(DistributionKind kind, double minimum, double maximum, double mean, double standardDeviation)
    {
        Kind = kind;
        Minimum = minimum;
        Maximum = maximum;
        Mean = mean;
        StandardDeviation = standardDeviation;
    }

    /// <summary>The shape.</summary>
    public DistributionKind Kind { get; }

    /// <summary>The lower bound (uniform, log-uniform, truncated normal); −∞ for a normal distribution.</summary>
    public double Minimum { get; }

    /// <summary>The upper bound (uniform, log-uniform, truncated normal); +∞ for a normal distribution.</summary>
    public double Maximum { get; }

    /// <summary>The mean of the (untruncated) normal; NaN for uniform and log-uniform.</summary>
    public double Mean { get; }

    /// <summary>The standard deviation of the (untruncated) normal; NaN for uniform and log-uniform.</summary>
    public double StandardDeviation { get; }

    /// <summary>Uniform on [<paramref name="minimum"/>, <paramref name="maximum"/>].</summary>
    /// <param name="minimum">The lower bound, finite.</param>
    /// <param name="maximum">The upper bound, finite and &gt; <paramref name="minimum"/>.</param>
    /// <returns>The distribution.</returns>
    /// <exception cref="ArgumentException">The range is empty or not finite.</exception>
    public static ParameterDistribution Uniform(double minimum, double maximum)
    {
        CheckRange(minimum, maximum);
        return new(DistributionKind.Uniform, minimum, maximum, double.NaN, double.NaN);
    }

    /// <summary>Log-uniform on [<paramref name="minimum"/>, <paramref name="maximum"/>]: uniform in ln x. Use for rates and doses known to a factor.</summary>
    /// <param name="minimum">The lower bound, &gt; 0.</param>
    /// <param name="maximum">The upper bound, &gt; <paramref name="minimum"/>.</param>
    /// <returns>The distribution.</returns>
    /// <exception cref="ArgumentException">A bound is ≤ 0 or the range is empty.</exception>
    public static ParameterDistribution LogUniform(double minimum, double maximum)
    {
        if (!(minimum > 0))
            throw new ArgumentOutOfRangeException(nameof(minimum), minimum, $"A log-uniform distribution needs a minimum > 0; it was {Show(minimum)}.");
        CheckRange(minimum, maximum);
        return new(DistributionKind.LogUniform, minimum, maximum, double.NaN, double.NaN);
    }

    /// <summary>Normal with mean <paramref name="mean"/> and standard deviation <paramref name="standardDeviation"/>.</summary>
    /// <param name="mean">The mean, finite.</param>
    /// <param name="standardDeviation">The standard deviation, finite and &gt; 0.</param>
    /// <returns>The distribution.</returns>
    /// <exception cref="ArgumentException">A value is not finite or the standard deviation is ≤ 0.</exception>
    public static ParameterDistribution Normal(double mean, double standardDeviation)
    {
        CheckNormal(mean, standardDeviation);
        return new(DistributionKind.Normal, double.NegativeInfinity, double.PositiveInfinity, mean, standardDeviation);
    }

    /// <summary>Normal truncated to [<paramref name="minimum"/>, <paramref name="maximum"/>]. Use when a parameter has a best estimate and hard limits.</summary>
    /// <param name="mean">The mean of the untruncated normal, finite.</param>
    /// <param name="standardDeviation">Its standard deviation, &gt; 0.</param>
    /// <param name="minimum">The lower bound.</param>
    /// <param name="maximum">The upper bound, &gt; <paramref name="minimum"/>.</param>
    /// <returns>The distribution.</returns>
    /// <exception cref="ArgumentException">A value is invalid or the range holds (numerically) no probability.</exception>
    public static ParameterDistribution TruncatedNormal(double mean, double standardDeviation, double minimum, double maximum)
    {
        CheckNormal(mean, standardDeviation);
        CheckRange(minimum, maximum);
        double a = MathNet.Numerics.Distributions.Normal.CDF(mean, standardDeviation, minimum);
        double b = MathNet.Numerics.Distributions.Normal.CDF(mean, standardDeviation, maximum);
        if (!(b - a > 1e-12))
            throw new ArgumentException(
                $"A truncated normal with mean {Show(mean)} and sd {Show(standardDeviation)} has no probability in [{Show(minimum)}, {Show(maximum)}]; move the range towards the mean.",
                nameof(minimum));
        return new(DistributionKind.TruncatedNormal, minimum, maximum, mean, standardDeviation);
    }

    /// <summary>The value whose cumulative probability is <paramref name="u"/> (inverse CDF).</summary>
    /// <param name="u">A probability; clamped to [10⁻¹², 1 − 10⁻¹²] so that normal tails stay finite.</param>
    /// <returns>The value.</returns>
    public double Quantile(double u)
    {
        u = Math.Clamp(u, 1e-12, 1 - 1e-12);
        switch (Kind)
        {
            case DistributionKind.Uniform:
                return Math.Clamp(Minimum + u * (Maximum - Minimum), Minimum, Maximum);
            case DistributionKind.LogUniform:
                return Math.Clamp(Math.Exp(Math.Log(Minimum) + u * (Math.Log(Maximum) - Math.Log(Minimum))), Minimum, Maximum);
            case DistributionKind.Normal:
                return MathNet.Numerics.Distributions.Normal.InvCDF(Mean, StandardDeviation, u);
            default:
                double a = MathNet.Numerics.Distributions.Normal.CDF(Mean, StandardDeviation, Minimum);
                double b = MathNet.Numerics.Distributions.Normal.CDF(Mean, StandardDeviation, Maximum);
                return Math.Clamp(MathNet.Numerics.Distributions.Normal.InvCDF(Mean, StandardDeviation, a + u * (b - a)), Minimum, Maximum);
        }
    }

    /// <summary>A short description, e.g. <c>uniform [0.1, 1]</c> or <c>normal (5, sd 0.5)</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Kind switch
    {
        DistributionKind.Uniform => $"uniform [{Show(Minimum)}, {Show(Maximum)}]",
        DistributionKind.LogUniform => $"logUniform [{Show(Minimum)}, {Show(Maximum)}]",
        DistributionKind.Normal => $"normal ({Show(Mean)}, sd {Show(StandardDeviation)})",
        _ => $"truncatedNormal ({Show(Mean)}, sd {Show(StandardDeviation)}) on [{Show(Minimum)}, {Show(Maximum)}]",
    };

    internal static string Show(double v) => v.ToString("G6", Inv);

    private static void CheckRange(double minimum, double maximum)
    {
        if (!double.IsFinite(minimum)) throw new ArgumentOutOfRangeException(nameof(minimum), minimum, $"The minimum must be a finite number; it was {Show(minimum)}.");
        if (!double.IsFinite(maximum)) throw new ArgumentOutOfRangeException(nameof(maximum), maximum, $"The maximum must be a finite number; it was {Show(maximum)}.");
        if (!(maximum > minimum))
            throw new ArgumentException($"The range [{Show(minimum)}, {Show(maximum)}] is empty; the maximum must be above the minimum.", nameof(maximum));
    }

    private static void CheckNormal(double mean, double standardDeviation)
    {
        if (!double.IsFinite(mean)) throw new ArgumentOutOfRangeException(nameof(mean), mean, $"The mean must be a finite number; it was {Show(mean)}.");
        if (!(standardDeviation > 0) || !double.IsFinite(standardDeviation))
            throw new ArgumentOutOfRangeException(nameof(standardDeviation), standardDeviation, $"The standard deviation must be a finite number > 0; it was {Show(standardDeviation)}.");
    }
}
