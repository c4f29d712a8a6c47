namespace Reconstitution.Compartments;

/// <summary>The algorithm a <see cref="CompartmentSystem"/> uses to advance its counts.</summary>
/// <remarks>
/// <para>Exact methods simulate every firing and are statistically exact. <see cref="Exact"/>
/// picks one by network size: the <see cref="Direct"/> method up to
/// <see cref="SolverOptions.DirectMethodMaxTransitions"/> (32) time-homogeneous transitions,
/// <see cref="SortingDirect"/> up to <see cref="SolverOptions.SortingDirectMaxTransitions"/> (256),
/// otherwise <see cref="CompositionRejection"/>, whose cost per firing does not grow with the network.</para>
/// <para>Approximate methods (<see cref="TauLeaping"/>, <see cref="Hybrid"/>, <see cref="Ode"/>) trade
/// exactness for a cost per simulated day that does not grow with population size.</para>
/// </remarks>
public enum SolverKind
{
    /// <summary>An exact method chosen by network size (direct, then sorting direct, then composition–rejection for the largest).</summary>
    Exact = 0,

    /// <summary>Gillespie's direct method (1977) with a dependency graph: linear search, best for ≲ 30 transitions.</summary>
    Direct = 1,

    /// <summary>Sorting direct method (McCollum et al. 2006): the direct method with frequent transitions moved to the front.</summary>
    SortingDirect = 2,

    /// <summary>Composition–rejection SSA (Slepoy, Thompson and Plimpton 2008): constant cost per firing in the network size.</summary>
    CompositionRejection = 3,

    /// <summary>Adaptive tau-leaping (Cao, Gillespie and Petzold 2006).</summary>
    TauLeaping = 4,

    /// <summary>Per-compartment hybrid: small compartments exact, large ones continuous.</summary>
    Hybrid = 5,

    /// <summary>The deterministic mean-field ODE (for comparison).</summary>
    Ode = 6,
}
