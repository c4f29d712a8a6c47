using Reconstitution.Compartments;
using static Reconstitution.Tests.Compartments.ApproximateSolverTestModels;

namespace Reconstitution.Tests.Compartments;

/// <summary>
/// Tau-leaping, hybrid and ODE modes against the exact theory of linear networks. Every tolerance
/// is 4 standard errors of the estimator, plus, for tau-leaping, the known O(τ) bias bound of
/// explicit leaping at the ε used, stated where it is added.
/// </summary>
public class ApproximateSolverAgreementTests
{
    private static readonly SolverOptions Leap = new() { Kind = SolverKind.TauLeaping };
    private static readonly SolverOptions Hybrid = new() { Kind = SolverKind.Hybrid };
    private static readonly SolverOptions Ode = new() { Kind = SolverKind.Ode, OdeRelativeTolerance = 1e-9, OdeAbsoluteTolerance = 1e-9 };

    /// <summary>One long path sampled every <paramref name="spacing"/> days after a burn-in.</summary>
    private static double[] StationarySamples(CompartmentSystem system, int samples, double burnIn, double spacing)
    {
        var xs = new double[samples];
        system.AdvanceTo(burnIn);
        for (int i = 0; i < samples; i++)
        {
            system.AdvanceTo(burnIn + (i + 1) * spacing);
            xs[i] = system.GetCount("X");
        }
        return xs;
    }

    [Theory]
    [InlineData(SolverKind.Direct, 0.03)]
    [InlineData(SolverKind.TauLeaping, 0.03)]
    [InlineData(SolverKind.TauLeaping, 0.01)]
    [InlineData(SolverKind.Hybrid, 0.03)]
    public void ImmigrationDeath_StationaryMeanAndVariance_EqualKOverD(SolverKind kind, double epsilon)
    {
        // Theory: the stationary law is Poisson(k/d): mean = variance = k/d. Samples 3/d apart have
        // autocorrelation ρ = e^{−3} ≈ 0.05, so SE(mean) = √(λ/n·(1+ρ)/(1−ρ)) and
        // SE(variance) = λ·√(2/n·(1+ρ²)/(1−ρ²)) + small Poisson-excess term. k/d = 200 is below the
        // hybrid's switching threshold, so the hybrid treats X exactly here.
        // Tau-leaping bias (fixed-τ analysis): mean exact, variance (k/d)·2/(2 − dτ). The CGP bound
        // gives τ ≤ (ε·x)²/σ² with σ² = k + d·x = 2k, so dτ ≤ ε²·λ/2 → add that inflation.
        const double k = 200, d = 1, lambda = k / d;
        const int n = 3000;
        var options = kind switch
        {
            SolverKind.TauLeaping => Leap with { TauLeapingEpsilon = epsilon },
            SolverKind.Hybrid => Hybrid,
            _ => new SolverOptions { Kind = kind },
        };
        var xs = StationarySamples(NewSystem(ImmigrationDeath(k, d, lambda), options, 11), n, 10, 3);
        var (mean, variance, _) = Moments(xs);
        double rho = Math.Exp(-3);
        double seMean = Math.Sqrt(lambda / n * (1 + rho) / (1 - rho));
        double seVar = lambda * Math.Sqrt(2.0 / n * (1 + rho * rho) / (1 - rho * rho)) + Math.Sqrt(lambda / n);
        double inflation = kind == SolverKind.TauLeaping ? 2 / (2 - epsilon * epsilon * lambda / 2) - 1 : 0;
        Assert.InRange(mean, lambda - 4 * seMean, lambda + 4 * seMean);
        Assert.InRange(variance, lambda - 4 * seVar, lambda * (1 + inflation) + 4 * seVar);
    }

    [Fact]
    public void ImmigrationDeath_HybridAboveThreshold_MeanExactVarianceSuppressed()
    {
        // With k/d = 10⁵ X is continuous: it follows the mean-field ODE, so it relaxes to k/d and
        // fluctuates by far less than the Poisson standard deviation √(k/d) ≈ 316 (by design).
        var system = NewSystem(ImmigrationDeath(1e5, 1, 1e5 - 2e4), Hybrid, 3);
        system.AdvanceTo(30);
        Assert.Equal(1e5, system.GetCount("X"), 1e5 * 1e-5);
    }

