namespace Reconstitution.Compartments;

/// <summary>
/// A <see cref="SignalFunction"/> that takes its inputs by reference: the form the networks evaluate. <see cref="RateInputs"/>
/// is a 72-byte view, and passing it by value copies it onto the stack at every call; by reference, a solver builds it in
/// place and passes its address (issue 15: one evaluation of the physiology network's right-hand side −4 %,
/// benchmarks/results/cohort.md session 8).
/// </summary>
/// <param name="inputs">The declared counts and parameters and the time.</param>
/// <returns>The signal value (see <see cref="SignalFunction"/>).</returns>
/// <remarks>
/// Internal networks (the physiology model) declare their signals in this form
/// (<see cref="ReactionNetworkBuilder.SignalByReference"/>);
/// a public <see cref="SignalFunction"/> is wrapped once, when the network is compiled.
/// </remarks>
internal delegate double ByRefSignalFunction(in RateInputs inputs);
