namespace Reconstitution.Compartments;

/// <summary>One compartment and how many units of it a transition consumes or produces.</summary>
/// <remarks>Immutable value.</remarks>
/// <param name="Compartment">The compartment name.</param>
/// <param name="Coefficient">The number of units, ≥ 1.</param>
public readonly record struct StoichiometryTerm(string Compartment, int Coefficient);
