using Reconstitution.Compartments;
using Reconstitution.Compartments.Solvers;
using Reconstitution.Randomness;

namespace Reconstitution.Tests.Compartments;

/// <summary>
/// An external change (a count, a parameter) makes the hybrid solver refresh before it goes on. When the change leaves
/// every compartment in its treatment the solver keeps its transition classes and right-hand-side rows and only reloads
/// what reads counts and parameters; these tests check that what it reloads is what a rebuild would have read.
/// </summary>
public class HybridRefreshTests
{
    /// <summary>A small exact pool feeding a continuous pool (a continuous transition: it changes only Blood); both rate constants are parameters.</summary>
    private static ReactionNetwork Feeder() => new ReactionNetworkBuilder()
        .Compartment("Stem", 50, CompartmentMode.Exact).Compartment("Blood", 1e6, CompartmentMode.Continuous)
        .Parameter("output", 2).Parameter("death", 0.1)
        .Transition("output", t => t.Consumes("Stem").Produces("Stem").Produces("Blood", 1000).MassAction("output"))
        .Transition("blood death", t => t.Consumes("Blood").MassAction("death"))
        .Build();

    [Fact]
    public void SetParameter_ContinuousRateConstant_NewRateGovernsTheIntegration()
    {
        // With the output stopped, Blood decays as x(t) = x(t₀)·e^(−d(t − t₀)); the change of d at day 5 must reach the
        // right-hand side's cached rate constants. RKC at relative tolerance 10⁻⁶ is far inside 10⁻³.
        var options = new SolverOptions { Kind = SolverKind.Hybrid, OdeMethod = OdeMethod.RungeKuttaChebyshev, OdeRelativeTolerance = 1e-6 };
        var system = new CompartmentSystem(Feeder(), options, RandomStream.Create(4));
        system.SetParameter("output", 0);
        system.AdvanceTo(5);
        double atFive = system.GetCount("Blood");
        Assert.Equal(1e6 * Math.Exp(-0.5), atFive, 1e6 * 1e-3);
        system.SetParameter("death", 0.4);
        system.AdvanceTo(7);
        long refreshes = ((HybridSolver)system.Solver).Refreshes;
        Assert.Equal(atFive * Math.Exp(-0.8), system.GetCount("Blood"), atFive * 1e-3);
        Assert.Equal(2, refreshes);
        Assert.True(system.Solver is HybridSolver solver && !solver.IsContinuous(0) && solver.IsContinuous(1));
    }

    [Fact]
    public void SetParameter_ExactRateConstant_FiringRateChangesFromThatTimeOn()
    {
        // Theory: "stem loss" reads only the exact Stem pool, so it fires exactly with a propensity cached between
        // firings. After its rate constant changes from 0.1 to 2 per day at day 1, each of the S₁ cells alive then is
        // still there at day 2 with probability p = e^(−2): Stem(2) ~ Binomial(S₁, p). The sum over replicates of
        // Stem(2) − S₁·p has mean 0 and variance Σ S₁·p(1 − p); tolerance 4 standard deviations. Had the refresh kept
        // the old propensity, p would be e^(−0.1) and the sum hundreds of standard deviations away.
        const int replicates = 200;
        var network = new ReactionNetworkBuilder()
            .Compartment("Stem", 1000, CompartmentMode.Exact).Compartment("Blood", 1e6, CompartmentMode.Continuous)
            .Parameter("loss", 0.1)
            .Transition("stem loss", t => t.Consumes("Stem").MassAction("loss"))
            .Transition("blood death", t => t.Consumes("Blood").MassAction(0.1))
            .Build();
        var options = new SolverOptions { Kind = SolverKind.Hybrid, OdeMethod = OdeMethod.RungeKuttaChebyshev };
        double p = Math.Exp(-2), deviation = 0, variance = 0;
        for (int r = 0; r < replicates; r++)
        {
            var system = new CompartmentSystem(network, options, RandomStream.Create(8, (ulong)r));
            system.AdvanceTo(1);
            system.SetParameter("loss", 2);
            double alive = system.GetCount("Stem");
            system.AdvanceTo(2);
            deviation += system.GetCount("Stem") - alive * p;
            variance += alive * p * (1 - p);
        }
        Assert.InRange(deviation, -4 * Math.Sqrt(variance), 4 * Math.Sqrt(variance));
    }

    [Fact]
    public void Fire_ExactCloneWithSelfFeedback_RecomputesTheSignalsItsDependentsRead()
    {
        // A firing recomputes only the signals that the transitions depending on it read. Theory: X immigrates at
        // 10/(1 + X/20) per day (a signal of X) and dies at 0.1 per cell per day; the hybrid solver (X exact, a continuous
        // bystander keeping the integrator running) and the exact direct method simulate the same law, so the means of
        // X at day 30 over 300 replicates each agree within 4 standard errors of their difference. The bystander does not
        // change, so the integrator takes long steps and hardly evaluates the right-hand side (which updates every
        // signal): a signal left at an old value (at the start X = 0, immigration 10 per day) would drive the hybrid mean
        // towards 100 instead of ≈ 37.
        const int replicates = 300;
        var network = new ReactionNetworkBuilder()
            .Compartment("X", 0, CompartmentMode.Exact).Compartment("Bystander", 1e3, CompartmentMode.Continuous)
            .Signal("crowding", static x => 1 / (1 + x.Count(0) / 20), ["X"])
            .Transition("X.in", t => t.Produces("X").MassAction(10).ModulatedBy("crowding"))
            .Transition("X.death", t => t.Consumes("X").MassAction(0.1))
            .Build();
        double[] Sample(SolverKind kind)
        {
            var values = new double[replicates];
            for (int r = 0; r < replicates; r++)
            {
                var system = new CompartmentSystem(network, new SolverOptions { Kind = kind, OdeMethod = OdeMethod.RungeKuttaChebyshev }, RandomStream.Create(21, (ulong)r, (ulong)kind));
                for (int day = 1; day <= 30; day++) system.AdvanceTo(day);
                values[r] = system.GetCount("X");
            }
            return values;
        }
        var hybrid = SampleMoments.Of(Sample(SolverKind.Hybrid));
        var direct = SampleMoments.Of(Sample(SolverKind.Direct));
        double se = Math.Sqrt(hybrid.Variance / replicates + direct.Variance / replicates);
        Assert.InRange(direct.Mean, 30, 45);
        Assert.InRange(hybrid.Mean - direct.Mean, -4 * se, 4 * se);
    }
}
