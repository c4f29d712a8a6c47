namespace Reconstitution.Forecasting;

/// <summary>
/// Whether the observations are consistent with the model, and if not, why (docs/forecasting.md §Inconsistent data).
/// A forecast with <see cref="IsConsistent"/> false must not be read as a prediction: the model cannot explain the
/// patient. Immutable.
/// </summary>
/// <param name="IsConsistent">No check failed.</param>
/// <param name="Problems">One sentence per failed check; empty when consistent.</param>
/// <param name="PosteriorDeviance">
/// The posterior mean of the deviance −2 Σ log(p(yₖ | xₖ)/p_max), which for data from the model is about χ² with one
/// degree of freedom per observation.
/// </param>
/// <param name="DevianceLimit">The 99.9 % quantile of χ² with as many degrees of freedom as observations; a larger deviance fails.</param>
/// <param name="WorstObservation">The observation least probable under the forecast.</param>
/// <param name="WorstObservationPValue">Its two-sided posterior predictive p-value (for a bound: the probability of a report beyond it).</param>
/// <remarks>Check <c>IsConsistent</c> before trusting a forecast: when the observations are unlikely under every particle, the forecast is the model's best guess for a patient it cannot explain.</remarks>
public sealed record ForecastConsistency(bool IsConsistent, IReadOnlyList<string> Problems, double PosteriorDeviance, double DevianceLimit,
    Observation WorstObservation, double WorstObservationPValue);
