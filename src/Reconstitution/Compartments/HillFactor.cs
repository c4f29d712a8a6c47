namespace Reconstitution.Compartments;

/// <summary>
/// A Hill-type feedback factor that multiplies a mass-action propensity: with x the weighted sum
/// of <see cref="Input"/>, K and n the values of the named parameters, the factor is
/// xⁿ/(Kⁿ + xⁿ) when activating and Kⁿ/(Kⁿ + xⁿ) when repressing (Hill 1910).
/// </summary>
/// <remarks>
/// Immutable and thread-safe. Typical use: self-renewal of stem cells repressed by the size of
/// the stem-cell pool, or production of a lineage repressed by a weighted sum of its mature
/// compartments (a cytokine-like feedback).
/// </remarks>
/// <param name="Input">The compartments whose weighted counts are summed into x; at least one.</param>
/// <param name="HalfSaturationParameter">The parameter holding K (same unit as x), which must stay &gt; 0.</param>
/// <param name="CoefficientParameter">The parameter holding the Hill coefficient n (dimensionless), which must stay &gt; 0.</param>
/// <param name="Direction">Activating or repressing.</param>
public sealed record HillFactor(
    IReadOnlyList<WeightedCompartment> Input,
    string HalfSaturationParameter,
    string CoefficientParameter,
    HillDirection Direction);
