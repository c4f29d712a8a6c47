namespace Reconstitution.Compartments;

/// <summary>
/// A user-supplied propensity (expected firings per day) of a transition, computed from the
/// compartments and parameters the transition declared and, if declared time-dependent, the time.
/// </summary>
/// <param name="inputs">The declared counts and parameters and the time.</param>
/// <returns>The propensity per day: finite and ≥ 0, and 0 whenever the transition's reactants are not available.</returns>
/// <remarks>
/// Called on the solver's hot path: it must not allocate, must be a pure function of its
/// inputs, and must be safe to call from several threads if the network is shared.
/// </remarks>
public delegate double RateFunction(RateInputs inputs);
