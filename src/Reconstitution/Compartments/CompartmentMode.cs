namespace Reconstitution.Compartments;

/// <summary>How a solver may treat a compartment's count.</summary>
/// <remarks>
/// Exact solvers treat every compartment exactly and ignore the mode. Hybrid solvers use it:
/// an <see cref="Exact"/> compartment always changes by whole firings, a <see cref="Continuous"/>
/// one is always a real-valued amount, and a <see cref="Dynamic"/> one switches between the two
/// with its size (the per-species modes of GillesPy2's tau-hybrid solver).
/// </remarks>
public enum CompartmentMode
{
    /// <summary>Switch between exact and continuous treatment as the count changes (the default).</summary>
    Dynamic = 0,

    /// <summary>Always change by whole firings (e.g. stem cells, autoreactive clones).</summary>
    Exact = 1,

    /// <summary>Always treat as a continuous amount (e.g. red cells, drug levels).</summary>
    Continuous = 2,
}
