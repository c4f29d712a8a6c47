using FsCheck;
using FsCheck.Fluent;
using Reconstitution.Compartments;
using Reconstitution.Compartments.Solvers;
using Reconstitution.Randomness;
using static Reconstitution.Tests.Compartments.ApproximateSolverTestModels;

namespace Reconstitution.Tests.Compartments;

/// <summary>Properties that must hold for every parameter set, checked by FsCheck.</summary>
public class ApproximateSolverPropertyTests
{
    /// <summary>A random closed-system case: seed, initial counts spanning 0 to 10⁷, rates spanning 10⁻³ to 10².</summary>
    private sealed record Case(ulong Seed, double A0, double B0, double K1, double K2, double K3, double K4);

    private static readonly Arbitrary<Case> Cases = CasesUpTo(7);

    /// <summary>Cases with initial counts below 10^(<paramref name="maxExponent"/>+1) (exact treatment of 10⁷ cells at 100/day would take 10⁹ firings).</summary>
    private static Arbitrary<Case> CasesUpTo(int maxExponent) => Arb.From(
        from seed in Gen.Choose(0, int.MaxValue)
        from a in Gen.Choose(0, maxExponent)
        from am in Gen.Choose(0, 9)
        from b in Gen.Choose(0, maxExponent)
        from bm in Gen.Choose(0, 9)
        from r1 in Gen.Choose(-3, 2)
        from r2 in Gen.Choose(-3, 2)
        from r3 in Gen.Choose(-9, -4)
        from r4 in Gen.Choose(-9, -4)
        select new Case((ulong)seed, am * Math.Pow(10, a), bm * Math.Pow(10, b),
            Math.Pow(10, r1), Math.Pow(10, r2), Math.Pow(10, r3), Math.Pow(10, r4)));

    private static ReactionNetwork ClosedNetwork(Case c, CompartmentMode mode = CompartmentMode.Dynamic) =>
        Closed(c.A0, c.B0, c.K1, c.K2, c.K3, c.K4, mode);

    private static SolverOptions Options(SolverKind kind) => new() { Kind = kind, HybridSwitchMinimum = 300 };

    [Theory]
    [InlineData(SolverKind.TauLeaping)]
    [InlineData(SolverKind.Hybrid)]
    public void AdvanceTo_AnyRatesAndCounts_CountsNeverNegative(SolverKind kind)
    {
        // An open variant (with a death and an influx) so that counts really approach zero.
        Prop.ForAll(Cases, c =>
        {
            var network = new ReactionNetworkBuilder()
                .Compartment("A", c.A0).Compartment("B", c.B0)
                .Transition("forward", t => t.Consumes("A").Produces("B").MassAction(c.K1))
                .Transition("death", t => t.Consumes("B").MassAction(c.K2))
                .Transition("pair", t => t.Consumes("A").Consumes("B").MassAction(c.K3))
                .Transition("influx", t => t.Produces("A").MassAction(c.K2 * 10))
                .Build();
            var system = new CompartmentSystem(network, Options(kind), RandomStream.Create(c.Seed));
            for (int step = 1; step <= 8; step++)
            {
                try { system.AdvanceTo(step * 0.75); }
                catch (InvalidOperationException e) when (e.Message.Contains("step size collapsed", StringComparison.Ordinal))
                {
                    // The documented refusal for a system too stiff for the explicit integrator (e.g. A0 = 9e7, pair rate 1e-4: a
                    // loss rate of 9e3/d on B); the counts stay as they were. See the last section of docs/compartments.md.
                    step = 8;
                }
                foreach (double x in system.Counts)
                    if (!(x >= 0)) return false;
            }
            return true;
        }).CheckThrowOnFailure();
    }

    [Theory]
    [InlineData(SolverKind.TauLeaping, CompartmentMode.Dynamic)]
    [InlineData(SolverKind.Hybrid, CompartmentMode.Exact)]
    [InlineData(SolverKind.Hybrid, CompartmentMode.Continuous)]
    [InlineData(SolverKind.Ode, CompartmentMode.Dynamic)]
    public void AdvanceTo_ClosedSystem_ConservesTotal(SolverKind kind, CompartmentMode mode)
    {
        // Every transition of the closed network moves mass between A and B: A + B is invariant.
        // Integer leaps conserve it exactly; the ODE conserves it up to round-off (the right-hand
        // sides of A and B cancel term by term).
        Prop.ForAll(mode == CompartmentMode.Exact ? CasesUpTo(2) : Cases, c =>
        {
            var system = new CompartmentSystem(ClosedNetwork(c, mode), Options(kind), RandomStream.Create(c.Seed));
            double total = c.A0 + c.B0;
            for (int step = 1; step <= 5; step++)
            {
                system.AdvanceTo(step * 1.3);
                double now = system.Counts[0] + system.Counts[1];
                bool exact = kind == SolverKind.TauLeaping || mode == CompartmentMode.Exact;
                if (exact ? now != total : Math.Abs(now - total) > 1e-9 * Math.Max(total, 1)) return false;
            }
            return true;
        }).CheckThrowOnFailure();
    }

