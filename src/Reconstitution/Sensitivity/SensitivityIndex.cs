namespace Reconstitution.Sensitivity;

/// <summary>
/// One sensitivity index of one parameter for one endpoint, with its bootstrap interval and how much of it simulation noise
/// alone could produce (one row of <c>sensitivity.csv</c>). Immutable.
/// </summary>
/// <param name="Endpoint">The endpoint's name, e.g. <c>neutrophilEngraftmentDay</c>.</param>
/// <param name="Parameter">The parameter's name.</param>
/// <param name="Index">
/// <c>muStar</c> (mean absolute elementary effect), <c>mu</c> (mean elementary effect) or <c>sigma</c> (their standard deviation)
/// for Morris, in endpoint units per unit of cumulative probability; <c>S1</c> (first order) or <c>ST</c> (total effect) for Sobol,
/// a share of the endpoint's variance.
/// </param>
/// <param name="Value">The estimate; NaN when the endpoint was undefined at every point.</param>
/// <param name="StandardError">The bootstrap standard error.</param>
/// <param name="CiLower">Lower end of the 95 % bootstrap percentile interval.</param>
/// <param name="CiUpper">Upper end of the 95 % bootstrap percentile interval.</param>
/// <param name="NoiseFloor">
/// The value simulation noise alone gives in expectation for a parameter without effect (from the replicate cohorts; NaN
/// without replicates): for μ* 2σ_ε/(Δu√π), for σ √2·σ_ε/Δu, for ST σ²_ε/V; for μ and S1, whose noise has mean 0, 0.
/// </param>
/// <param name="NoiseShare">NoiseFloor / |Value|, capped at 1: the share of the index attributable to simulation noise (1 = indistinguishable from noise).</param>
/// <remarks>One row of <c>sensitivity.csv</c>. Compare <c>Value</c> with <c>NoiseFloor</c> before reading a small index as an effect.</remarks>
public sealed record SensitivityIndex(string Endpoint, string Parameter, string Index, double Value, double StandardError, double CiLower, double CiUpper,
    double NoiseFloor, double NoiseShare);
