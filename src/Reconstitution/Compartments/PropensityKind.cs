namespace Reconstitution.Compartments;

/// <summary>
/// The shape of a compiled propensity, so solvers evaluate built-in kinds with a switch over flat
/// arrays rather than a virtual call or delegate.
/// </summary>
internal enum PropensityKind : byte
{
    /// <summary>k (no reactants).</summary>
    Constant = 0,

    /// <summary>k·x (one reactant, coefficient 1).</summary>
    FirstOrder = 1,

    /// <summary>k·x·y (two distinct reactants, coefficient 1 each).</summary>
    SecondOrderDistinct = 2,

    /// <summary>k·x(x−1)/2 (one reactant, coefficient 2).</summary>
    SecondOrderSame = 3,

    /// <summary>k·Πᵢ C(xᵢ, νᵢ), any other mass-action form.</summary>
    GeneralMassAction = 4,

    /// <summary>A user <see cref="RateFunction"/>.</summary>
    Custom = 5,
}
