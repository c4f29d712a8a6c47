namespace Reconstitution.Compartments;

/// <summary>
/// A transition (reaction) of a <see cref="ReactionNetwork"/>: when it fires, it consumes its
/// reactants and makes its products; its propensity is the expected number of firings per day.
/// </summary>
/// <remarks>
/// Immutable and thread-safe. The net change of a compartment is its product coefficient minus
/// its reactant coefficient: self-renewal X → 2X is reactant X×1, product X×2, net +1; a
/// catalysed production P → P + Q leaves P unchanged.
/// </remarks>
/// <param name="Name">The unique transition name, e.g. <c>"HSC self-renewal"</c>.</param>
/// <param name="Reactants">The compartments consumed per firing (mass action uses them as the rate's inputs).</param>
/// <param name="Products">The compartments made per firing.</param>
/// <param name="Propensity">How the propensity is computed.</param>
public sealed record TransitionDefinition(
    string Name,
    IReadOnlyList<StoichiometryTerm> Reactants,
    IReadOnlyList<StoichiometryTerm> Products,
    PropensityDefinition Propensity);
