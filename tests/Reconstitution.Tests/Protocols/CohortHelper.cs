using Reconstitution.Analysis;
using Reconstitution.Cohorts;
using Reconstitution.Outcomes;
using Reconstitution.Physiology;
using Reconstitution.Protocols;

namespace Reconstitution.Tests.Protocols;

internal static class CohortHelper
{
    public static PatientOutcome[] Run(IProtocol protocol, int count, int days, ulong seed, PatientCovariates? covariates = null, PatientSimulationOptions? options = null)
    {
        var o = (options ?? PatientSimulationOptions.Default) with { Days = days };
        var c = covariates ?? new PatientCovariates { AgeYears = 45 };
        var result = new PatientOutcome[count];
        OrderedParallelRunner.Run(count, Environment.ProcessorCount, i => PatientSimulation.Run(c, protocol, seed, i, o).Outcome, (i, r) => result[i] = r, CancellationToken.None);
        return result;
    }

    /// <summary>Median of the engraftment days, counting non-engrafted patients as +∞ (they sit above the median).</summary>
    public static double Median(IEnumerable<int?> days)
    {
        var v = days.Select(d => d is { } x ? (double)x : 1e9).ToArray();
        return SampleQuantiles.Median(v);
    }

    /// <summary>Distribution-free 95 % CI of the median from order statistics (binomial, normal approximation).</summary>
    public static (double Low, double High) MedianCi(IEnumerable<int?> days)
    {
        var v = days.Select(d => d is { } x ? (double)x : 1e9).OrderBy(x => x).ToArray();
        int n = v.Length;
        int lo = (int)Math.Floor(n / 2.0 - 1.96 * Math.Sqrt(n) / 2), hi = (int)Math.Ceiling(n / 2.0 + 1.96 * Math.Sqrt(n) / 2);
        return (v[Math.Clamp(lo, 0, n - 1)], v[Math.Clamp(hi - 1, 0, n - 1)]);
    }
}