    [Theory]
    [InlineData(SolverKind.Direct)]
    [InlineData(SolverKind.TauLeaping)]
    [InlineData(SolverKind.Hybrid)]
    public void BirthDeath_MeanVarianceAndExtinction_MatchLinearBirthDeathTheory(SolverKind kind)
    {
        // Theory (Kendall 1948), r = b − d: E X_t = n₀e^{rt};
        // Var X_t = n₀(b + d)/r · e^{rt}(e^{rt} − 1); P(X_t = 0) = [d(e^{rt} − 1)/(b e^{rt} − d)]^{n₀},
        // which tends to (d/b)^{n₀}. Tolerances: 4 SE with SE(mean) = s/√R,
        // SE(var) = √((m₄ − s⁴)/R), SE(p) = √(p(1 − p)/R).
        // Tau-leaping at ε = 0.01 (bias bound added): a leap grows the mean by 1 + rτ instead of e^{rτ};
        // with rτ ≤ ε per leap over rt/ε leaps the relative mean deficit is ≤ ε·rt/2.
        // Hybrid with switching at 200 (exact again below 100): extinction after reaching 100 has
        // probability (d/b)^100 ≈ 10⁻³⁰; the continuous phase keeps the mean of a linear system
        // exactly and drops the noise generated after the switch, ≤ (b+d)/(r·200) ≈ 1.5% of the variance.
        const double b = 1, d = 0.5, n0 = 3, t = 8;
        const int runs = 3000;
        double r = b - d, growth = Math.Exp(r * t);
        var options = kind switch
        {
            SolverKind.TauLeaping => Leap with { TauLeapingEpsilon = 0.01 },
            SolverKind.Hybrid => Hybrid with { HybridSwitchMinimum = 200 },
            _ => new SolverOptions { Kind = kind },
        };
        var network = BirthDeath(b, d, n0);
        var xs = new double[runs];
        int extinct = 0;
        for (int i = 0; i < runs; i++)
        {
            var system = NewSystem(network, options, 21, i);
            system.AdvanceTo(t);
            xs[i] = system.GetCount("X");
            if (xs[i] == 0) extinct++;
        }
        var (mean, variance, fourth) = Moments(xs);
        double expectedMean = n0 * growth;
        double expectedVar = n0 * (b + d) / r * growth * (growth - 1);
        double expectedP = Math.Pow(d * (growth - 1) / (b * growth - d), n0);
        double seMean = Math.Sqrt(variance / runs);
        double seVar = Math.Sqrt((fourth - variance * variance) / runs);
        double seP = Math.Sqrt(expectedP * (1 - expectedP) / runs);
        double meanBias = kind == SolverKind.TauLeaping ? 0.01 * r * t / 2 * expectedMean : 0;
        double varBias = kind == SolverKind.Hybrid ? 0.015 * expectedVar : kind == SolverKind.TauLeaping ? 2 * 0.01 * r * t / 2 * expectedVar : 0;
        Assert.InRange(mean, expectedMean - 4 * seMean - meanBias, expectedMean + 4 * seMean);
        Assert.InRange(variance, expectedVar - 4 * seVar - varBias, expectedVar + 4 * seVar);
        Assert.InRange(extinct / (double)runs, expectedP - 4 * seP, expectedP + 4 * seP);
    }

    [Theory]
    [InlineData(SolverKind.TauLeaping)]
    [InlineData(SolverKind.Hybrid)]
    public void PulsedImmigration_TimeDependentRate_MeanFollowsLinearOde(SolverKind kind)
    {
        // Theory: for a linear network the mean solves the mean-field ODE even with a time-varying
        // rate: x′ = k₀(1 + sin t) − d·x. A solver that froze k at step starts would lag the phase.
        // k₀/d = 50 keeps the hybrid exact (ODE of the hazard only); SE from Var ≤ Poisson mean.
        const double k0 = 50, d = 1, t = 7.5;
        const int runs = 1000;
        var options = kind == SolverKind.TauLeaping ? Leap : Hybrid;
        var network = PulsedImmigrationDeath(k0, d, 0);
        double sum = 0;
        for (int i = 0; i < runs; i++)
        {
            var system = NewSystem(network, options, 31, i);
            system.AdvanceTo(t);
            sum += system.GetCount("X");
        }
        double expected = PulsedMean(k0, d, 0, t);
        double se = Math.Sqrt(expected / runs);
        Assert.InRange(sum / runs, expected - 4 * se, expected + 4 * se);
    }

