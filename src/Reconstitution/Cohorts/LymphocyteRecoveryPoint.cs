namespace Reconstitution.Cohorts;

/// <summary>Median lymphocyte subsets on one day among the patients alive and simulated to that day. Immutable.</summary>
/// <param name="Day">The day after infusion.</param>
/// <param name="Patients">Patients with a value on that day.</param>
/// <param name="Cd4">Median CD4 T cells, cells/µL, or <c>null</c> when no patient had a value.</param>
/// <param name="Cd8">Median CD8 T cells, cells/µL.</param>
/// <param name="B">Median B cells, cells/µL.</param>
/// <param name="Nk">Median NK cells, cells/µL.</param>
/// <remarks>Part of <see cref="CohortSummary"/> (lymphocyte recovery at fixed days). The daily percentile bands of every readout are in <see cref="TrajectoryBands"/>.</remarks>
public sealed record LymphocyteRecoveryPoint(int Day, int Patients, double? Cd4, double? Cd8, double? B, double? Nk);
