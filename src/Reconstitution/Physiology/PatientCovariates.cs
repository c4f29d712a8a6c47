using Reconstitution.Validation;

namespace Reconstitution.Physiology;

/// <summary>
/// Covariates of one simulated patient: age, sex, weight, disease and performance status (Karnofsky score). Immutable and thread-safe.
/// </summary>
/// <remarks>
/// Weight sets the blood volume (70 mL/kg, physiology.md §2) and with it every whole-body set-point
/// pool; age sets thymic output (Steinmann 1985, docs/model.md §4.8); sex sets the haemoglobin set
/// point; the disease selects the autoreactive clone (docs/model.md §7). Values are checked when set:
/// an out-of-range value throws <see cref="ArgumentOutOfRangeException"/> naming the property.
/// </remarks>
public sealed record PatientCovariates
{
    private readonly double ageYears = 40.0;
    private readonly double weightKg = 70.0;
    private readonly double karnofskyScore = 90.0;

    /// <summary>Age in years.</summary>
    /// <value>Default 40; allowed [0, 120].</value>
    public double AgeYears
    {
        get => ageYears;
        init => ageYears = Guard.InRange(value, 0.0, 120.0, nameof(AgeYears), "years");
    }

    /// <summary>Biological sex.</summary>
    /// <value>Default <see cref="BiologicalSex.Male"/>.</value>
    public BiologicalSex Sex { get; init; } = BiologicalSex.Male;

    /// <summary>Body weight in kilograms.</summary>
    /// <value>Default 70; allowed [2, 300].</value>
    public double WeightKg
    {
        get => weightKg;
        init => weightKg = Guard.InRange(value, 2.0, 300.0, nameof(WeightKg), "kg");
    }

    /// <summary>The autoimmune disease, or <see cref="AutoimmuneDisease.None"/>.</summary>
    /// <value>Default <see cref="AutoimmuneDisease.None"/>.</value>
    public AutoimmuneDisease Disease { get; init; } = AutoimmuneDisease.None;

    /// <summary>
    /// Performance status on the Karnofsky scale (100: normal, no complaints; 70: cares for self, unable to work; 40:
    /// disabled). It scales the organ-toxicity hazards of conditioning (docs/model.md §18.3). Cohorts draw it from
    /// <c>CovariateDistribution.KarnofskyScores</c> and <c>KarnofskyFractions</c> (default 70–100, median 90); patients.csv carries
    /// it as <c>karnofskyScore</c>.
    /// </summary>
    /// <value>Default 90; allowed [10, 100].</value>
    public double KarnofskyScore
    {
        get => karnofskyScore;
        init => karnofskyScore = Guard.InRange(value, 10.0, 100.0, nameof(KarnofskyScore), "points");
    }

    /// <summary>An untreated 40-year-old, 70 kg man without autoimmune disease.</summary>
    public static PatientCovariates Default { get; } = new();
}
