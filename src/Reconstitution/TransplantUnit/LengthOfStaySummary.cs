namespace Reconstitution.TransplantUnit;

/// <summary>The distribution of the transplant admission's length of stay for one protocol, in days. Immutable.</summary>
/// <param name="Protocol">The protocol's name.</param>
/// <param name="Admitted">Patients admitted (the sample size).</param>
/// <param name="MeanDays">Mean stay; NaN if none admitted.</param>
/// <param name="MedianDays">Median stay (sample quantile, linear interpolation).</param>
/// <param name="P10Days">10th percentile.</param>
/// <param name="P90Days">90th percentile.</param>
/// <param name="MinDays">Shortest stay.</param>
/// <param name="MaxDays">Longest stay.</param>
/// <param name="DiedInUnit">Admitted patients who died before discharge.</param>
/// <param name="Unresolved">Admitted patients who never met the discharge rule within the simulated course.</param>
/// <param name="Readmitted">Admitted patients readmitted at least once.</param>
/// <remarks>Part of <see cref="UnitSummary"/>, one per protocol of the unit's case mix; each patient's stay is in <see cref="UnitPatientRecord"/>.</remarks>
public sealed record LengthOfStaySummary(
    string Protocol,
    int Admitted,
    double MeanDays,
    double MedianDays,
    double P10Days,
    double P90Days,
    double MinDays,
    double MaxDays,
    int DiedInUnit,
    int Unresolved,
    int Readmitted);
