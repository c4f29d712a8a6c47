using Reconstitution.Compartments;
using Reconstitution.Compartments.Solvers;
using Reconstitution.Randomness;

namespace Reconstitution.Tests.Compartments;

/// <summary>
/// The hybrid solver reads the counts it writes at a stop and the varying inputs at a firing from a pack of the step's
/// dense output (<c>HermitePack</c>); the course must be the one reading the integrator's vectors directly gives, to the bit.
/// </summary>
public class PackedDenseOutputTests
{
    /// <summary>
    /// A continuous chain A → B → C fed at 100 per day, smooth enough for steps spanning several stops, with two more
    /// continuous compartments beside it (E, F: the declared ones are not one run of consecutive compartments); an exact
    /// clone X born at a rate read from C (a varying discrete transition: its input is interpolated at every firing).
    /// </summary>
    private static ReactionNetwork Network() => Chain()
        .Compartment("E", 400, CompartmentMode.Continuous).Compartment("F", 50, CompartmentMode.Continuous)
        .Transition("e to f", t => t.Consumes("E").Produces("F").MassAction(0.03))
        .Transition("f death", t => t.Consumes("F").MassAction(0.01))
        .Build();

    /// <summary>The chain A → B → C fed at 100 per day and the exact clone X born at a rate read from C, for both networks.</summary>
    private static ReactionNetworkBuilder Chain() => new ReactionNetworkBuilder()
        .Compartment("A", 10, CompartmentMode.Continuous).Compartment("B", 5000, CompartmentMode.Continuous)
        .Compartment("C", 0, CompartmentMode.Continuous).Compartment("X", 3, CompartmentMode.Exact)
        .Parameter("feed", 100)
        .Transition("feed", t => t.Produces("A").MassAction("feed"))
        .Transition("a to b", t => t.Consumes("A").Produces("B").MassAction(0.2))
        .Transition("b to c", t => t.Consumes("B").Produces("C").MassAction(0.05))
        .Transition("c death", t => t.Consumes("C").MassAction(0.02))
        .Transition("x birth", t => t.Consumes("C").Produces("C").Produces("X").MassAction(2e-4))
        .Transition("x death", t => t.Consumes("X").MassAction(0.1));

    [Theory]
    [InlineData(OdeMethod.StiffnessSwitching)]
    [InlineData(OdeMethod.RosenbrockW)]
    [InlineData(OdeMethod.RungeKuttaChebyshev)]
    public void AdvanceTo_PackedAndDirectDenseOutput_SameCountsAndFiringsAtEveryStop(OdeMethod method)
    {
        var network = Network();
        var packed = RunAlongsideDirect(network, method, ["A", "B", "E", "F"], 5, 9);
        // The clone's births (whose rate reads the interpolated C) fired often, and steps spanned several stops.
        long births = packed.FiringCounts[network.TransitionIndex("x birth")], steps = ((HybridSolver)packed.Solver).Integrator.AcceptedSteps;
        Assert.True(births > 20 && steps < 200, $"{births} births, {steps} steps");
    }

    /// <summary>
    /// Runs <paramref name="network"/> twice from the same random stream (<paramref name="seed"/>, <paramref name="key"/>), reading the dense output from packs and directly,
    /// to day 100 in stops of a quarter day, and asserts the observed counts (bits) and the firings agree at every stop and
    /// all counts at the end; returns the packed system.
    /// </summary>
    private static CompartmentSystem RunAlongsideDirect(ReactionNetwork network, OdeMethod method, string[] observedNames, ulong seed, ulong key)
    {
        var options = new SolverOptions { Kind = SolverKind.Hybrid, OdeMethod = method, OdeRelativeTolerance = 1e-3, OdeAbsoluteTolerance = 1 };
        var observed = new bool[network.Compartments.Count];
        foreach (string name in observedNames) observed[network.CompartmentIndex(name)] = true;
        var packed = new CompartmentSystem(network, options, RandomStream.Create(seed, key));
        var direct = new CompartmentSystem(network, options, RandomStream.Create(seed, key));
        packed.DeclareObserved(observed);
        direct.DeclareObserved(observed);
        ((HybridSolver)direct.Solver).PacksDenseOutput = false;
        for (int stop = 1; stop <= 400; stop++)
        {
            packed.AdvanceTo(0.25 * stop);
            direct.AdvanceTo(0.25 * stop);
            for (int i = 0; i < observed.Length; i++)
                if (observed[i]) Assert.Equal(BitConverter.DoubleToInt64Bits(direct.ObservedCounts[i]), BitConverter.DoubleToInt64Bits(packed.ObservedCounts[i]));
            Assert.Equal(direct.FiringCounts.ToArray(), packed.FiringCounts.ToArray());
        }
        Assert.Equal(direct.Counts.ToArray(), packed.Counts.ToArray());
        return packed;
    }

    /// <summary>
    /// The chain of <see cref="Network"/> with a dynamic compartment D beside it, born at a rate read from a decaying
    /// continuous G (1,000 per day at first, halving every ≈ 14 days) and dying at 0.3 per day: D grows past the switch
    /// threshold (1,000 cells: continuous) within days and falls below the return one (500: exact) after ≈ 45 days, so the
    /// solver repartitions both ways and the packs' lists (the counts a stop writes, the varying inputs) change with it.
    /// </summary>
    private static ReactionNetwork SwitchingNetwork() => Chain()
        .Compartment("G", 100_000, CompartmentMode.Continuous).Compartment("D", 5, CompartmentMode.Dynamic)
        .Transition("g decay", t => t.Consumes("G").MassAction(0.05))
        .Transition("d birth", t => t.Consumes("G").Produces("G").Produces("D").MassAction(0.01))
        .Transition("d death", t => t.Consumes("D").MassAction(0.3))
        .Build();

    [Theory]
    [InlineData(OdeMethod.StiffnessSwitching)]
    [InlineData(OdeMethod.RosenbrockW)]
    [InlineData(OdeMethod.RungeKuttaChebyshev)]
    public void AdvanceTo_RepartitionsBothWays_PackedAndDirectDenseOutputAgreeToTheBit(OdeMethod method)
    {
        var packed = RunAlongsideDirect(SwitchingNetwork(), method, ["A", "B", "G", "D"], 7, 3);
        long switches = ((HybridSolver)packed.Solver).Switches;
        Assert.True(switches >= 2, $"{switches} switches");
    }
}
