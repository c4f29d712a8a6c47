using Reconstitution.Validation;

namespace Reconstitution.Outcomes;

/// <summary>
/// The regimen-related toxicity of one organ (docs/model.md §18.1): the cumulative hazard of a severe toxicity for a
/// reference patient (40 years, Karnofsky 90, organ not involved by disease) at exposure X is
/// <c>ReferenceCumulativeHazard · X^Exponent</c>, X in units of the organ's reference regimen; each rise of the exposure
/// spreads its extra hazard evenly over the next <see cref="WindowDays"/> days; a severe toxicity is fatal with
/// probability <see cref="CaseFatality"/>, <see cref="DaysToDeath"/> days after its onset. Immutable.
/// </summary>
/// <remarks>Part of <see cref="OrganToxicityParameters"/>; replace one organ's values with <c>OrganToxicityParameters.Default.With(Organ.Heart, h)</c>.</remarks>
/// <param name="ReferenceCumulativeHazard">Cumulative hazard of a severe toxicity at the reference exposure (X = 1), in [0, 10].</param>
/// <param name="Exponent">Dose–response exponent, in [0.1, 10] (1: linear in exposure).</param>
/// <param name="WindowDays">Days over which the hazard of an exposure is spread, in [1, 365].</param>
/// <param name="CaseFatality">Probability that a severe toxicity is fatal, in [0, 1].</param>
/// <param name="DaysToDeath">Days from onset to death of a fatal toxicity, in [0, 365].</param>
public sealed record OrganHazard(double ReferenceCumulativeHazard, double Exponent, int WindowDays, double CaseFatality, int DaysToDeath)
{
    internal void Validate(string organ)
    {
        Guard.InRange(ReferenceCumulativeHazard, 0, 10, $"{organ}.{nameof(ReferenceCumulativeHazard)}");
        Guard.InRange(Exponent, 0.1, 10, $"{organ}.{nameof(Exponent)}");
        Guard.InRange(WindowDays, 1, 365, $"{organ}.{nameof(WindowDays)}");
        Guard.InRange(CaseFatality, 0, 1, $"{organ}.{nameof(CaseFatality)}");
        Guard.InRange(DaysToDeath, 0, 365, $"{organ}.{nameof(DaysToDeath)}");
    }

    /// <summary>The cumulative hazard Λ(X) = Λ_ref·X^n of a reference patient at exposure X (reference regimens).</summary>
    /// <param name="exposure">X, ≥ 0.</param>
    /// <returns>Λ(X).</returns>
    public double CumulativeHazard(double exposure) => exposure <= 0 ? 0 : ReferenceCumulativeHazard * Math.Pow(exposure, Exponent);
}
