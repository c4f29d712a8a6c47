using Reconstitution.Compartments;
using Reconstitution.Compartments.Solvers;
using Reconstitution.Randomness;

namespace Reconstitution.Tests.Compartments;

/// <summary>
/// The hazard rate the hybrid solver integrates (the right-hand side's last component) is 128 times the varying discrete
/// transitions' propensities summed in transition order. A first-order transition with at most one modulator and no Hill
/// factor takes a short path (k·x, then times its signal) instead of the network's general evaluation; these tests require
/// the two to give the same bits, for every kind of varying transition side by side.
/// </summary>
public class HybridHazardRateTests
{
    /// <summary>
    /// A continuous compartment C and an exact one D whose transitions all vary with C or with time: first-order with one
    /// modulator (short path), with a time-dependent modulator only (short path), with two modulators, with a Hill factor and
    /// with a custom rate (general path).
    /// </summary>
    private static ReactionNetwork Network() => new ReactionNetworkBuilder()
        .Compartment("C", 1e6, CompartmentMode.Continuous).Compartment("D", 7, CompartmentMode.Exact)
        .Parameter("k", 0.3)
        .Signal("s", static x => 1 + x.Count(0) / 3e6, ["C"])
        .Signal("u", static x => 2 - x.TimeDays / 7, [], timeDependent: true)
        .Transition("C.death", t => t.Consumes("C").MassAction(0.01))
        .Transition("D.a", t => t.Consumes("D").MassAction(0.2).ModulatedBy("s"))
        .Transition("D.b", t => t.Consumes("D").MassAction("k").ModulatedBy("s").ModulatedBy("u"))
        .Transition("D.c", t => t.Consumes("D").Produces("D", 2).MassAction(0.05).ModulatedBy("u"))
        .Transition("D.d", t => t.Consumes("D").MassAction(0.07).ActivatedBy("C", 5e5, 2))
        .Transition("D.e", t => t.Consumes("D").Rate(static x => 1e-8 * x.Count(0) * x.Count(1), ["D", "C"]))
        .Build();

    [Fact]
    public void Derivative_VaryingTransitionsOfEveryKind_HazardRateIs128TimesTheGeneralPropensitiesSummedInOrder()
    {
        var system = new CompartmentSystem(Network(), new SolverOptions { Kind = SolverKind.Hybrid }, RandomStream.Create(5));
        system.AdvanceTo(0.5);   // partitioned: C continuous, D exact, with the five D transitions varying
        var solver = (HybridSolver)system.Solver;
        CompiledNetwork net = system.Network.Compiled;
        int dimension = solver.Integrator.Dimension;
        Assert.Equal(2, dimension);   // C and the hazard
        var dydt = new double[dimension];
        Assert.True(system.State.Counts[net.FindCompartment("D")] > 0);
        var random = new Random(11);
        string[] varying = ["D.a", "D.b", "D.c", "D.d", "D.e"];
        for (int trial = 0; trial < 2_000; trial++)
        {
            double t = 0.5 + 10 * random.NextDouble();
            double[] y = [Math.Exp(random.NextDouble() * 20), 0];
            solver.Derivative(t, y, dydt);
            // The solver's counts and signals now hold the evaluation's state: the general evaluation of each propensity there.
            double[] counts = system.State.Counts, parameters = system.State.Parameters;
            Assert.Equal(y[0], counts[net.FindCompartment("C")]);
            double rate = 0;
            foreach (string name in varying) rate += net.Propensity(net.FindTransition(name), counts, parameters, t);
            Assert.Equal(BitConverter.DoubleToInt64Bits(128 * rate), BitConverter.DoubleToInt64Bits(dydt[1]));
        }
    }

    /// <summary>
    /// C continuous; D dynamic (7 cells: exact at first) and E exact, each with a short-path transition (one modulator) and a
    /// general one (custom rate, Hill factor): while D is exact all four vary, in the order D.a, D.e, E.a, E.d; once D is
    /// continuous only E's two do, at the list's first positions.
    /// </summary>
    private static ReactionNetwork SwitchingNetwork() => new ReactionNetworkBuilder()
        .Compartment("C", 1e6, CompartmentMode.Continuous).Compartment("D", 7, CompartmentMode.Dynamic).Compartment("E", 50, CompartmentMode.Exact)
        .Parameter("k", 0.3)
        .Signal("s", static x => 1 + x.Count(0) / 3e6, ["C"])
        .Transition("C.death", t => t.Consumes("C").MassAction(0.01))
        .Transition("D.a", t => t.Consumes("D").MassAction(0.02).ModulatedBy("s"))
        .Transition("D.e", t => t.Consumes("D").Rate(static x => 1e-9 * x.Count(0) * x.Count(1), ["D", "C"]))
        .Transition("E.a", t => t.Consumes("E").MassAction("k").ModulatedBy("s"))
        .Transition("E.d", t => t.Consumes("E").MassAction(0.07).ActivatedBy("C", 5e5, 2))
        .Build();

    /// <summary>
    /// The varying transitions' short-path terms are listed per partition: after D turns continuous the hazard rate is 128 times
    /// E's two propensities alone (a list kept from the first partition would read D.a's term at the first position).
    /// </summary>
    [Fact]
    public void Derivative_AfterARepartitionChangesTheVaryingTransitions_HazardRateIsTheNewSetsSum()
    {
        var system = new CompartmentSystem(SwitchingNetwork(), new SolverOptions { Kind = SolverKind.Hybrid }, RandomStream.Create(3));
        CompiledNetwork net = system.Network.Compiled;
        var solver = (HybridSolver)system.Solver;
        system.AdvanceTo(0.5);
        Assert.False(solver.IsContinuous(net.FindCompartment("D")));
        AssertHazardRate(system, ["D.a", "D.e", "E.a", "E.d"], 0.5);
        system.SetCount("D", 1e5);
        system.AdvanceTo(0.51);
        Assert.True(solver.IsContinuous(net.FindCompartment("D")));
        Assert.True(system.State.Counts[net.FindCompartment("E")] > 0);
        AssertHazardRate(system, ["E.a", "E.d"], 0.51);
    }

    /// <summary>
    /// Evaluates the right-hand side at 200 random continuous states after <paramref name="from"/> and requires its last
    /// component to be 128 times the listed transitions' general propensities summed in order, to the bit.
    /// </summary>
    private static void AssertHazardRate(CompartmentSystem system, string[] varying, double from)
    {
        var solver = (HybridSolver)system.Solver;
        CompiledNetwork net = system.Network.Compiled;
        int dimension = solver.Integrator.Dimension;
        var dydt = new double[dimension];
        var random = new Random(17);
        for (int trial = 0; trial < 200; trial++)
        {
            double t = from + random.NextDouble();
            var y = new double[dimension];
            for (int k = 0; k < dimension - 1; k++) y[k] = Math.Exp(random.NextDouble() * 14);
            solver.Derivative(t, y, dydt);
            double[] counts = system.State.Counts, parameters = system.State.Parameters;
            double rate = 0;
            foreach (string name in varying) rate += net.Propensity(net.FindTransition(name), counts, parameters, t);
            Assert.Equal(BitConverter.DoubleToInt64Bits(128 * rate), BitConverter.DoubleToInt64Bits(dydt[dimension - 1]));
        }
    }
}