    [Theory]
    [InlineData(SolverKind.TauLeaping, 1e5, CompartmentMode.Dynamic)]
    [InlineData(SolverKind.Hybrid, 20, CompartmentMode.Exact)]
    public void PulsedImmigration_CountIsPoissonOfIntegratedRate(SolverKind kind, double k0, CompartmentMode mode)
    {
        // Theory: with immigration only, X_t ~ Poisson(Λ), Λ = ∫₀ᵗ k₀(1 + sin s) ds = k₀(t + 1 − cos t).
        // Leaps over a time-varying rate are exact when the rate is integrated over the leap; a rate
        // frozen at the leap start would be off by up to ε/2 relatively per leap, ≫ 4 SE here.
        // SE(mean) = √(Λ/R), SE(variance) = √((Λ + 2Λ²)/R).
        const double t = 7.5;
        const int runs = 1000;
        var options = new SolverOptions { Kind = kind };
        var network = PulsedImmigration(k0, mode);
        var xs = new double[runs];
        for (int i = 0; i < runs; i++)
        {
            var system = NewSystem(network, options, 51, i);
            system.AdvanceTo(t);
            xs[i] = system.GetCount("X");
        }
        var (mean, variance, _) = Moments(xs);
        double lambda = k0 * (t + 1 - Math.Cos(t));
        double se = Math.Sqrt(lambda / runs), seVar = Math.Sqrt((lambda + 2 * lambda * lambda) / runs);
        Assert.InRange(mean, lambda - 4 * se, lambda + 4 * se);
        Assert.InRange(variance, lambda - 4 * seVar, lambda + 4 * seVar);
    }

    [Fact]
    public void Ode_BirthDeathAndPulsedImmigration_MatchAnalyticMean()
    {
        var bd = NewSystem(BirthDeath(1, 0.5, 1e12), Ode, 1);
        bd.AdvanceTo(20);
        Assert.Equal(1e12 * Math.Exp(10), bd.GetCount("X"), 1e12 * Math.Exp(10) * 1e-7);

        var pulsed = NewSystem(PulsedImmigrationDeath(1e4, 0.3, 10), Ode, 1);
        foreach (double t in new[] { 0.5, 3.0, 17.2 })
        {
            pulsed.AdvanceTo(t);
            double expected = PulsedMean(1e4, 0.3, 10, t);
            Assert.Equal(expected, pulsed.GetCount("X"), expected * 1e-7);
        }
    }

    [Fact]
    public void Hybrid_LargeContinuousPopulationFeedingSmallExactOne_FiresExactlyAtTimeVaryingRate()
    {
        // A continuous pool P decays (P′ = −P, P₀ = 10⁶) and seeds an exact compartment S at rate
        // c·P(t): the number of seeds by time t is Poisson(∫c·P) = Poisson(c·P₀(1 − e^{−t})).
        const double c = 2e-5, p0 = 1e6, t = 2;
        var network = new ReactionNetworkBuilder()
            .Compartment("P", p0, CompartmentMode.Continuous)
            .Compartment("S", 0, CompartmentMode.Exact)
            .Transition("decay", tr => tr.Consumes("P").MassAction(1))
            .Transition("seed", tr => tr.Consumes("P").Produces("P").Produces("S").MassAction(c))
            .Build();
        const int runs = 3000;
        double sum = 0, sumSq = 0;
        for (int i = 0; i < runs; i++)
        {
            var system = NewSystem(network, Hybrid, 41, i);
            system.AdvanceTo(t);
            double s = system.GetCount("S");
            sum += s;
            sumSq += s * s;
        }
        double expected = c * p0 * (1 - Math.Exp(-t));
        double mean = sum / runs, variance = sumSq / runs - mean * mean;
        double se = Math.Sqrt(expected / runs);
        Assert.InRange(mean, expected - 4 * se, expected + 4 * se);
        // Poisson: variance = mean; SE of the sample variance ≈ √((λ + 2λ²)/R).
        double seVar = Math.Sqrt((expected + 2 * expected * expected) / runs);
        Assert.InRange(variance, expected - 4 * seVar, expected + 4 * seVar);
    }

