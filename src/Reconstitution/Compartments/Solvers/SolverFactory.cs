using Reconstitution.Randomness;

namespace Reconstitution.Compartments.Solvers;

/// <summary>Maps a <see cref="SolverKind"/> to a solver for a network.</summary>
internal static class SolverFactory
{
    /// <summary>The concrete kind <paramref name="kind"/> stands for on <paramref name="network"/> (resolves <see cref="SolverKind.Exact"/>).</summary>
    public static SolverKind Resolve(SolverKind kind, CompiledNetwork network, SolverOptions options)
    {
        if (kind != SolverKind.Exact) return kind;
        int homogeneous = network.TransitionCount - network.TimeDependentTransitions.Length;
        return homogeneous <= options.DirectMethodMaxTransitions ? SolverKind.Direct
            : homogeneous <= options.SortingDirectMaxTransitions ? SolverKind.SortingDirect
            : SolverKind.CompositionRejection;
    }

    /// <summary>Creates the solver for <paramref name="options"/>.Kind.</summary>
    /// <exception cref="NotSupportedException">The kind is not available in this build.</exception>
    public static ICompartmentSolver Create(CompiledNetwork network, SolverOptions options, RandomStream random) =>
        Resolve(options.Kind, network, options) switch
        {
            SolverKind.Direct => new ExactSolver<DirectSelector>(network, options, random),
            SolverKind.SortingDirect => new ExactSolver<SortingDirectSelector>(network, options, random),
            SolverKind.CompositionRejection => new ExactSolver<CompositionRejectionSelector>(network, options, random),
            SolverKind.TauLeaping => new TauLeapingSolver(network, options, random),
            SolverKind.Hybrid => new HybridSolver(network, options, random, deterministic: false),
            SolverKind.Ode => new HybridSolver(network, options, random, deterministic: true),
            var other => throw new NotSupportedException($"Solver kind {other} is not available yet."),
        };
}
