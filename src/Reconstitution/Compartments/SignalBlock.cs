namespace Reconstitution.Compartments;

/// <summary>
/// A run of consecutive signals that a full update of a network's signals computes with one call instead of one per signal:
/// the signals share their inputs' sums (the physiology network's T-cell niches read the same four sums, its neutrophil
/// feedback the same blood count), which a block adds once, and a call per signal costs about as much as a short signal.
/// </summary>
/// <remarks>
/// <para>An evaluation detail of a compiled network, never part of its definition: each signal keeps its own function and
/// declared inputs (its dependencies, the view <see cref="ReactionNetwork.Signals"/>, and a firing's recomputation of a few
/// signals use them), and the block must return exactly those functions' values, bit for bit (the same floating-point
/// operations in the same order). It reads only what its signals declared: counts by network index
/// (<see cref="RateInputs.CountOf"/>) or by position, and parameters by position, in its signals' lists concatenated in
/// signal order (the block's second signal's first parameter follows the first signal's last).</para>
/// <para>Issue 15: one right-hand-side evaluation of the physiology network (benchmarks/results/cohort.md, session 9).</para>
/// </remarks>
/// <param name="First">The index of the block's first signal.</param>
/// <param name="Count">The number of signals, at least 2.</param>
/// <param name="Function">The function computing them.</param>
internal sealed record SignalBlock(int First, int Count, SignalBlockFunction Function);
