namespace Reconstitution.Cohorts;

/// <summary>An estimate at one time point, such as the cumulative incidence of relapse at year 1. Immutable.</summary>
/// <param name="Label">The JSON key: <c>day14</c>, <c>day100</c>, <c>year1</c> (365 days), <c>year2</c> (730), <c>year5</c> (1825).</param>
/// <param name="Day">The day after infusion.</param>
/// <param name="Value">The estimate (a probability in [0, 1]), or <c>null</c> when the day was not simulated or nobody was at risk.</param>
/// <remarks>Part of <see cref="CohortSummary"/> (relapse, mortality and survival at fixed days). For the whole curve use <see cref="Analysis.CumulativeIncidenceCurve"/> or <see cref="Analysis.KaplanMeierCurve"/> on the patient records.</remarks>
public sealed record TimepointEstimate(string Label, int Day, double? Value);
