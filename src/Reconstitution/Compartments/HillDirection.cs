namespace Reconstitution.Compartments;

/// <summary>Whether a <see cref="HillFactor"/> rises or falls with its input.</summary>
public enum HillDirection
{
    /// <summary>The factor xⁿ/(Kⁿ + xⁿ): 0 at x = 0, ½ at x = K, → 1 as x grows.</summary>
    Activating = 0,

    /// <summary>The factor Kⁿ/(Kⁿ + xⁿ): 1 at x = 0, ½ at x = K, → 0 as x grows (negative feedback).</summary>
    Repressing = 1,
}
