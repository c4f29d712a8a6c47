namespace Reconstitution.Compartments;

/// <summary>A named numeric parameter of a <see cref="ReactionNetwork"/>, such as a rate constant per day.</summary>
/// <remarks>
/// Immutable and thread-safe. Parameters are the values a kernel event may change at run time
/// (<see cref="CompartmentSystem.SetParameter(string, double)"/>); a parameter used as a rate
/// constant must stay ≥ 0, one used as a Hill half-saturation or coefficient must stay &gt; 0.
/// </remarks>
/// <param name="Name">The unique parameter name, e.g. <c>"renewalPerDay"</c>.</param>
/// <param name="Value">The value at time zero; finite.</param>
public sealed record ParameterDefinition(string Name, double Value);
