using Reconstitution.Compartments;
using Reconstitution.Randomness;
using Xunit;

namespace Reconstitution.Tests.Compartments;

/// <summary>Derived signals (ReactionNetworkBuilder.Signal, TransitionBuilder.ModulatedBy).</summary>
public sealed class SignalTests
{
    private static ReactionNetwork Network(bool timeDependent, double k = 0.5) => new ReactionNetworkBuilder()
        .Compartment("X", 1000).Compartment("Y", 10)
        .Parameter("k", k)
        .Signal("gain", x => x.Parameter(0) * (timeDependent ? Math.Exp(-x.TimeDays) : 1) / (1 + x.Count(0) / 1000.0), ["X"], ["k"], timeDependent)
        .Transition("death", t => t.Consumes("Y").MassAction(2.0).ModulatedBy("gain"))
        .Transition("loss", t => t.Consumes("X").MassAction(0.1))
        .Build();

    [Fact]
    public void ModulatedBy_Propensity_IsMassActionTimesSignal()
    {
        var system = new CompartmentSystem(Network(false), RandomStream.Create(1));
        var net = system.Network.Compiled;
        var p = system.State.Parameters;
        net.UpdateSignals(system.State.Counts, p, 0);
        Assert.Equal(2.0 * 10 * 0.5 / 2, net.Propensity(0, system.State.Counts, p, 0), 12);
        Assert.Equal(system.Network.Parameters.Count, system.Parameters.Length); // signal values are not user parameters
    }

    [Fact]
    public void SignalByReference_SameFunction_EvaluatesAsThePublicForm()
    {
        // Internal networks declare signals taking their inputs by reference; the public view wraps them, and a public
        // function is wrapped the other way. Either way the network computes the same value, and WithValues swaps functions.
        static double Gain(in RateInputs x) => x.Parameter(0) * Math.Exp(-x.TimeDays) / (1 + x.Count(0) / 1000.0);
        ReactionNetwork Build(bool byReference)
        {
            var builder = new ReactionNetworkBuilder().Compartment("X", 1000).Compartment("Y", 10).Parameter("k", 0.5);
            if (byReference) builder.SignalByReference("gain", Gain, ["X"], ["k"], timeDependent: true);
            else builder.Signal("gain", x => Gain(in x), ["X"], ["k"], timeDependent: true);
            return builder.Transition("death", t => t.Consumes("Y").MassAction(2.0).ModulatedBy("gain")).Build();
        }
        double[] Evaluate(CompiledNetwork network)
        {
            double[] counts = [1234, 10], parameters = [.. network.InitialParameters, 0];
            network.UpdateSignals(counts, parameters, 0.7);
            return parameters;
        }
        var byReference = Build(true);
        var byValue = Build(false);
        Assert.Equal(Evaluate(byValue.Compiled), Evaluate(byReference.Compiled));
        Assert.Equal(Gain(new RateInputs([1234.0], [0.5, 0], [0], [0], 0.7)), byReference.Signals[0].Function(new RateInputs([1234.0], [0.5, 0], [0], [0], 0.7)));

        // A copy with another function: the network evaluates it, its public view runs it, and a network rebuilt from that
        // view alone (definitions, values and functions) evaluates as the copy does, not as the network it was copied from.
        var copy = byReference.WithValues([1000, 10], [2.0, 0.5], [static (in x) => 3 * x.Count(0)]);
        Assert.Equal(3 * 1234, Evaluate(copy.Compiled)[^1]);
        Assert.Equal(3 * 7, copy.Signals[0].Function(new RateInputs([7.0], [], [0], [], 0)));
        var rebuilt = new ReactionNetwork(copy.Compartments, copy.Parameters, copy.Transitions, copy.Signals);
        Assert.Equal(Evaluate(copy.Compiled), Evaluate(rebuilt.Compiled));
        Assert.Equal([1000.0, 10], rebuilt.Compiled.InitialCounts);

        // A definition copied with another public function runs that function, not the by-reference one it came from.
        var replaced = new ReactionNetwork(byReference.Compartments, byReference.Parameters, byReference.Transitions,
            [byReference.Signals[0] with { Function = static x => 5 * x.Count(0) }]);
        Assert.Equal(5 * 1234, Evaluate(replaced.Compiled)[^1]);
    }

    [Fact]
    public void DependentSignals_FiringFeedsModulatedReader_ListsItsSignalsClosedUnderDependencies()
    {
        // "birth" changes A; "A.death" reads A and is modulated by "outer", which reads the earlier signal "inner"; "spare"
        // is read by nobody that reads A. A firing of "birth" must recompute inner then outer (ascending), not spare; a
        // firing of "B.death" changes B, which only "B.death" itself reads (unmodulated): nothing to recompute.
        var net = new ReactionNetworkBuilder()
            .Compartment("A", 10).Compartment("B", 10)
            .Parameter("k", 1)
            .Signal("spare", static x => x.Count(0), ["B"])
            .Signal("inner", static x => x.Count(0) / 100, ["A"])
            .Signal("outer", static x => 1 / (1 + x.Parameter(0)), ["A"], ["inner"])
            .Transition("birth", t => t.Produces("A").MassAction(1))
            .Transition("A.death", t => t.Consumes("A").MassAction("k").ModulatedBy("outer"))
            .Transition("B.death", t => t.Consumes("B").MassAction(1))
            .Build().Compiled;
        int[] Of(string transition)
        {
            int j = net.FindTransition(transition);
            return net.DependentSignals[net.DependentSignalOffsets[j]..net.DependentSignalOffsets[j + 1]];
        }
        Assert.Equal([1, 2], Of("birth"));
        Assert.Equal([1, 2], Of("A.death"));
        Assert.Empty(Of("B.death"));
    }

