namespace Reconstitution.Cohorts;

/// <summary>Transfusions per patient in a cohort (whole simulated course). Immutable.</summary>
/// <param name="RedCellUnitsMedian">Median red-cell units per patient.</param>
/// <param name="PlateletUnitsMedian">Median platelet doses per patient.</param>
/// <param name="RedCellUnitsMean">Mean red-cell units per patient.</param>
/// <param name="PlateletUnitsMean">Mean platelet doses per patient.</param>
/// <remarks>Part of <see cref="CohortSummary"/>. Per-patient counts are in <see cref="PatientRecord"/>; the transfusion rules themselves are the protocol's supportive care (docs/protocols.md).</remarks>
public sealed record TransfusionSummary(double RedCellUnitsMedian, double PlateletUnitsMedian, double RedCellUnitsMean, double PlateletUnitsMean);
