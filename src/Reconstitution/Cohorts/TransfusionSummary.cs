namespace Reconstitution.Cohorts;

/// <summary>Transfusions per patient in a cohort (whole simulated course). Immutable.</summary>
/// <param name="RedCellUnitsMedian">Median red-cell units per patient.</param>
/// <param name="PlateletUnitsMedian">Median platelet doses per patient.</param>
/// <param name="RedCellUnitsMean">Mean red-cell units per patient.</param>
/// <param name="PlateletUnitsMean">Mean platelet doses per patient.</param>
public sealed record TransfusionSummary(double RedCellUnitsMedian, double PlateletUnitsMedian, double RedCellUnitsMean, double PlateletUnitsMean);
