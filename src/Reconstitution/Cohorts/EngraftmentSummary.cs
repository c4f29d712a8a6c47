using Reconstitution.Analysis;

namespace Reconstitution.Cohorts;

/// <summary>Neutrophil or platelet engraftment in a cohort. Immutable.</summary>
/// <remarks>
/// Only patients whose count fell below the engraftment threshold after infusion are analysed: ASTCT times engraftment
/// from the nadir, so a grafted patient who was never neutropenic (or thrombocytopenic) is "not applicable"
/// (<see cref="NotApplicable"/>), not engrafted on day 0.
/// </remarks>
/// <param name="Patients">Grafted patients in whom engraftment applies (the count fell below the threshold).</param>
/// <param name="Engrafted">Patients who engrafted.</param>
/// <param name="MedianDay">Median engraftment day among patients who engrafted, or <c>null</c> if none did.</param>
/// <param name="Ci95">Bootstrap 95 % percentile interval of <paramref name="MedianDay"/>, or <c>null</c> if none engrafted.</param>
/// <param name="CumulativeIncidence">Aalen–Johansen cumulative incidence of engraftment (death before engraftment competing) by day 14, 21, 28, 42, 60, 100.</param>
public sealed record EngraftmentSummary(int Patients, int Engrafted, double? MedianDay, ConfidenceInterval? Ci95, IReadOnlyList<TimepointEstimate> CumulativeIncidence)
{
    /// <summary>Grafted patients never below the threshold from day 0: engraftment not applicable; not in <see cref="Patients"/>.</summary>
    public int NotApplicable { get; init; }
}
