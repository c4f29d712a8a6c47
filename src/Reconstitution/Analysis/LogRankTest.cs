using MathNet.Numerics.Distributions;

namespace Reconstitution.Analysis;

/// <summary>The result of a two-sample log-rank test. Immutable.</summary>
/// <param name="ObservedFirst">Events observed in the first group.</param>
/// <param name="ExpectedFirst">Events expected in the first group under the null hypothesis of equal hazards.</param>
/// <param name="ObservedSecond">Events observed in the second group.</param>
/// <param name="ExpectedSecond">Events expected in the second group under the null hypothesis.</param>
/// <param name="Variance">The hypergeometric variance of O₁ − E₁.</param>
/// <param name="ChiSquare">(O₁ − E₁)² / V, chi-square with 1 degree of freedom under the null hypothesis.</param>
/// <param name="PValue">The two-sided p-value.</param>
/// <remarks>Returned by <see cref="LogRankTest"/> for two survival samples; to compare two cohorts' endpoints with intervals use the Cohorts comparison instead.</remarks>
public sealed record LogRankResult(
    double ObservedFirst, double ExpectedFirst, double ObservedSecond, double ExpectedSecond,
    double Variance, double ChiSquare, double PValue);

/// <summary>
/// The log-rank (Mantel–Haenszel) test that two groups have the same hazard of an event.
/// </summary>
/// <remarks>
/// At each distinct event time with n at risk (n₁ in the first group), d events (d₁ in the first):
/// E₁ += d·n₁/n and V += d·(n₁/n)(1 − n₁/n)(n − d)/(n − 1) (Mantel 1966; Kalbfleisch &amp;
/// Prentice §7.2). Any non-zero cause counts as an event.
/// </remarks>
public static class LogRankTest
{
    /// <summary>Compares two groups.</summary>
    /// <param name="first">Observations of the first group (at least one).</param>
    /// <param name="second">Observations of the second group (at least one).</param>
    /// <returns>The observed and expected counts, the statistic and its p-value.</returns>
    public static LogRankResult Compare(IReadOnlyList<SurvivalObservation> first, IReadOnlyList<SurvivalObservation> second)
    {
        var a = RiskSetTable.Build(first, nameof(first));
        var b = RiskSetTable.Build(second, nameof(second));
        var times = a.Times.Concat(b.Times).Distinct().Order().ToArray();

        double o1 = 0, e1 = 0, o2 = 0, e2 = 0, v = 0;
        int ia = 0, ib = 0;
        int riskA = first.Count, riskB = second.Count;
        foreach (double t in times)
        {
            int d1 = 0, c1 = 0, d2 = 0, c2 = 0;
            if (ia < a.Times.Length && a.Times[ia] == t) { d1 = a.AllEvents(ia); c1 = a.Censored[ia]; ia++; }
            if (ib < b.Times.Length && b.Times[ib] == t) { d2 = b.AllEvents(ib); c2 = b.Censored[ib]; ib++; }
            int n = riskA + riskB, d = d1 + d2;
            if (d > 0)
            {
                double share = (double)riskA / n;
                o1 += d1;
                o2 += d2;
                e1 += d * share;
                e2 += d * (1 - share);
                if (n > 1) v += d * share * (1 - share) * (n - d) / (n - 1);
            }
            riskA -= d1 + c1;
            riskB -= d2 + c2;
        }
        double chi = v > 0 ? (o1 - e1) * (o1 - e1) / v : 0;
        double p = v > 0 ? 1 - ChiSquared.CDF(1, chi) : 1;
        return new LogRankResult(o1, e1, o2, e2, v, chi, p);
    }
}
