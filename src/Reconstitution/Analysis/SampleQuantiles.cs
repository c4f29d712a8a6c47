using Reconstitution.Randomness;
using Reconstitution.Validation;

namespace Reconstitution.Analysis;

/// <summary>
/// Quantiles of a sample and their bootstrap confidence intervals. Stateless and thread-safe.
/// </summary>
/// <remarks>
/// Quantiles interpolate linearly between order statistics (Hyndman &amp; Fan 1996, type 7: the
/// default of R and NumPy). Intervals are bootstrap percentile intervals (Efron &amp; Tibshirani,
/// <i>An Introduction to the Bootstrap</i>, 1993, ch. 13) drawn from a seeded
/// <see cref="RandomStream"/>, so they are reproducible.
/// </remarks>
public static class SampleQuantiles
{
    /// <summary>The <paramref name="probability"/>-quantile of <paramref name="values"/> (type 7).</summary>
    /// <param name="values">At least one finite value; not modified.</param>
    /// <param name="probability">In [0, 1]; 0.5 gives the median.</param>
    /// <returns>The quantile.</returns>
    public static double Quantile(IReadOnlyList<double> values, double probability)
    {
        // Selected, not sorted (FiniteOrder.Quantile): the same order statistics, so the same bits.
        var copy = FiniteCopy(values, nameof(values));
        Guard.InRange(probability, 0.0, 1.0);
        return FiniteOrder.Quantile(copy, probability);
    }

    /// <summary>The median of <paramref name="values"/>.</summary>
    /// <param name="values">At least one finite value.</param>
    /// <returns>The median.</returns>
    public static double Median(IReadOnlyList<double> values) => Quantile(values, 0.5);

    /// <summary>A bootstrap percentile confidence interval for a quantile.</summary>
    /// <param name="values">At least one finite value.</param>
    /// <param name="probability">The quantile's probability, in [0, 1].</param>
    /// <param name="random">The random stream for resampling.</param>
    /// <param name="resamples">Bootstrap resamples, ≥ 100; default 2,000.</param>
    /// <param name="level">The coverage, in (0, 1); default 0.95.</param>
    /// <returns>The interval.</returns>
    public static ConfidenceInterval BootstrapInterval(
        IReadOnlyList<double> values, double probability, RandomStream random, int resamples = 2000, double level = 0.95)
    {
        var sorted = SortedCopy(values, nameof(values));
        Guard.InRange(probability, 0.0, 1.0);
        ArgumentNullException.ThrowIfNull(random);
        Guard.InRange(resamples, 100, 10_000_000);
        KaplanMeierCurve.CheckLevel(level);

        // A resample drawn from the sorted values is, once sorted, each value repeated as often as its index was drawn:
        // counting the draws gives its order statistics in O(n) instead of sorting it, with the same draws and result.
        // The draws come from a local copy of the stream's state (XoshiroState: the same numbers as random.Next(n)), which
        // stays in registers instead of being reloaded from the stream after every store into the counts.
        int n = sorted.Length;
        var draws = new int[n];
        var statistics = new double[resamples];
        var state = random.SaveState();
        for (int r = 0; r < resamples; r++)
        {
            Array.Clear(draws);
            for (int i = 0; i < n; i++) draws[state.Next(n)]++;
            statistics[r] = QuantileOfCounted(sorted, draws, probability);
        }
        random.RestoreState(state);
        // Each statistic interpolates between two finite values, so it is finite unless their difference overflows (values
        // near ±double.MaxValue), where it may be ±∞ or NaN; FiniteOrder takes no NaN, so refuse those inputs here.
        foreach (double statistic in statistics)
            if (double.IsNaN(statistic))
                throw new ArgumentException("The values span more than the largest double; the bootstrap's quantiles overflow.", nameof(values));
        double alpha = (1 - level) / 2;
        return new ConfidenceInterval(FiniteOrder.Quantile(statistics, alpha), FiniteOrder.Quantile(statistics, 1 - alpha), level);
    }

    internal static double QuantileOfSorted(double[] sorted, double p)
    {
        double h = (sorted.Length - 1) * p;
        int lo = (int)Math.Floor(h);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    // QuantileOfSorted of the sorted sample that holds sorted[j] draws[j] times (n values in all).
    private static double QuantileOfCounted(double[] sorted, int[] draws, double p)
    {
        double h = (sorted.Length - 1) * p;
        int lo = (int)Math.Floor(h);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        int j = 0;
        long seen = draws[0];
        while (seen <= lo) seen += draws[++j];
        double lower = sorted[j];
        while (seen <= hi) seen += draws[++j];
        return lower + (h - lo) * (sorted[j] - lower);
    }

    private static double[] SortedCopy(IReadOnlyList<double> values, string name)
    {
        var copy = FiniteCopy(values, name);
        FiniteOrder.Sort(copy);
        return copy;
    }

    private static double[] FiniteCopy(IReadOnlyList<double> values, string name)
    {
        ArgumentNullException.ThrowIfNull(values, name);
        if (values.Count == 0) throw new ArgumentException($"Parameter '{name}' is empty; at least one value is needed.", name);
        var copy = new double[values.Count];
        // An array is read directly: through IReadOnlyList<double> every value was an interface call into generic code.
        if (values is double[] array) Array.Copy(array, copy, copy.Length);
        else for (int i = 0; i < copy.Length; i++) copy[i] = values[i];
        for (int i = 0; i < copy.Length; i++)
            if (!double.IsFinite(copy[i])) throw Guard.OutOfRange($"{name}[{i}]", copy[i], "a finite number");
        return copy;
    }
}
