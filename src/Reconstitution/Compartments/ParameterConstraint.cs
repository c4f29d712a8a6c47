namespace Reconstitution.Compartments;

/// <summary>What values a parameter may take, given how the network uses it.</summary>
internal enum ParameterConstraint : byte
{
    /// <summary>Any finite value (e.g. a dose time read by a custom rate).</summary>
    Finite = 0,

    /// <summary>Finite and ≥ 0 (a mass-action rate constant).</summary>
    NonNegative = 1,

    /// <summary>Finite and &gt; 0 (a Hill half-saturation or coefficient).</summary>
    Positive = 2,
}
