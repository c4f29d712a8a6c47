namespace Reconstitution.Compartments;

/// <summary>
/// Computes a derived signal (a cytokine-like feedback level, a ratio, a drug effect) from the
/// compartments and parameters the signal declared and, if declared time-dependent, the time.
/// </summary>
/// <param name="inputs">The declared counts and parameters and the time.</param>
/// <returns>The signal value; finite, and ≥ 0 wherever it multiplies a propensity.</returns>
/// <remarks>
/// Called once per propensity update (not once per transition that uses it), on the solver's hot
/// path: it must not allocate, must be a pure function of its inputs, and must be safe to call from
/// several threads if the network is shared.
/// </remarks>
public delegate double SignalFunction(RateInputs inputs);
