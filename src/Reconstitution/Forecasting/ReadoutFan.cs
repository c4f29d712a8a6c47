using Reconstitution.Physiology;

namespace Reconstitution.Forecasting;

/// <summary>
/// A fan chart's data for one readout: for each day from the first simulated day to the horizon, the 5th, 25th, 50th,
/// 75th and 95th percentiles of the forecast (weighted particles alive that day), in the measure's unit. Immutable.
/// </summary>
/// <param name="Measure">The readout.</param>
/// <param name="Days">The days, consecutive.</param>
/// <param name="P05">5th percentiles, aligned with <paramref name="Days"/>.</param>
/// <param name="P25">25th percentiles.</param>
/// <param name="P50">Medians.</param>
/// <param name="P75">75th percentiles.</param>
/// <param name="P95">95th percentiles.</param>
/// <remarks>The bands of one readout in a <see cref="Forecast"/>, for plotting or export; for a single number per patient (an engraftment day) use <see cref="DayDistribution"/> instead.</remarks>
public sealed record ReadoutFan(Measure Measure, IReadOnlyList<int> Days, IReadOnlyList<double> P05, IReadOnlyList<double> P25,
    IReadOnlyList<double> P50, IReadOnlyList<double> P75, IReadOnlyList<double> P95);
