using Reconstitution.Compartments;
using Reconstitution.Compartments.Solvers;
using Reconstitution.Randomness;

namespace Reconstitution.Tests.Compartments;

/// <summary>
/// How far the hybrid solver lets a step reach when an exact firing could restart the integrator: a few times the expected
/// time to the next firing that would cut the step short (a restart discards the rest of it), not to the next firing of
/// any kind (firings that touch nothing the ODE reads do not).
/// </summary>
public class HybridStepLimitTests
{
    /// <summary>
    /// A clone of 200 exact cells dividing and dying at 1 per cell and day (≈ 400 firings a day that change nothing the ODE
    /// reads), a pool of 10⁴ exact stem cells each leaving to become 1,000 continuous blood cells, in all at
    /// <paramref name="release"/> per day (each release changes an exact and a continuous compartment: it fires exactly and
    /// restarts the integrator), blood dying at 0.1 per day.
    /// </summary>
    private static ReactionNetwork CloneBesideStem(double release) => new ReactionNetworkBuilder()
        .Compartment("Clone", 200, CompartmentMode.Exact).Compartment("Stem", 1e4, CompartmentMode.Exact).Compartment("Blood", 1e6, CompartmentMode.Continuous)
        .Transition("clone birth", t => t.Consumes("Clone").Produces("Clone", 2).MassAction(1))
        .Transition("clone death", t => t.Consumes("Clone").MassAction(1))
        .Transition("release", t => t.Consumes("Stem").Produces("Blood", 1000).MassAction(release / 1e4))
        .Transition("blood death", t => t.Consumes("Blood").MassAction(0.1))
        .Build();

    private static HybridSolver Run(double release, int seed, out CompartmentSystem system)
    {
        var options = new SolverOptions { Kind = SolverKind.Hybrid, OdeMethod = OdeMethod.StiffnessSwitching, OdeAbsoluteTolerance = 1 };
        system = new CompartmentSystem(CloneBesideStem(release), options, RandomStream.Create((ulong)seed));
        system.AdvanceTo(20);
        return (HybridSolver)system.Solver;
    }

    [Fact]
    public void AdvanceTo_FrequentNeutralFiringsBesideARareRestartingOne_StepsAreNotHeldByTheFrequentFirings()
    {
        // A restarting release comes every 20 days on average, the clone's firings every 1/400 day. Held to three times
        // the wait for the next firing of any kind (as before session 10), the steps would last ≈ 0.0075 day: ≈ 2,700
        // steps in 20 days. Held to a few times the expected time to the next release, blood's slow decay sets them.
        var solver = Run(0.05, 3, out var system);
        Assert.True(solver.DiscreteFirings > 4000, $"{solver.DiscreteFirings} firings");
        Assert.InRange(solver.Restarts, 0, 10);
        Assert.True(solver.Integrator.AcceptedSteps < 200, $"{solver.Integrator.AcceptedSteps} steps");
        // Blood: 10⁶·e^(−2) plus what the releases added, each decayed since (between 0 and 1,000 cells per release).
        double decayed = 1e6 * Math.Exp(-2);
        Assert.InRange(system.GetCount("Blood"), decayed - 1e6 * 1e-3, decayed + 1000 * solver.Restarts + 1e6 * 1e-3);
    }

    /// <summary>
    /// <see cref="CloneBesideStem"/> with the clone's division and death sensing blood (an activating Hill factor of the
    /// continuous blood, ≈ 0.9 at 10⁶ cells with K = 10⁵): its firings change only the exact clone, which only these varying
    /// discrete transitions read, so each is hazard-only (the integrator runs on, the rest of the step's hazard refitted).
    /// </summary>
    private static ReactionNetwork SensingCloneBesideStem(double release) => new ReactionNetworkBuilder()
        .Compartment("Clone", 200, CompartmentMode.Exact).Compartment("Stem", 1e4, CompartmentMode.Exact).Compartment("Blood", 1e6, CompartmentMode.Continuous)
        .Transition("clone birth", t => t.Consumes("Clone").Produces("Clone", 2).MassAction(1).ActivatedBy("Blood", 1e5, 1))
        .Transition("clone death", t => t.Consumes("Clone").MassAction(1).ActivatedBy("Blood", 1e5, 1))
        .Transition("release", t => t.Consumes("Stem").Produces("Blood", 1000).MassAction(release / 1e4))
        .Transition("blood death", t => t.Consumes("Blood").MassAction(0.1))
        .Build();