    [Fact]
    public void Hybrid_ExactCloneBesideContinuousPool_MatchesBirthDeathTheoryWithoutRestarts()
    {
        // An exact clone (X → 2X at b, X → ∅ at d) next to a large continuous pool P that the clone
        // neither reads nor changes: clone firings are ODE-neutral, so they must not restart the
        // integrator, and the clone must still follow linear birth–death theory exactly:
        // E X_t = n₀e^{rt}, P(X_t = 0) = [d(e^{rt} − 1)/(b e^{rt} − d)]^{n₀}; tolerances 4 SE.
        const double b = 1, d = 0.5, n0 = 3, t = 4;
        const int runs = 2000;
        var network = new ReactionNetworkBuilder()
            .Compartment("X", n0, CompartmentMode.Exact)
            .Compartment("P", 1e6, CompartmentMode.Continuous)
            .Transition("birth", tr => tr.Consumes("X").Produces("X", 2).MassAction(b))
            .Transition("death", tr => tr.Consumes("X").MassAction(d))
            .Transition("influx", tr => tr.Produces("P").MassAction(2e6))
            .Transition("loss", tr => tr.Consumes("P").MassAction(1.0))
            .Build();
        var options = new SolverOptions { Kind = SolverKind.Hybrid };
        double sum = 0, sumSq = 0;
        int extinct = 0;
        long restarts = 0;
        for (int i = 0; i < runs; i++)
        {
            var solver = new Reconstitution.Compartments.Solvers.HybridSolver(network.Compiled, options, Reconstitution.Randomness.RandomStream.Create(81, (ulong)i), deterministic: false);
            var state = new CompartmentState(network.Compiled, recordFirings: false);
            solver.AdvanceTo(state, t);
            restarts += solver.Restarts;
            double x = state.Counts[0];
            sum += x;
            sumSq += x * x;
            if (x == 0) extinct++;
            Assert.Equal(2e6 - 1e6 * Math.Exp(-t), state.Counts[1], 2e6 * 1e-5);
        }
        double r = b - d, growth = Math.Exp(r * t);
        double mean = sum / runs, sd = Math.Sqrt(sumSq / runs - mean * mean);
        double p = Math.Pow(d * (growth - 1) / (b * growth - d), n0);
        Assert.Equal(0, restarts);
        Assert.InRange(mean, n0 * growth - 4 * sd / Math.Sqrt(runs), n0 * growth + 4 * sd / Math.Sqrt(runs));
        double seP = Math.Sqrt(p * (1 - p) / runs);
        Assert.InRange(extinct / (double)runs, p - 4 * seP, p + 4 * seP);
    }

