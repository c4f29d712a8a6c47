using FsCheck;
using FsCheck.Fluent;
using Reconstitution.Compartments;
using Reconstitution.Compartments.Solvers;
using Reconstitution.Randomness;

namespace Reconstitution.Tests.Compartments;

/// <summary>
/// The hybrid solver's right-hand side computes every continuous rate first and then sums, per compartment, the changes
/// of its transitions (gathered by compartment at each repartition). These tests compare it with the mean-field
/// definition dx_i/dt = Σ_j ν_ij a_j(x) written out independently, term by term in transition order.
/// </summary>
public class HybridRightHandSideTests
{
    /// <summary>A maturation chain with amplification, a modulated renewal, a custom (general) rate and a sink.</summary>
    internal static ReactionNetwork Chain() => new ReactionNetworkBuilder()
        .Compartment("P", 1e6, CompartmentMode.Continuous).Compartment("M1", 2e6, CompartmentMode.Continuous)
        .Compartment("M2", 3e6, CompartmentMode.Continuous).Compartment("B", 5e7, CompartmentMode.Continuous)
        .Parameter("k", 0.7)
        .Signal("feedback", static x => 2 / (1 + x.Count(0) / 5e7), ["B"])
        .Transition("P.renew", t => t.Consumes("P").Produces("P", 2).MassAction(0.4).ModulatedBy("feedback"))
        .Transition("P.out", t => t.Consumes("P").Produces("M1", 2).MassAction("k"))
        .Transition("M1.out", t => t.Consumes("M1").Produces("M2", 2).MassAction(0.9).ModulatedBy("feedback"))
        .Transition("M2.out", t => t.Consumes("M2").Produces("B").Rate(static x => 0.5 * x.Count(0) * (1 + 0.1 * Math.Sin(x.TimeDays)), ["M2"], timeDependent: true))
        .Transition("B.death", t => t.Consumes("B").MassAction(0.05))
        .Transition("M1.death", t => t.Consumes("M1").MassAction(0.1))
        .Build();

    [Fact]
    public void Derivative_ChainWithSignalsAndCustomRate_EqualsTermByTermMeanField()
    {
        var system = new CompartmentSystem(Chain(), new SolverOptions { Kind = SolverKind.Ode, OdeMethod = OdeMethod.RungeKuttaChebyshev }, RandomStream.Create(3));
        system.AdvanceTo(2); // the solver has partitioned (all continuous) and holds its buffers
        var solver = (HybridSolver)system.Solver;
        double[] y = [1.5e6, 0.5e6, 4e6, 6e7];
        var dydt = new double[4];
        solver.Derivative(2.5, y, dydt);

        double feedback = 2 / (1 + y[3] / 5e7);
        double[] a = [0.4 * y[0] * feedback, 0.7 * y[0], 0.9 * y[1] * feedback, 0.5 * y[2] * (1 + 0.1 * Math.Sin(2.5)), 0.05 * y[3], 0.1 * y[1]];
        double[] expected = new double[4];
        // Changes per transition, in transition order: exactly the additions a term-by-term scatter makes.
        expected[0] += 1 * a[0];
        expected[0] += -1 * a[1]; expected[1] += 2 * a[1];
        expected[1] += -1 * a[2]; expected[2] += 2 * a[2];
        expected[2] += -1 * a[3]; expected[3] += 1 * a[3];
        expected[3] += -1 * a[4];
        expected[1] += -1 * a[5];
        Assert.Equal(expected, dydt);
    }

    [Fact]
    public void Derivative_InvalidRateInVectorPart_ThrowsNamingTheFirstInvalidTransition()
    {
        // Twenty first-order terms (more than one vector of rates); the tenth one's rate constant turns negative with time.
        var ex = InvalidRateOfTwentyDeaths((name, t) =>
        {
            t.Consumes(name).MassAction(0.1);
            if (name is "X9" or "X15") t.ModulatedBy("sign");
        });
        Assert.Equal("X9.death", ex.TransitionName);
        Assert.True(ex.Value < 0);
    }

