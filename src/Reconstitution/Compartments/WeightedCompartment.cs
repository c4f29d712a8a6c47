namespace Reconstitution.Compartments;

/// <summary>A term of a weighted sum of compartments, the input of a <see cref="HillFactor"/>.</summary>
/// <remarks>Immutable value.</remarks>
/// <param name="Compartment">The compartment name.</param>
/// <param name="Weight">The weight of its count in the sum; finite and ≥ 0.</param>
public readonly record struct WeightedCompartment(string Compartment, double Weight);