    [Fact]
    public void Hybrid_ExactCompartmentReadOnlyByVaryingRates_IsPoissonWithTheMeanFieldMeanWithoutRestarts()
    {
        // A decaying continuous pool P (P′ = −kP) seeds an exact compartment S at rate c·P(t), and S is
        // cleared at rate μ·(P(t)/P₀)·S. Both rates read P, and nothing continuous reads S, so a firing
        // only changes the discrete hazard: the integrator must not restart, and the hazard for the
        // rest of the step must follow P's decay. Theory: a linear immigration–death process started
        // empty is Poisson at every time, S_t ~ Poisson(m(t)) with m′ = c·P(t) − μ(P(t)/P₀)·m, m(0) = 0.
        // Firings are rare (≈ 1 per run), so the hazard is read from the step's interior for most of
        // each step. The state is observed on a grid of stops (as a kernel's daily observation would),
        // so steps reach past stops and the counts at a stop come from the dense output. Loose ODE
        // tolerances give long steps. Tolerances: 4 standard errors of the mean and of the variance.
        const double c = 1e-6, mu = 1, k = 0.5, p0 = 1e6, t = 4;
        const int runs = 4000;
        var network = new ReactionNetworkBuilder()
            .Compartment("S", 0, CompartmentMode.Exact)
            .Compartment("P", p0, CompartmentMode.Continuous)
            .Signal("pool", x => x.Count(0) / p0, ["P"])
            .Transition("seed", tr => tr.Consumes("P").Produces("P").Produces("S").MassAction(c))
            .Transition("clearance", tr => tr.Consumes("S").MassAction(mu).ModulatedBy("pool"))
            .Transition("loss", tr => tr.Consumes("P").MassAction(k))
            .Build();
        var options = new SolverOptions { Kind = SolverKind.Hybrid, OdeRelativeTolerance = 1e-3, OdeAbsoluteTolerance = 1 };
        double sum = 0, sumSq = 0;
        long restarts = 0;
        for (int i = 0; i < runs; i++)
        {
            var solver = new Reconstitution.Compartments.Solvers.HybridSolver(network.Compiled, options, Reconstitution.Randomness.RandomStream.Create(83, (ulong)i), deterministic: false);
            var state = new CompartmentState(network.Compiled, recordFirings: false);
            for (double stop = 0.3; stop < t; stop += 0.3) solver.AdvanceTo(state, stop);
            solver.AdvanceTo(state, t);
            restarts += solver.Restarts;
            double x = state.Counts[0];
            sum += x;
            sumSq += x * x;
            Assert.Equal(p0 * Math.Exp(-k * t), state.Counts[1], p0 * 1e-3);
        }
        // m(t) by classical Runge–Kutta with 4,000 steps (error far below the tolerance).
        static double Slope(double s, double m) => c * p0 * Math.Exp(-k * s) - mu * Math.Exp(-k * s) * m;
        double mt = 0, h = t / 4000;
        for (int j = 0; j < 4000; j++)
        {
            double s0 = j * h, k1 = Slope(s0, mt), k2 = Slope(s0 + h / 2, mt + h / 2 * k1), k3 = Slope(s0 + h / 2, mt + h / 2 * k2), k4 = Slope(s0 + h, mt + h * k3);
            mt += h / 6 * (k1 + 2 * k2 + 2 * k3 + k4);
        }
        double mean = sum / runs, variance = sumSq / runs - mean * mean;
        double se = Math.Sqrt(mt / runs), seVar = Math.Sqrt((mt + 2 * mt * mt) / runs);
        Assert.Equal(0, restarts);
        Assert.InRange(mean, mt - 4 * se, mt + 4 * se);
        Assert.InRange(variance, mt - 4 * seVar, mt + 4 * seVar);
    }

    [Fact]
    public void TauLeaping_HillRepressedSelfRenewal_StationaryLawAgreesWithExactSsa()
    {
        // A nonlinear network with feedback: X → 2X at b·x·K/(K + x) (repressed by X itself, so
        // the leap bound must include the Hill input), X → ∅ at d·x; fixed point K(b/d − 1) = 500,
        // relaxation rate bK·x*/(K + x*)² = 0.25/day. One long path per solver, sampled every
        // 12 days (3 relaxation times: autocorrelation e^{−3} ≈ 0.05). Theory gives no closed form,
        // so tau-leaping is compared with the exact SSA: means within 4·√(SE₁² + SE₂²) and variances
        // within 4·√(SE₁² + SE₂²) plus the leap's variance inflation 2/(2 − λτ) − 1 ≤ 6% at ε = 0.03.
        const int samples = 1500;
        var network = new ReactionNetworkBuilder()
            .Compartment("X", 500)
            .Parameter("K", 500).Parameter("n", 1)
            .Transition("renewal", t => t.Consumes("X").Produces("X", 2).MassAction(1.0).RepressedBy("X", "K", "n"))
            .Transition("death", t => t.Consumes("X").MassAction(0.5))
            .Build();
        var exact = StationarySamples(NewSystem(network, new SolverOptions { Kind = SolverKind.Direct }, 91), samples, 50, 12);
        var leap = StationarySamples(NewSystem(network, Leap, 92), samples, 50, 12);
        var (m1, v1, f1) = Moments(exact);
        var (m2, v2, f2) = Moments(leap);
        double rho = Math.Exp(-3), factor = (1 + rho) / (1 - rho);
        double seMean = Math.Sqrt((v1 + v2) / samples * factor);
        double seVar = Math.Sqrt(((f1 - v1 * v1) + (f2 - v2 * v2)) / samples * factor);
        Assert.InRange(m2 - m1, -4 * seMean, 4 * seMean);
        Assert.InRange(v2 - v1, -4 * seVar, 4 * seVar + 0.06 * v1);
    }
}
