using Reconstitution.Compartments;
using Reconstitution.Randomness;

namespace Reconstitution.Tests.Compartments;

/// <summary>
/// The exact solvers against processes with known laws. Each test states the theory, uses a
/// fixed seed, and sets its tolerance to 4 standard errors of the estimator (a false alarm
/// probability of about 6×10⁻⁵ per check).
/// </summary>
public class ExactSsaStatisticalTests
{
    public static TheoryData<SolverKind> ExactKinds => [SolverKind.Direct, SolverKind.SortingDirect, SolverKind.CompositionRejection];

    private static ReactionNetwork ImmigrationDeath(double k, double d, double x0) => new ReactionNetworkBuilder()
        .Compartment("X", x0)
        .Parameter("k", k).Parameter("d", d)
        .Transition("immigration", t => t.Produces("X").MassAction("k"))
        .Transition("death", t => t.Consumes("X").MassAction("d"))
        .Build();

    [Theory]
    [MemberData(nameof(ExactKinds))]
    public void AdvanceTo_ImmigrationDeath_StationaryMeanAndVarianceAreKOverD(SolverKind kind)
    {
        // Theory: 0 → X at k, X → 0 at d·X is an M/M/∞ queue whose stationary law is Poisson(k/d):
        // mean = variance = λ = k/d, fourth central moment λ(1 + 3λ).
        // Samples every Δ = 5/d days: the autocorrelation is ρ = e^(−dΔ) = e^(−5), which inflates the
        // variance of the mean by (1+ρ)/(1−ρ) and that of the sample variance by (1+ρ²)/(1−ρ²).
        const double k = 100, d = 1, lambda = k / d, spacing = 5;
        const int n = 5000;
        var system = new CompartmentSystem(ImmigrationDeath(k, d, lambda), new SolverOptions { Kind = kind }, RandomStream.Create(20261121, 1));
        system.AdvanceTo(10); // burn-in: 10 relaxation times
        var grid = new double[n];
        for (int i = 0; i < n; i++) grid[i] = 10 + spacing * (i + 1);
        var moments = SampleMoments.Of(system.Observe(grid).Values("X"));

        double rho = Math.Exp(-d * spacing);
        double meanTolerance = 4 * Math.Sqrt(lambda / n * (1 + rho) / (1 - rho));
        double varianceTolerance = 4 * SampleMoments.VarianceStandardError(lambda * (1 + 3 * lambda), lambda, n)
            * Math.Sqrt((1 + rho * rho) / (1 - rho * rho));
        Assert.InRange(moments.Mean, lambda - meanTolerance, lambda + meanTolerance);
        Assert.InRange(moments.Variance, lambda - varianceTolerance, lambda + varianceTolerance);
    }

    private static ReactionNetwork BirthDeath(double b, double d, double x0) => new ReactionNetworkBuilder()
        .Compartment("X", x0)
        .Parameter("b", b).Parameter("d", d)
        .Transition("birth", t => t.Consumes("X").Produces("X", 2).MassAction("b"))
        .Transition("death", t => t.Consumes("X").MassAction("d"))
        .Build();

    [Theory]
    [MemberData(nameof(ExactKinds))]
    public void AdvanceTo_LinearBirthDeath_MeanAndVarianceMatchKendall(SolverKind kind)
    {
        // Theory (Kendall 1948; Bailey 1964 §8.6): X → 2X at b, X → 0 at d, from n₀:
        // E X(t) = n₀ e^{(b−d)t}, Var X(t) = n₀ (b+d)/(b−d) · e^{(b−d)t} (e^{(b−d)t} − 1).
        // Tolerance: 4 standard errors; for the variance the SE uses the sample fourth moment.
        const double b = 1, d = 0.5, n0 = 10, t = 2;
        const int replicates = 4000;
        var network = BirthDeath(b, d, n0);
        var options = new SolverOptions { Kind = kind };
        var values = new double[replicates];
        for (int r = 0; r < replicates; r++)
        {
            var system = new CompartmentSystem(network, options, RandomStream.Create(20261121, 2, (ulong)r));
            system.AdvanceTo(t);
            values[r] = system.GetCount("X");
        }
        var moments = SampleMoments.Of(values);
        double growth = Math.Exp((b - d) * t);
        double mean = n0 * growth;
        double variance = n0 * (b + d) / (b - d) * growth * (growth - 1);
        double meanTolerance = 4 * Math.Sqrt(variance / replicates);
        double varianceTolerance = 4 * SampleMoments.VarianceStandardError(moments.FourthCentral, variance, replicates);
        Assert.InRange(moments.Mean, mean - meanTolerance, mean + meanTolerance);
        Assert.InRange(moments.Variance, variance - varianceTolerance, variance + varianceTolerance);
    }

