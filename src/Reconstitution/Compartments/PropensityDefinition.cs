namespace Reconstitution.Compartments;

/// <summary>How a transition's propensity (expected firings per day) is computed.</summary>
/// <remarks>
/// Immutable. The two forms are <see cref="MassActionPropensity"/> (optionally with Hill
/// feedback), which solvers evaluate from flat arrays without any call-back, and
/// <see cref="CustomPropensity"/>, a user delegate for everything else.
/// </remarks>
public abstract record PropensityDefinition
{
    private protected PropensityDefinition()
    {
    }
}
