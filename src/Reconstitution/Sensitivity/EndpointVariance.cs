namespace Reconstitution.Sensitivity;

/// <summary>How an endpoint varied over the design, and how much of that is simulation noise. Immutable.</summary>
/// <param name="Endpoint">The endpoint's name.</param>
/// <param name="Unit">Its unit.</param>
/// <param name="UndefinedPoints">Design points where it was undefined (left out of the estimators).</param>
/// <param name="Mean">Mean over the design points.</param>
/// <param name="Variance">Variance over the design points (parameter-driven plus noise).</param>
/// <param name="NoiseVariance">Variance across seeds at fixed parameters (pooled over the replicate points); NaN without replicates.</param>
/// <param name="NoiseShare">NoiseVariance / Variance, capped at 1: the share of the endpoint's variation over the design that is simulation noise.</param>
/// <remarks>Read it before the indices of its endpoint: with a noise share near 1 the design points differ by chance only, and more patients per point are needed.</remarks>
public sealed record EndpointVariance(string Endpoint, string Unit, int UndefinedPoints, double Mean, double Variance, double NoiseVariance, double NoiseShare)
{
    /// <summary>The parameter-driven part of the variance: Variance − NoiseVariance, at least 0 (NaN without replicates).</summary>
    public double ParameterVariance => Math.Max(0, Variance - NoiseVariance);
}
