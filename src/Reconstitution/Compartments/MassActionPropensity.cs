namespace Reconstitution.Compartments;

/// <summary>
/// A mass-action propensity k · Πᵢ C(xᵢ, νᵢ) · Π Hill factors · Π signals, where xᵢ are the counts of the
/// transition's reactants and νᵢ their coefficients (Gillespie 1977: one unit per reactant gives
/// k·x, a homodimer 2X gives k·x(x−1)/2); a transition with no reactants fires at rate k.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
/// <param name="RateParameter">The parameter holding the rate constant k (per day), which must stay ≥ 0.</param>
/// <param name="Feedback">Hill factors that multiply the mass-action term; may be empty.</param>
/// <param name="Modulators">Names of <see cref="SignalDefinition">signals</see> whose values multiply the term; null or empty for none.</param>
public sealed record MassActionPropensity(string RateParameter, IReadOnlyList<HillFactor> Feedback, IReadOnlyList<string>? Modulators = null)
    : PropensityDefinition;
