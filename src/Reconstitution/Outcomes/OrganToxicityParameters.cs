using Reconstitution.Physiology;
using Reconstitution.Validation;

namespace Reconstitution.Outcomes;

/// <summary>
/// Regimen-related organ toxicity (docs/model.md §18): one <see cref="OrganHazard"/> per organ, and the hazard ratios of
/// age and performance status; the disease's own organ involvement comes from <see cref="DiseaseOrganInvolvement"/>.
/// Immutable and thread-safe.
/// </summary>
/// <remarks>
/// Pass a changed copy in <see cref="PatientSimulationOptions.OrganToxicity"/> to test an assumption, or
/// <see cref="None"/> to switch organ toxicity off. The agents' weights (how much exposure a dose adds) are on each
/// <c>ConditioningAgentDefinition</c>.
/// </remarks>
public sealed record OrganToxicityParameters
{
    private readonly OrganHazard[] _organs;
    private readonly double ageHazardRatioPerDecade = 1.3;
    private readonly double performanceHazardRatioPer10Points = 1.5;

    private OrganToxicityParameters(OrganHazard[] organs) => _organs = organs;

    /// <summary>
    /// The defaults (docs/model.md §18.1; sources there). Heart: Λ_ref 0.01 at cyclophosphamide 200 mg/kg (calibration rows MIST,
    /// no deaths in 55, and SLE TRM 2 %), exponent 3.8 (8.5 % vs 1.2 % heart failure at 200 vs 120 mg/kg, Ann Hematol
    /// 2016;95:1145), 10-day window, case fatality 0.5, death 3 days after onset. Liver (SOS): 0.067, 2, 21 days, 0.25, 14.
    /// Lung (IPS): 0.055, 2, 120 days, 0.6, 21. Kidney: 0.01, 1, 100 days, 0.5, 14. Mucosa: 0.6, 1, 14 days, 0.002, 7.
    /// </summary>
    public static OrganToxicityParameters Default { get; } = new([
        new(0.01, 3.8, 10, 0.5, 3),
        new(0.067, 2, 21, 0.25, 14),
        new(0.055, 2, 120, 0.6, 21),
        new(0.01, 1, 100, 0.5, 14),
        new(0.6, 1, 14, 0.002, 7),
    ]);

    /// <summary>No organ toxicity (every reference hazard 0).</summary>
    public static OrganToxicityParameters None { get; } = new([.. Default._organs.Select(o => o with { ReferenceCumulativeHazard = 0 })]);

    /// <summary>The hazard of an organ.</summary>
    /// <param name="organ">The organ.</param>
    /// <returns>The hazard.</returns>
    public OrganHazard Hazard(Organ organ) => (uint)organ < (uint)_organs.Length // one per organ: a defined Organ (no generic Enum.IsDefined to JIT-compile)
        ? _organs[(int)organ]
        : throw new ArgumentOutOfRangeException(nameof(organ), organ, $"Parameter 'organ' was {organ}; allowed: a defined Organ.");

    /// <summary>A copy with one organ's hazard replaced.</summary>
    /// <param name="organ">The organ.</param>
    /// <param name="hazard">Its hazard; every value is checked.</param>
    /// <returns>The copy.</returns>
    public OrganToxicityParameters With(Organ organ, OrganHazard hazard)
    {
        ArgumentNullException.ThrowIfNull(hazard);
        Hazard(organ);
        hazard.Validate(organ.ToString());
        var copy = (OrganHazard[])_organs.Clone();
        copy[(int)organ] = hazard;
        return this with { Organs = copy };
    }

    private OrganHazard[] Organs { init => _organs = value; }

    /// <summary>Hazard ratio per decade of age above 40 years (below 40: its inverse per decade). Assumption: age ≥ 40 adds a point
    /// to the HCT-CI/age composite of non-relapse mortality (Sorror et al., <i>J Clin Oncol</i> 2014;32:3249); range 1.1–1.5.</summary>
    /// <value>Default 1.3; allowed [1, 5].</value>
    public double AgeHazardRatioPerDecade
    {
        get => ageHazardRatioPerDecade;
        init => ageHazardRatioPerDecade = Guard.InRange(value, 1.0, 5.0, nameof(AgeHazardRatioPerDecade));
    }

    /// <summary>Hazard ratio per 10 Karnofsky points below 90 (above 90: its inverse). Assumption: a Karnofsky score below 90 raises
    /// non-relapse mortality (Sorror et al., <i>Blood</i> 2005;106:2912); range 1.2–2.</summary>
    /// <value>Default 1.5; allowed [1, 5].</value>
    public double PerformanceHazardRatioPer10Points
    {
        get => performanceHazardRatioPer10Points;
        init => performanceHazardRatioPer10Points = Guard.InRange(value, 1.0, 5.0, nameof(PerformanceHazardRatioPer10Points));
    }

    /// <summary>The disease's organ involvement; null (default) for <see cref="DiseaseOrganInvolvement.ForDisease"/> of the patient's disease.</summary>
    public DiseaseOrganInvolvement? Involvement { get; init; }

    /// <summary>The hazard ratio of a patient's age and performance status: HR_age^((age − 40)/10) · HR_perf^((90 − Karnofsky)/10).</summary>
    /// <param name="covariates">The patient.</param>
    /// <returns>The ratio.</returns>
    public double PatientHazardRatio(PatientCovariates covariates)
    {
        ArgumentNullException.ThrowIfNull(covariates);
        return Math.Pow(AgeHazardRatioPerDecade, (covariates.AgeYears - 40) / 10) * Math.Pow(PerformanceHazardRatioPer10Points, (90 - covariates.KarnofskyScore) / 10);
    }

    /// <inheritdoc/>
    public bool Equals(OrganToxicityParameters? other) => other is not null && _organs.SequenceEqual(other._organs)
        && ageHazardRatioPerDecade == other.ageHazardRatioPerDecade && performanceHazardRatioPer10Points == other.performanceHazardRatioPer10Points
        && Equals(Involvement, other.Involvement);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(_organs[0], ageHazardRatioPerDecade, performanceHazardRatioPer10Points);
}