    [Theory]
    [InlineData(SolverKind.TauLeaping)]
    [InlineData(SolverKind.Hybrid)]
    [InlineData(SolverKind.Ode)]
    public void AdvanceTo_SameSeed_GivesSameTrajectory(SolverKind kind)
    {
        Prop.ForAll(Cases, c =>
        {
            var network = ClosedNetwork(c);
            var grid = new[] { 0.5, 1.0, 2.5, 4.0 };
            var first = new CompartmentSystem(network, Options(kind), RandomStream.Create(c.Seed)).Observe(grid);
            var second = new CompartmentSystem(network, Options(kind), RandomStream.Create(c.Seed)).Observe(grid);
            for (int i = 0; i < grid.Length; i++)
                for (int k = 0; k < 2; k++)
                    if (first[i, k] != second[i, k]) return false;
            return true;
        }).CheckThrowOnFailure();
    }

    [Fact]
    public void Hybrid_SwitchingBetweenExactAndContinuous_ConservesMassInExpectation()
    {
        // A ⇌ B (rates 1 and 0.05) with A₀ = 2000, B₀ = 0 and switching at 300 (exact again below
        // 150): B starts exact and turns continuous as it fills; A starts continuous and falls
        // below 150 near t ≈ 3.5 (its equilibrium is ≈ 95), where it is rounded back to an integer.
        // The continuous part conserves A + B (up to round-off); a continuous → exact switch rounds
        // x to ⌊x⌋ + Bernoulli(x − ⌊x⌋), adding a zero-mean error with variance ≤ 1/4 per switch.
        // So E[A + B] = 2000: the mean deviation over R runs is within 4·√(var/R).
        const int runs = 400;
        var network = new ReactionNetworkBuilder()
            .Compartment("A", 2000).Compartment("B", 0)
            .Transition("forward", t => t.Consumes("A").Produces("B").MassAction(1.0))
            .Transition("backward", t => t.Consumes("B").Produces("A").MassAction(0.05))
            .Build();
        var options = new SolverOptions { Kind = SolverKind.Hybrid, HybridSwitchMinimum = 300 };
        var deviations = new double[runs];
        long switches = 0;
        int nonInteger = 0;
        for (int i = 0; i < runs; i++)
        {
            var solver = new HybridSolver(network.Compiled, options, RandomStream.Create(61, (ulong)i), deterministic: false);
            var state = new CompartmentState(network.Compiled, recordFirings: false);
            solver.AdvanceTo(state, 5);
            switches += solver.Switches;
            deviations[i] = state.Counts[0] + state.Counts[1] - 2000;
            if (Math.Abs(deviations[i] - Math.Round(deviations[i])) > 1e-6) nonInteger++;
        }
        var (mean, variance, _) = Moments(deviations);
        Assert.True(switches >= 2 * runs, $"expected every run to switch twice to switch at least once, saw {switches} switches in {runs} runs");
        Assert.True(variance > 0, "rounding should perturb the total in some runs (else the test checks nothing)");
        double se = Math.Sqrt(variance / runs);
        Assert.InRange(mean, -4 * se - 1e-9, 4 * se + 1e-9);
    }

    [Fact]
    public void TauLeaping_LargeEpsilon_RejectsOrFallsBackButNeverGoesNegative()
    {
        // With ε = 1 the CGP bound allows leaps that would often overdraw small pools: the
        // rejection-and-halving rule must catch every one.
        var network = new ReactionNetworkBuilder()
            .Compartment("X", 40)
            .Transition("death", t => t.Consumes("X").MassAction(5.0))
            .Transition("pair", t => t.Consumes("X", 2).MassAction(0.5))
            .Transition("influx", t => t.Produces("X").MassAction(100.0))
            .Build();
        var solver = new TauLeapingSolver(network.Compiled, new SolverOptions { Kind = SolverKind.TauLeaping, TauLeapingEpsilon = 1, CriticalThreshold = 1 },
            RandomStream.Create(71));
        var state = new CompartmentState(network.Compiled, recordFirings: false);
        for (int i = 1; i <= 2000; i++)
        {
            solver.AdvanceTo(state, i * 0.05);
            Assert.True(state.Counts[0] >= 0);
        }
        Assert.True(solver.Leaps > 100);
    }

    [Fact]
    public void TauLeaping_InvalidCustomPropensity_ThrowsPropensityExceptionNamingTransition()
    {
        var network = new ReactionNetworkBuilder()
            .Compartment("X", 100)
            .Transition("broken", t => t.Consumes("X").Rate(static r => r.TimeDays > 1 ? double.NaN : r.Count(0), ["X"], timeDependent: true))
            .Build();
        foreach (var kind in new[] { SolverKind.TauLeaping, SolverKind.Hybrid, SolverKind.Ode })
        {
            var system = new CompartmentSystem(network, new SolverOptions { Kind = kind }, RandomStream.Create(1));
            var ex = Assert.Throws<PropensityException>(() => system.AdvanceTo(5));
            Assert.Equal("broken", ex.TransitionName);
        }
    }

    [Fact]
    public void SolverOptions_HybridExactFraction_OutOfRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SolverOptions { HybridExactFraction = 1.5 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new SolverOptions { HybridExactFraction = double.NaN });
        Assert.Equal(0.5, SolverOptions.Default.HybridExactFraction);
    }
}
