namespace Reconstitution.Compartments;

/// <summary>A user-supplied propensity: a <see cref="RateFunction"/> of declared compartments and parameters.</summary>
/// <remarks>
/// Immutable and thread-safe as long as <see cref="Function"/> is. The function may read only the
/// compartments it declares (the solver re-evaluates it exactly when one of them changes) and,
/// when <see cref="TimeDependent"/> is true, the time; exact solvers then integrate its hazard
/// between firings rather than holding it constant.
/// </remarks>
/// <param name="Compartments">The compartments the function reads, in the order <see cref="RateInputs.Count"/> sees them.</param>
/// <param name="Parameters">The parameters the function reads, in the order <see cref="RateInputs.Parameter"/> sees them.</param>
/// <param name="Function">The rate function.</param>
/// <param name="TimeDependent">Whether the function depends on time other than through counts and parameters.</param>
public sealed record CustomPropensity(
    IReadOnlyList<string> Compartments,
    IReadOnlyList<string> Parameters,
    RateFunction Function,
    bool TimeDependent) : PropensityDefinition;
