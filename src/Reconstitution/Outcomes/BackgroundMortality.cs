using Reconstitution.Physiology;
using Reconstitution.Randomness;

namespace Reconstitution.Outcomes;

/// <summary>
/// Death from causes other than the transplant and the disease, by age and sex, from a national period life table, so
/// that long horizons age and die plausibly (without it every patient of a 100-year run lives to 100 and beyond).
/// Stateless and thread-safe.
/// </summary>
/// <remarks>
/// <para>
/// Source: Social Security Administration, Office of the Chief Actuary, <i>Actuarial Life Table</i>, 2022 period life
/// table for the Social Security area population, as used in the 2025 Trustees Report
/// (https://www.ssa.gov/oact/STATS/table4c6.html): q(x), the probability of dying within a year at exact age x, for
/// males and females. The table here keeps every fifth age (0, 1, 5, 10, …, 110).
/// </para>
/// <para>
/// The annual hazard at a tabulated age is μ = −ln(1 − q) (constant within the year of age); between tabulated ages
/// ln μ is interpolated linearly (mortality rises about exponentially with age, Gompertz's law, so this is exact for a
/// Gompertz segment); after 110 the hazard stays at its value at 110 (q = 0.65 and 0.62 a year: almost no one is left).
/// The daily hazard is μ / 365.25 at the patient's age on that day (age at infusion + day / 365.25), from day 0. The patient's
/// autoimmune disease and the transplant's late effects add their own risks elsewhere; this is the population's baseline,
/// which somewhat overstates a healthy transplant candidate's risk and understates a frail one's.
/// </para>
/// </remarks>
public static class BackgroundMortality
{
    /// <summary>The death cause recorded (<see cref="PatientOutcome.DeathCause"/>): <c>background</c>, death from other causes.</summary>
    public const string Cause = "background";

    private static readonly double[] Ages = [0, 1, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90, 95, 100, 105, 110];

    // q(x) of the SSA 2022 period life table at the ages above.
    private static readonly double[] MaleQ =
    [
        0.006064, 0.000491, 0.000167, 0.000127, 0.000451, 0.001301, 0.001776, 0.002332, 0.002791, 0.003353, 0.004175, 0.005666,
        0.008348, 0.012458, 0.017897, 0.024828, 0.037088, 0.060660, 0.100525, 0.169704, 0.277402, 0.391927, 0.508032, 0.648392,
    ];

    private static readonly double[] FemaleQ =
    [
        0.005119, 0.000398, 0.000134, 0.000111, 0.000224, 0.000496, 0.000699, 0.000988, 0.001324, 0.001803, 0.002352, 0.003407,
        0.005040, 0.007658, 0.011018, 0.016025, 0.025980, 0.044156, 0.076841, 0.135805, 0.228086, 0.342716, 0.466891, 0.624805,
    ];

    private static readonly double[] MaleLogHazard = LogHazards(MaleQ);
    private static readonly double[] FemaleLogHazard = LogHazards(FemaleQ);

    /// <summary>The hazard of death from other causes at an age, per year.</summary>
    /// <param name="ageYears">Age in years, ≥ 0.</param>
    /// <param name="sex">Biological sex.</param>
    /// <returns>The annual hazard μ (1 − e^(−μ) is the probability of dying within a year at a constant hazard).</returns>
    public static double HazardPerYear(double ageYears, BiologicalSex sex)
    {
        Validation.Guard.InRange(ageYears, 0, MaxAgeYears, nameof(ageYears), "years");
        var log = sex == BiologicalSex.Female ? FemaleLogHazard : MaleLogHazard;
        if (ageYears >= Ages[^1]) return Math.Exp(log[^1]);
        // The first tabulated age ≥ the age (0 ≤ age < the last): a scan of 24 ages, which, unlike Array.BinarySearch, does not
        // create the shared default comparer on its first call (an allocation in a simulation already under way).
        int hi = 0;
        while (Ages[hi] < ageYears) hi++;
        if (Ages[hi] == ageYears) return Math.Exp(log[hi]);
        int lo = hi - 1;
        double f = (ageYears - Ages[lo]) / (Ages[hi] - Ages[lo]);
        return Math.Exp(log[lo] + f * (log[hi] - log[lo]));
    }

    /// <summary>
    /// Whether the patient dies of other causes on a day: a Bernoulli trial with p = 1 − e^(−μ/365.25), from day 0 (the
    /// outcomes' time origin; the days of conditioning before it carry a risk of about 10⁻⁵).
    /// </summary>
    internal static bool DiesOn(PatientCovariates covariates, double day, RandomStream random)
    {
        if (day < 0) return false;
        double age = covariates.AgeYears + day / 365.25;
        // The draw is taken first, and the day's probability computed only when the draw falls below its bound: the same
        // draws and the same decisions as computing it every day, without a table search and two exponentials a day.
        double u = random.NextDouble();
        if (u >= MaxProbabilityPerDay && age <= MaxAgeYears) return false;
        double hazardPerDay = HazardPerYear(age, covariates.Sex) / 365.25;
        return u < -double.ExpM1(-hazardPerDay);
    }

    /// <summary>The oldest age <see cref="HazardPerYear"/> accepts, in years.</summary>
    private const double MaxAgeYears = 1000;

    /// <summary>
    /// An upper bound of the daily probability of dying, at every age and for both sexes: the largest tabulated hazard (ln μ is
    /// interpolated between tabulated ages, so no age lies above it) per day, since 1 − e^(−h) ≤ h, with a relative margin of
    /// 10⁻⁶ for the rounding of the interpolation and the exponentials.
    /// </summary>
    internal static readonly double MaxProbabilityPerDay = Math.Exp(Math.Max(Largest(MaleLogHazard), Largest(FemaleLogHazard))) / 365.25 * (1 + 1e-6);

    // Loops, not Array.ConvertAll and Enumerable.Max: framework generics over double that every process would JIT-compile (issue 15).
    private static double[] LogHazards(double[] q)
    {
        var logHazards = new double[q.Length];
        for (int i = 0; i < q.Length; i++) logHazards[i] = Math.Log(-Math.Log(1 - q[i]));
        return logHazards;
    }

    private static double Largest(double[] values)
    {
        double largest = double.NegativeInfinity;
        foreach (double v in values) largest = Math.Max(largest, v);
        return largest;
    }
}
