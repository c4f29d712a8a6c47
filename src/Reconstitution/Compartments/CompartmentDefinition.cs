namespace Reconstitution.Compartments;

/// <summary>A compartment of a <see cref="ReactionNetwork"/>: a named population with an initial count.</summary>
/// <remarks>Immutable and thread-safe. Validated when the network is built.</remarks>
/// <param name="Name">The unique compartment name, e.g. <c>"HSC"</c>.</param>
/// <param name="InitialCount">The count (cells, or molecules) at time zero; finite and ≥ 0.</param>
/// <param name="Mode">How hybrid solvers may treat the compartment (exact solvers ignore it).</param>
public sealed record CompartmentDefinition(string Name, double InitialCount, CompartmentMode Mode = CompartmentMode.Dynamic);
