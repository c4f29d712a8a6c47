using Reconstitution.Physiology;

namespace Reconstitution.Forecasting;

/// <summary>
/// One measurement of a real patient: a morning count on a day after infusion, in the unit of the measure's column of
/// <c>trajectory.csv</c> (docs/outputs.md). Immutable.
/// </summary>
/// <remarks>Read a file of them with <see cref="ObservationsCsv"/>; condition the model on them with <see cref="PatientForecaster"/>.</remarks>
/// <param name="Day">Day relative to infusion (day 0); negative days are conditioning.</param>
/// <param name="Measure">What was measured.</param>
/// <param name="Value">The value in the measure's unit (ANC ×10⁹/L, Hb g/dL, CD4 cells/µL, …); the bound when censored.</param>
/// <param name="Censoring">Whether the value is exact or a bound.</param>
public readonly record struct Observation(int Day, Measure Measure, double Value, ObservationCensoring Censoring = ObservationCensoring.None);