    [Fact]
    public void AdvanceTo_FrequentHazardOnlyFiringsBesideARareRestartingOne_StepsAreNotHeldByTheFrequentFirings()
    {
        // The clone's ≈ 360 hazard-only firings a day leave the integrator running, like ODE-neutral ones: counted as cuts
        // of the step (as before session 13) they hold the steps to three times their wait, ≈ 0.008 day (2,861 steps in
        // 20 days with the code before); counted out, the rare restarting release and blood's slow decay set them.
        var options = new SolverOptions { Kind = SolverKind.Hybrid, OdeMethod = OdeMethod.StiffnessSwitching, OdeAbsoluteTolerance = 1 };
        var system = new CompartmentSystem(SensingCloneBesideStem(0.05), options, RandomStream.Create(7));
        system.AdvanceTo(20);
        var solver = (HybridSolver)system.Solver;
        Assert.True(solver.DiscreteFirings > 4000, $"{solver.DiscreteFirings} firings");
        Assert.InRange(solver.Restarts, 0, 10);
        Assert.True(solver.Integrator.AcceptedSteps < 200, $"{solver.Integrator.AcceptedSteps} steps");
        double decayed = 1e6 * Math.Exp(-2);
        Assert.InRange(system.GetCount("Blood"), decayed - 1e6 * 1e-3, decayed + 1000 * solver.Restarts + 1e6 * 1e-3);
    }

    /// <summary>
    /// 2,000 exact clone cells dividing and dying at 0.2 per cell and day (≈ 800 ODE-neutral firings a day) beside 10⁶ exact
    /// stem cells releasing into continuous blood at 200 a day in all (each release restarts the integrator).
    /// </summary>
    private static ReactionNetwork BusyCloneBesideReleasingStem() => new ReactionNetworkBuilder()
        .Compartment("Clone", 2000, CompartmentMode.Exact).Compartment("Stem", 1e6, CompartmentMode.Exact).Compartment("Blood", 1e6, CompartmentMode.Continuous)
        .Transition("clone birth", t => t.Consumes("Clone").Produces("Clone", 2).MassAction(0.2))
        .Transition("clone death", t => t.Consumes("Clone").MassAction(0.2))
        .Transition("release", t => t.Consumes("Stem").Produces("Blood", 1000).MassAction(2e-4))
        .Transition("blood death", t => t.Consumes("Blood").MassAction(0.1))
        .Build();

    [Fact]
    public void AdvanceTo_RestartingFiringsBesideNeutralOnes_StepsEndAtTheCapAsOftenAsTheMarginPredicts()
    {
        // Theory: a step starting at t may reach m·(w + 1/λc − 1/λ) (m = 1.3, the firing margin), w = min(Tc, Tn) the wait
        // for the next firing of any kind, Tc ~ Exp(λc) the next release (restarting), Tn ~ Exp(λn) the next clone firing,
        // λ = λc + λn, q = λc/λ. The step ends at a restart with probability
        //   p = q + ∫ λn e^(−λn s) (e^(−λc s) − e^(−λc m (s + 1/λc − 1/λ))) ds = 1 − (1 − q) e^(−m(1 − q)) / (1 − q + m q),
        // otherwise at its cap (blood's slow decay never limits a 0.005-day step), and the next step draws afresh
        // (memoryless waits). So steps − restarts is negative binomial: mean R(1 − p)/p, variance R(1 − p)/p². Here
        // q = 200/1,000 = 0.2 (the clone drifts by ≈ 9 % over the run, which moves the ratio by < 0.002): p = 0.7333,
        // steps/restarts = 1.364, and with R ≈ 8,000 restarts in 40 days its standard error is ≈ 0.008, so margins 1.2
        // (1.418) and 1.5 (1.281) lie ≥ 6.8 standard errors away, beyond the ±4 band whatever the seed.
        var options = new SolverOptions { Kind = SolverKind.Hybrid, OdeMethod = OdeMethod.StiffnessSwitching, OdeAbsoluteTolerance = 1 };
        var system = new CompartmentSystem(BusyCloneBesideReleasingStem(), options, RandomStream.Create(5));
        system.AdvanceTo(40);
        var solver = (HybridSolver)system.Solver;
        const double m = 1.3, q = 0.2;
        double p = 1 - (1 - q) * Math.Exp(-m * (1 - q)) / (1 - q + m * q);
        long restarts = solver.Restarts;
        Assert.InRange(restarts, 7400, 8600);
        double ratio = (double)solver.Integrator.AcceptedSteps / restarts;
        double standardError = Math.Sqrt((1 - p) / (p * p * restarts));
        Assert.InRange(ratio, 1 / p - 4 * standardError, 1 / p + 4 * standardError);
    }
}
