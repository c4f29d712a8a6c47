namespace Reconstitution.Forecasting;

/// <summary>One tempering stage of the sampler (docs/forecasting.md §Method). Immutable.</summary>
/// <param name="Temperature">The likelihood's exponent φ after this stage, in (0, 1]; the posterior is reached at 1.</param>
/// <param name="EffectiveSampleSize">Kish's effective sample size (Σw)²/Σw² of the reweighted particles, before resampling.</param>
/// <param name="AcceptanceRate">Share of the rejuvenation moves accepted after resampling; NaN when the stage did not resample.</param>
/// <param name="Simulations">Patient simulations run in this stage (including the initial draw for the first stage).</param>
/// <remarks>One entry of <c>Forecast.Stages</c>: read it to judge the sampler (effective sample size, acceptance) rather than the forecast itself.</remarks>
public readonly record struct ForecastStage(double Temperature, double EffectiveSampleSize, double AcceptanceRate, int Simulations);
