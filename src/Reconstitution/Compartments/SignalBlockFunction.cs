namespace Reconstitution.Compartments;

/// <summary>
/// Computes a run of consecutive signals of a network at once (a <see cref="SignalBlock"/>): the values of its signals, in
/// definition order, each equal to what the signal's own function returns.
/// </summary>
/// <param name="inputs">The block's signals' declared counts and parameters, each list concatenated in signal order, and the time.</param>
/// <param name="values">The block's signal values, to be written (one per signal, in definition order).</param>
internal delegate void SignalBlockFunction(in RateInputs inputs, Span<double> values);