    [Fact]
    public void Derivative_InvalidRatesInVectorAndGeneralParts_ThrowsNamingTheFirstInTransitionOrder()
    {
        // Flux slots hold the plain terms first, then the modulated ones, then the general ones, so slot order differs from
        // transition order: X4 (a general rate, the last slot) precedes X15 (modulated, slot 18) in transition order but
        // follows it in slot order. Both turn negative at day 1; the error must name X4. A search in slot order would name X15,
        // and reading slot s as if it were term s would name X18 (its slot holds X15's rate).
        var ex = InvalidRateOfTwentyDeaths((name, t) =>
        {
            if (name == "X4") t.Consumes(name).Rate(static x => (x.TimeDays < 1 ? 0.1 : -0.1) * x.Count(0), [name], timeDependent: true);
            else t.Consumes(name).MassAction(0.1);
            if (name == "X15") t.ModulatedBy("sign");
        });
        Assert.Equal("X4.death", ex.TransitionName);
        Assert.True(ex.Value < 0);
    }

    /// <summary>
    /// Twenty continuous compartments X0 … X19, each with one death transition "Xi.death" set up by <paramref name="death"/>
    /// (which may read the signal "sign": +1 before day 1, −1 after), advanced by the hybrid solver until a rate turns invalid.
    /// </summary>
    private static PropensityException InvalidRateOfTwentyDeaths(Action<string, TransitionBuilder> death)
    {
        var builder = new ReactionNetworkBuilder()
            .Signal("sign", static x => x.TimeDays < 1 ? 1 : -1, [], timeDependent: true);
        for (int i = 0; i < 20; i++)
        {
            string name = "X" + i;
            builder.Compartment(name, 1e6, CompartmentMode.Continuous);
            builder.Transition(name + ".death", t => death(name, t));
        }
        var system = new CompartmentSystem(builder.Build(), new SolverOptions { Kind = SolverKind.Hybrid }, RandomStream.Create(1));
        return Assert.Throws<PropensityException>(() => system.AdvanceTo(5));
    }

    [Fact]
    public void Derivative_NegativeModulatedRate_ThrowsPropensityExceptionNamingTransition()
    {
        var network = new ReactionNetworkBuilder()
            .Compartment("X", 1e6, CompartmentMode.Continuous).Compartment("Y", 1e6, CompartmentMode.Continuous)
            .Signal("gain", static x => x.TimeDays < 1 ? 1 : -1, [], timeDependent: true)
            .Transition("X.death", t => t.Consumes("X").MassAction(0.1))
            .Transition("Y.broken", t => t.Consumes("Y").MassAction(0.2).ModulatedBy("gain"))
            .Build();
        var system = new CompartmentSystem(network, new SolverOptions { Kind = SolverKind.Hybrid }, RandomStream.Create(1));
        var ex = Assert.Throws<PropensityException>(() => system.AdvanceTo(5));
        Assert.Equal("Y.broken", ex.TransitionName);
        Assert.True(ex.Value < 0);
    }

    [Fact]
    public void Derivative_AfterParameterChange_UsesNewRateConstant()
    {
        // The solver keeps rate constants' values from its last repartition; a parameter change goes through the system,
        // which invalidates it, so the next evaluation must see the new value.
        var system = new CompartmentSystem(Chain(), new SolverOptions { Kind = SolverKind.Ode, OdeMethod = OdeMethod.RungeKuttaChebyshev }, RandomStream.Create(3));
        system.AdvanceTo(1);
        system.SetParameter("k", 0.2);
        system.AdvanceTo(1.5);
        var solver = (HybridSolver)system.Solver;
        double[] y = [1e6, 1e6, 1e6, 1e6];
        var dydt = new double[4];
        solver.Derivative(1.5, y, dydt);
        double feedback = 2 / (1 + 1e6 / 5e7);
        Assert.Equal(0.4 * 1e6 * feedback - 0.2 * 1e6, dydt[0]);
    }

    [Fact]
    public void Derivative_RepeatedEvaluations_AllocatesNothing()
    {
        var system = new CompartmentSystem(Chain(), new SolverOptions { Kind = SolverKind.Ode, OdeMethod = OdeMethod.RungeKuttaChebyshev }, RandomStream.Create(3));
        system.AdvanceTo(1);
        var solver = (HybridSolver)system.Solver;
        double[] y = [1e6, 1e6, 1e6, 1e6];
        var dydt = new double[4];
        solver.Derivative(1, y, dydt);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++) solver.Derivative(1 + i * 1e-3, y, dydt);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