    [Fact]
    public void ModulatedBy_OdeMode_FollowsSignalOfChangingInput()
    {
        // dX/dt = −0.1X, dY/dt = −2·k/(1 + X/1000)·Y: Y(t) = 10·exp(−∫ k·2/(1 + e^(−0.1s)) ds).
        var system = new CompartmentSystem(Network(false), new SolverOptions { Kind = SolverKind.Ode, OdeRelativeTolerance = 1e-9, OdeAbsoluteTolerance = 1e-9 }, RandomStream.Create(1));
        system.AdvanceTo(5);
        double integral = 0;
        const int steps = 100000;
        for (int i = 0; i < steps; i++)
        {
            double s = (i + 0.5) * 5.0 / steps;
            integral += 2 * 0.5 / (1 + Math.Exp(-0.1 * s)) * 5.0 / steps;
        }
        Assert.Equal(10 * Math.Exp(-integral), system.GetCount("Y"), 5);
        system.SetParameter("k", 0); // the signal reads the parameter: no further death
        double y = system.GetCount("Y");
        system.AdvanceTo(6);
        Assert.Equal(y, system.GetCount("Y"), 9);
    }

    [Fact]
    public void ModulatedBy_TimeDependentSignalExactSolver_SurvivalMatchesIntegratedHazard()
    {
        // Y dies at rate 2·k·e^(−t)/(1 + X/1000) with X frozen at 1000 (no X loss): P(survive to ∞) = exp(−k·∫e^(−t)) = e^(−0.5).
        // Over 1,000 cells the survivors' mean is n·p within 4 standard errors of the binomial.
        var net = new ReactionNetworkBuilder()
            .Compartment("X", 1000).Compartment("Y", 1000)
            .Parameter("k", 0.5)
            .Signal("gain", x => x.Parameter(0) * Math.Exp(-x.TimeDays) / (1 + x.Count(0) / 1000.0), ["X"], ["k"], timeDependent: true)
            .Transition("death", t => t.Consumes("Y").MassAction(2.0).ModulatedBy("gain"))
            .Build();
        var system = new CompartmentSystem(net, RandomStream.Create(5));
        system.AdvanceTo(40);
        double p = Math.Exp(-0.5), se = Math.Sqrt(1000 * p * (1 - p));
        Assert.InRange(system.GetCount("Y"), 1000 * p - 4 * se, 1000 * p + 4 * se);
    }

    [Fact]
    public void Build_UnknownSignalOrInput_ThrowsNamingIt()
    {
        var e = Assert.Throws<ArgumentException>(() => new ReactionNetworkBuilder().Compartment("X", 1)
            .Transition("t", t => t.Consumes("X").MassAction(1).ModulatedBy("nope")).Build());
        Assert.Contains("nope", e.Message);
        var f = Assert.Throws<ArgumentException>(() => new ReactionNetworkBuilder().Compartment("X", 1)
            .Signal("s", x => 1, ["Z"]).Build());
        Assert.Contains("Z", f.Message);
        var g = Assert.Throws<ArgumentException>(() => new ReactionNetworkBuilder().Compartment("X", 1)
            .Transition("t", t => t.Consumes("X").Rate(x => 1, ["X"]).ModulatedBy("s")).Build());
        Assert.Contains("custom rate", g.Message);
    }
}

/// <summary>Signals reading earlier signals.</summary>
public sealed class SignalChainTests
{
    [Fact]
    public void Signal_ReadsEarlierSignal_GetsItsCurrentValueAndInputs()
    {
        var net = new ReactionNetworkBuilder()
            .Compartment("X", 300).Compartment("Y", 100)
            .Signal("q", x => x.Count(0) / 1000.0, ["X"])
            .Signal("oneMinusQ", x => 1 - x.Parameter(0), [], ["q"])
            .Transition("y", t => t.Consumes("Y").MassAction(1.0).ModulatedBy("oneMinusQ"))
            .Transition("x", t => t.Consumes("X").MassAction(0.1))
            .Build();
        var system = new CompartmentSystem(net, RandomStream.Create(1));
        var c = net.Compiled;
        c.UpdateSignals(system.State.Counts, system.State.Parameters, 0);
        Assert.Equal(100 * 0.7, c.Propensity(0, system.State.Counts, system.State.Parameters, 0), 12);
        // The modulated transition depends on X through the chained signal.
        int x = net.CompartmentIndex("X");
        bool reads = false;
        for (int k = c.InputOffsets[0]; k < c.InputOffsets[1]; k++) reads |= c.InputCompartments[k] == x;
        Assert.True(reads);
        Assert.Throws<ArgumentException>(() => new ReactionNetworkBuilder().Compartment("X", 1)
            .Signal("a", x => x.Parameter(0), [], ["b"]).Signal("b", x => 1, ["X"]).Build()); // only earlier signals
    }
}
