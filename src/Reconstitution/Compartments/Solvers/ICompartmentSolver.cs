namespace Reconstitution.Compartments.Solvers;

/// <summary>An algorithm that advances a <see cref="CompartmentState"/> in time.</summary>
/// <remarks>
/// A solver is made for one network and one random stream, and keeps caches (propensities,
/// selection structures, a pending waiting time) between calls. A propensity that evaluates to
/// NaN, ∞ or a negative value throws <see cref="PropensityException"/> naming the transition and time.
/// </remarks>
internal interface ICompartmentSolver
{
    /// <summary>Evolves <paramref name="state"/> from <c>state.TimeDays</c> to <paramref name="timeDays"/> and sets <c>state.TimeDays</c>.</summary>
    void AdvanceTo(CompartmentState state, double timeDays);

    /// <summary>Called after counts or parameters were changed from outside; caches are rebuilt on the next advance.</summary>
    void Invalidate();

    /// <summary>Called after parameters were changed from outside (<see cref="Invalidate"/> is enough after a change of counts alone); the default invalidates everything.</summary>
    void InvalidateParameters() => Invalidate();

    /// <summary>
    /// Declares the compartments a reader reads after every advance without asking for the rest (null: every compartment,
    /// the default). A solver may then leave the other counts unwritten after an advance until <see cref="CompleteCounts"/>.
    /// </summary>
    void DeclareObserved(bool[]? observed)
    {
    }

    /// <summary>
    /// Declares tolerance groups: <paramref name="groupOf"/>[i] is compartment i's group (≥ 0) or −1 for none. A solver
    /// with an error-controlled integrator may measure a shrinking member's error against its group's total
    /// (<see cref="SolverOptions.OdeGroupErrorScale"/>); others ignore it.
    /// </summary>
    void DeclareToleranceGroups(int[] groupOf)
    {
    }

    /// <summary>Writes every count the last advance left unwritten (see <see cref="DeclareObserved"/>); call before any other read or any change of the state.</summary>
    void CompleteCounts()
    {
    }
}