    [Fact]
    public void AdvanceTo_LinearBirthDeathWithBGreaterThanD_ExtinctionProbabilityIsDOverBToTheN0()
    {
        // Theory: the embedded jump chain is a random walk stepping +1 w.p. b/(b+d), so ultimate
        // extinction from n₀ has probability (d/b)^n₀ (gambler's ruin). A run stops at extinction
        // or when X ≥ 60, from where extinction has probability (1/2)^60 ≈ 10⁻¹⁸ (negligible).
        // The proportion extinct has SE sqrt(p(1−p)/R); tolerance 4 SE.
        const double b = 1, d = 0.5;
        const int n0 = 3, replicates = 4000;
        var network = BirthDeath(b, d, n0);
        int extinct = 0;
        for (int r = 0; r < replicates; r++)
        {
            var system = new CompartmentSystem(network, RandomStream.Create(20261121, 3, (ulong)r));
            double time = 0;
            while (system.GetCount("X") is > 0 and < 60) system.AdvanceTo(time += 0.5);
            if (system.GetCount("X") == 0) extinct++;
        }
        double p = Math.Pow(d / b, n0);
        double tolerance = 4 * Math.Sqrt(p * (1 - p) / replicates);
        Assert.InRange(extinct / (double)replicates, p - tolerance, p + tolerance);
    }

    private const double D0 = 1, Lambda = 0.5, Horizon = 4, ImmigrationRate = 5;
    private const int Cells = 50, TimeVaryingReplicates = 2000;

    /// <summary>∫₀ᵀ d₀ e^(−λt) dt.</summary>
    private static double IntegratedDeathRate => D0 * (1 - Math.Exp(-Lambda * Horizon)) / Lambda;

    private static ReactionNetwork DecayingDeath() => new ReactionNetworkBuilder()
        .Compartment("X", Cells).Compartment("Y", 0)
        .Parameter("d0", D0).Parameter("lambda", Lambda).Parameter("k", ImmigrationRate)
        .Transition("decaying death", t => t.Consumes("X").Rate(
            static r => r.Parameter(0) * Math.Exp(-r.Parameter(1) * r.TimeDays) * r.Count(0),
            ["X"], ["d0", "lambda"], timeDependent: true))
        .Transition("immigration of Y", t => t.Produces("Y").MassAction("k"))
        .Build();

    [Theory]
    [MemberData(nameof(ExactKinds))]
    public void AdvanceTo_DeathRateDecayingInTime_SurvivorsAreBinomialWithIntegratedHazard(SolverKind kind)
    {
        // Theory: each of n₀ cells dies independently at rate d(t) = d₀e^(−λt), so it survives to T
        // with p = exp(−∫₀ᵀ d) = exp(−d₀(1 − e^(−λT))/λ) and survivors ~ Binomial(n₀, p): mean n₀p,
        // variance n₀pq, fourth central moment n₀pq(1 + 3(n₀−2)pq). An independent constant-rate
        // immigration 0 → Y at k runs alongside (mixing time-dependent and homogeneous
        // transitions): Y(T) ~ Poisson(kT). Tolerance 4 SE.
        var network = DecayingDeath();
        var survivors = new double[TimeVaryingReplicates];
        var immigrants = new double[TimeVaryingReplicates];
        for (int r = 0; r < TimeVaryingReplicates; r++)
        {
            var system = new CompartmentSystem(network, new SolverOptions { Kind = kind }, RandomStream.Create(20261121, 4, (ulong)r));
            system.AdvanceTo(1.3); // an intermediate stop must not matter
            system.AdvanceTo(Horizon);
            survivors[r] = system.GetCount("X");
            immigrants[r] = system.GetCount("Y");
        }
        double p = Math.Exp(-IntegratedDeathRate), pq = p * (1 - p);
        double mean = Cells * p, variance = Cells * pq, fourth = Cells * pq * (1 + 3 * (Cells - 2) * pq);
        var x = SampleMoments.Of(survivors);
        double meanTolerance = 4 * Math.Sqrt(variance / TimeVaryingReplicates);
        double varianceTolerance = 4 * SampleMoments.VarianceStandardError(fourth, variance, TimeVaryingReplicates);
        Assert.InRange(x.Mean, mean - meanTolerance, mean + meanTolerance);
        Assert.InRange(x.Variance, variance - varianceTolerance, variance + varianceTolerance);

        var y = SampleMoments.Of(immigrants);
        double poissonMean = ImmigrationRate * Horizon;
        double poissonTolerance = 4 * Math.Sqrt(poissonMean / TimeVaryingReplicates);
        Assert.InRange(y.Mean, poissonMean - poissonTolerance, poissonMean + poissonTolerance);
    }

