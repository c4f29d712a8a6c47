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

    [Theory]
    [InlineData(OdeMethod.RungeKuttaChebyshev)]
    [InlineData(OdeMethod.RosenbrockW)]
    [InlineData(OdeMethod.StiffnessSwitching)]
    public void AdvanceTo_DynamicPoolFallsBetweenStops_OtherPoolsGoOnFromTheStepEnd(OdeMethod method)
    {
        // Between stops the solver writes back after a step only the counts it reads itself (the dynamic pools among
        // them); when a dynamic pool falls below the exact threshold there (10⁵·e^(−t) < 500 from t ≈ 5.3 d, inside
        // the one 20-day call), the new partition starts from every count, so the rest are written first. Blood decays
        // as 10⁶·e^(−0.1t) whatever Dying does: after the switch it must go on from its value at the step's end, within
        // the tolerance 10⁻⁴ that the integrator at relative tolerance 10⁻⁶ meets. (These integrators evaluate the
        // right-hand side last at nearly the step's end, so counts left from that evaluation would pass too; a forgotten
        // write is caught by UnwrittenCountsTests, which sets the unwritten counts to NaN.)
        var network = new ReactionNetworkBuilder()
            .Compartment("Dying", 1e5).Compartment("Blood", 1e6, CompartmentMode.Continuous)
            .Transition("dying death", t => t.Consumes("Dying").MassAction(1))
            .Transition("blood death", t => t.Consumes("Blood").MassAction(0.1))
            .Build();
        var system = new CompartmentSystem(network, new SolverOptions { Kind = SolverKind.Hybrid, OdeMethod = method }, RandomStream.Create(11));
        system.AdvanceTo(20);
        var solver = (HybridSolver)system.Solver;
        Assert.False(solver.IsContinuous(0));
        Assert.Equal(1, solver.Switches);
        Assert.Equal(1e6 * Math.Exp(-2), system.GetCount("Blood"), 1e6 * Math.Exp(-2) * 1e-4);
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
        // λ(n) = 10/(1 + n/20) per day (a signal of X) and dies at μ(n) = 0.1·n per day, a birth–death chain whose law at
        // day 30 from X = 0 is the master equation's solution (BirthDeathMoments): mean 35.79, variance 21.7 (its
        // mean-field fixed point is 35.8). The hybrid solver (X exact, a continuous bystander keeping the integrator
        // running) and the exact direct method simulate this law, so each mean over 300 replicates lies within 4 standard
        // errors √(variance/300) ≈ 0.27 of 35.79, and the two means within 4 standard errors of their difference. The
        // bystander does not change, so the integrator takes long steps and hardly evaluates the right-hand side (which
        // updates every signal): a signal left at an old value (at the start X = 0, immigration 10 per day) would drive the
        // hybrid mean towards 100.
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
        // The master-equation solver reproduces a known law first: immigration 10, death 0.1 per cell is Poisson with mean
        // and variance 100·(1 − e^(−0.1·t)).
        var (poissonMean, poissonVariance) = BirthDeathMoments(_ => 10, n => 0.1 * n, 30);
        Assert.Equal(100 * (1 - Math.Exp(-3)), poissonMean, 1e-6);
        Assert.Equal(100 * (1 - Math.Exp(-3)), poissonVariance, 1e-6);
        var (mean, variance) = BirthDeathMoments(n => 10 / (1 + n / 20), n => 0.1 * n, 30);
        double theorySe = Math.Sqrt(variance / replicates);
        Assert.InRange(direct.Mean, mean - 4 * theorySe, mean + 4 * theorySe);
        Assert.InRange(hybrid.Mean, mean - 4 * theorySe, mean + 4 * theorySe);
        double se = Math.Sqrt(hybrid.Variance / replicates + direct.Variance / replicates);
        Assert.InRange(hybrid.Mean - direct.Mean, -4 * se, 4 * se);
    }

    /// <summary>
    /// The mean and variance at <paramref name="days"/> of a birth–death chain started at 0, from its master equation
    /// dpₙ/dt = λ(n−1)pₙ₋₁ + μ(n+1)pₙ₊₁ − (λ(n) + μ(n))pₙ on n = 0…400 (no births out of 400, far beyond any mass here),
    /// integrated by classical Runge–Kutta with 0.005-day steps (stable below ≈ 0.05 days for these rates; the step error
    /// is orders below the tests' standard errors).
    /// </summary>
    private static (double Mean, double Variance) BirthDeathMoments(Func<double, double> birth, Func<double, double> death, double days)
    {
        const int states = 401;
        const double dt = 0.005;
        double[] p = new double[states], k1 = new double[states], k2 = new double[states], k3 = new double[states], k4 = new double[states], scratch = new double[states];
        p[0] = 1;
        void Rate(double[] q, double[] dq)
        {
            for (int n = 0; n < states; n++)
            {
                double outflow = (n + 1 < states ? birth(n) : 0) + death(n);
                double inflow = (n > 0 ? birth(n - 1) * q[n - 1] : 0) + (n + 1 < states ? death(n + 1) * q[n + 1] : 0);
                dq[n] = inflow - outflow * q[n];
            }
        }
        void Shift(double[] k, double h)
        {
            for (int n = 0; n < states; n++) scratch[n] = p[n] + h * k[n];
        }
        for (int step = 0, steps = (int)Math.Round(days / dt); step < steps; step++)
        {
            Rate(p, k1);
            Shift(k1, dt / 2);
            Rate(scratch, k2);
            Shift(k2, dt / 2);
            Rate(scratch, k3);
            Shift(k3, dt);
            Rate(scratch, k4);
            for (int n = 0; n < states; n++) p[n] += dt / 6 * (k1[n] + 2 * k2[n] + 2 * k3[n] + k4[n]);
        }
        double mean = 0, second = 0;
        for (int n = 0; n < states; n++)
        {
            mean += n * p[n];
            second += (double)n * n * p[n];
        }
        return (mean, second - mean * mean);
    }
}