    [Theory]
    [MemberData(nameof(ExactKinds))]
    public void AdvanceTo_ImmigrationWithDecayingDeath_MatchesPoissonPlusBinomial(SolverKind kind)
    {
        // Theory: 0 → X at k and X → 0 at d(t)·X with d(t) = d₀e^(−λt), D(t) = ∫₀ᵗ d. The n₀ initial
        // cells survive to T independently with p = e^(−D(T)) (Binomial), and immigrants form a
        // Poisson process thinned by survival: Poisson with mean μ = k∫₀ᵀ e^(−(D(T)−D(s))) ds.
        // So mean n₀p + μ, variance n₀p(1−p) + μ. Here every immigration changes the input of the
        // time-dependent death, exercising the clock update with the counts before the firing.
        // Tolerance 4 SE (variance SE from the sample fourth moment).
        const int n0 = 20, replicates = 2000;
        const double k = 10;
        var network = new ReactionNetworkBuilder()
            .Compartment("X", n0)
            .Parameter("d0", D0).Parameter("lambda", Lambda).Parameter("k", k)
            .Transition("immigration", t => t.Produces("X").MassAction("k"))
            .Transition("decaying death", t => t.Consumes("X").Rate(
                static r => r.Parameter(0) * Math.Exp(-r.Parameter(1) * r.TimeDays) * r.Count(0),
                ["X"], ["d0", "lambda"], timeDependent: true))
            .Build();
        var values = new double[replicates];
        for (int r = 0; r < replicates; r++)
        {
            var system = new CompartmentSystem(network, new SolverOptions { Kind = kind }, RandomStream.Create(20261121, 6, (ulong)r));
            system.AdvanceTo(Horizon);
            values[r] = system.GetCount("X");
        }
        static double D(double t) => D0 * (1 - Math.Exp(-Lambda * t)) / Lambda;
        // μ by composite Simpson's rule on 10⁴ intervals (error ≪ 10⁻⁸).
        const int steps = 10_000;
        double h = Horizon / steps, sum = 0;
        for (int i = 0; i <= steps; i++)
        {
            double w = i == 0 || i == steps ? 1 : i % 2 == 1 ? 4 : 2;
            sum += w * Math.Exp(-(D(Horizon) - D(i * h)));
        }
        double mu = k * sum * h / 3;
        double p = Math.Exp(-D(Horizon));
        double mean = n0 * p + mu, variance = n0 * p * (1 - p) + mu;
        var moments = SampleMoments.Of(values);
        double meanTolerance = 4 * Math.Sqrt(variance / replicates);
        double varianceTolerance = 4 * SampleMoments.VarianceStandardError(moments.FourthCentral, variance, replicates);
        Assert.InRange(moments.Mean, mean - meanTolerance, mean + meanTolerance);
        Assert.InRange(moments.Variance, variance - varianceTolerance, variance + varianceTolerance);
    }

    [Fact]
    public void AdvanceTo_DecayingRateHeldConstantBetweenDailyEvents_IsBiased_SoTheTestAboveHasPower()
    {
        // The same process, but the death rate is a mass-action constant reset by an "event" once a
        // day to d(t) at the start of the day (piecewise constant, ignoring the decay within a day).
        // Its survival is exp(−Σ d(i)) ≈ 0.111 instead of 0.177: the mean lands far outside the
        // 4-SE band of the exact answer, which shows the exact test would catch this bias.
        var network = new ReactionNetworkBuilder()
            .Compartment("X", Cells)
            .Parameter("d", D0)
            .Transition("death", t => t.Consumes("X").MassAction("d"))
            .Build();
        var survivors = new double[TimeVaryingReplicates];
        for (int r = 0; r < TimeVaryingReplicates; r++)
        {
            var system = new CompartmentSystem(network, RandomStream.Create(20261121, 5, (ulong)r));
            for (int day = 0; day < Horizon; day++)
            {
                system.SetParameter("d", D0 * Math.Exp(-Lambda * day));
                system.AdvanceTo(day + 1);
            }
            survivors[r] = system.GetCount("X");
        }
        double p = Math.Exp(-IntegratedDeathRate);
        double meanTolerance = 4 * Math.Sqrt(Cells * p * (1 - p) / TimeVaryingReplicates);
        Assert.True(Math.Abs(SampleMoments.Of(survivors).Mean - Cells * p) > 10 * meanTolerance);
    }
}
