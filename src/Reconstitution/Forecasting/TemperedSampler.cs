using MathNet.Numerics.Distributions;
using Reconstitution.Outcomes;
using Reconstitution.Physiology;
using Reconstitution.Protocols;
using Reconstitution.Randomness;

namespace Reconstitution.Forecasting;

/// <summary>
/// The sequential Monte Carlo sampler behind <see cref="PatientForecaster"/>: likelihood tempering with resampling and
/// Metropolis–Hastings rejuvenation (Del Moral, Doucet, Jasra, J R Stat Soc B 2006;68:411), the next temperature
/// chosen so the effective sample size halves (Jasra, Stephens, Doucet, Tsagaris, Scand J Stat 2011;38:1), and
/// moves shaped by the particles' covariance (<see cref="ProposalShape"/>). docs/forecasting.md §Method. Not thread-safe;
/// one per forecast.
/// </summary>
/// <remarks>
/// A particle is (z, seed): the virtual patient's standard-normal coordinates and its simulation's seed; given both,
/// the course and so the likelihood are fixed. The target at temperature φ is N(z; 0, I) · prior(seed) · L(y | z, seed)^φ.
/// A move proposes either a random walk in z (seed kept) or an independent draw of z from the particles' Gaussian fit
/// with a fresh seed (a draw from the seed's prior, which cancels in the ratio); see <see cref="Move"/>. Every random
/// number comes from a stream named by (seed, stage, move, particle), so the result does not depend on the thread count.
/// </remarks>
internal sealed class TemperedSampler
{
    /// <summary>
    /// The independence proposal is the particles' Gaussian fit widened by this factor: a fit to a finite, resampled
    /// cloud is narrower than the target, and a proposal narrower than its target reaches the tails slowly.
    /// </summary>
    private const double IndependenceWidening = 1.5;

    private readonly PatientCovariates _covariates;
    private readonly IProtocol _protocol;
    private readonly Observation[] _observations;
    private readonly ForecastOptions _options;
    private readonly int _firstDay;
    private readonly int _lastObservedDay;
    private readonly List<ForecastStage> _stages = [];
    private double _scale = 2.38 / Math.Sqrt(PatientModelAdapter.Dimension);

    public TemperedSampler(PatientCovariates covariates, IProtocol protocol, Observation[] observations, ForecastOptions options)
    {
        _covariates = covariates;
        _protocol = protocol;
        _observations = observations;
        _options = options;
        _firstDay = PatientModelAdapter.FirstRecordedDay(protocol);
        _lastObservedDay = observations.Max(o => o.Day);
    }

    /// <summary>The stages run.</summary>
    public IReadOnlyList<ForecastStage> Stages => _stages;

    /// <summary>Whether the temperature reached 1 within <see cref="ForecastOptions.MaxStages"/>.</summary>
    public bool ReachedPosterior { get; private set; }

    /// <summary>The log of the estimated marginal likelihood of the observations (the product of the stages' mean incremental weights).</summary>
    public double LogEvidence { get; private set; }

    /// <summary>Share of the prior's particles whose course is compatible with the observations at all (alive on every observed day).</summary>
    public double PriorCompatibleFraction { get; private set; }

    /// <summary>Patient simulations run.</summary>
    public int Simulations { get; private set; }

    /// <summary>Runs the sampler; returns the particles and their normalized weights at the posterior (or where it stopped).</summary>
    public (Particle[] Particles, double[] Weights) Run(CancellationToken cancellationToken)
    {
        int n = _options.Particles;
        var particles = new Particle[n];
        ParallelFor(n, cancellationToken, i =>
        {
            var random = RandomStream.Create(_options.Seed, i, "forecast-prior");
            var z = new double[PatientModelAdapter.Dimension];
            for (int k = 0; k < z.Length; k++) z[k] = Normal.Sample(random, 0, 1);
            ulong seed = random.NextUInt64();
            particles[i] = new Particle(z, seed, LogLikelihood(z, seed));
        });
        PriorCompatibleFraction = particles.Count(p => !double.IsNegativeInfinity(p.LogLikelihood)) / (double)n;
        int stageSimulations = n;
        var logW = new double[n];
        double phi = 0;
        for (int stage = 0; ; stage++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            double delta = NextIncrement(particles, logW, 1 - phi);
            double before = LogSumExp(logW);
            for (int i = 0; i < n; i++) logW[i] = Reweighted(logW[i], delta, particles[i].LogLikelihood);
            LogEvidence += LogSumExp(logW) - before;
            phi = delta >= 1 - phi ? 1 : phi + delta;
            double ess = WeightedSample.EffectiveSampleSize(logW);
            if (phi >= 1 && ess >= n / 2.0)
            {
                AddStage(new ForecastStage(phi, ess, double.NaN, stageSimulations));
                ReachedPosterior = true;
                break;
            }
            if (phi < 1 && stage + 1 >= _options.MaxStages)
            {
                AddStage(new ForecastStage(phi, ess, double.NaN, stageSimulations));
                break;
            }
            particles = Resample(particles, logW, stage);
            Array.Clear(logW);
            // Rejuvenate: at least MovesPerStage moves, then more (up to 4×) until 90 % of the particles have moved at least
            // once, so that resampling's duplicates become distinct again (Drovandi, Pettitt, Biometrics 2011;67:225).
            var shape = new ProposalShape(particles);
            var start = (Particle[])particles.Clone();
            int accepted = 0, walks = 0, walksAccepted = 0, moves = 0;
            while (moves < _options.MovesPerStage || (moves < 4 * _options.MovesPerStage && Moved(start, particles) < 0.9))
            {
                var (a, w, wa) = Move(particles, shape, phi, stage, moves++, cancellationToken);
                accepted += a;
                walks += w;
                walksAccepted += wa;
            }
            stageSimulations += n * moves;
            double rate = accepted / (n * (double)moves);
            AddStage(new ForecastStage(phi, ess, rate, stageSimulations));
            stageSimulations = 0;
            // Keep the random walk's acceptance rate near a quarter (Roberts, Gelman, Gilks, Ann Appl Probab 1997;7:110):
            // smaller steps when most proposals fail, larger when most pass.
            double walkRate = walks > 0 ? walksAccepted / (double)walks : 0.25;
            if (walkRate < 0.15) _scale = Math.Max(0.05, _scale * 0.7);
            else if (walkRate > 0.35) _scale = Math.Min(2.5, _scale * 1.3);
            if (phi >= 1)
            {
                ReachedPosterior = true;
                break;
            }
        }
        return (particles, WeightedSample.Normalize(logW));
    }

    private void AddStage(ForecastStage stage)
    {
        _stages.Add(stage);
        Simulations += stage.Simulations;
    }

    private static double Reweighted(double logW, double delta, double logLikelihood) =>
        double.IsNegativeInfinity(logLikelihood) ? double.NegativeInfinity : logW + delta * logLikelihood;

    /// <summary>
    /// The log-likelihood of the observations given the course of (z, seed), simulated to the last observed day; −∞ when
    /// the patient model refuses the parameters at z (far in the tails a combination can make a rate negative): the
    /// prior is restricted to the patients the model can simulate, and such a proposal is rejected.
    /// </summary>
    public double LogLikelihood(double[] z, ulong seed)
    {
        PatientCourse course;
        try
        {
            var patient = PatientModelAdapter.Patient(_covariates, _options.Simulation.Parameters, z, _options.Simulation.Autoimmunity);
            course = PatientModelAdapter.Simulate(patient, _protocol, seed, Math.Max(_lastObservedDay, 1), _options.Simulation);
        }
        catch (ArgumentException)
        {
            return double.NegativeInfinity;
        }
        return LogLikelihood(course.Trajectory, _firstDay, _observations, _options.MeasurementError);
    }

    /// <summary>Σ log p(yₖ | xₖ) over the observations; −∞ when the course ended (death) before an observed day.</summary>
    public static double LogLikelihood(ReadoutTrajectory trajectory, int firstDay, Observation[] observations, MeasurementError error)
    {
        double sum = 0;
        foreach (var o in observations)
        {
            int i = o.Day - firstDay;
            if (i < 0 || i >= trajectory.Count) return double.NegativeInfinity;
            sum += error.LogLikelihood(o, trajectory[i, o.Measure]);
        }
        return sum;
    }

    /// <summary>
    /// The largest temperature increment (at most <paramref name="remaining"/>) after which the effective sample size is
    /// at least half of what it would be for an infinitesimal step (bisection; Jasra et al. 2011).
    /// </summary>
    private static double NextIncrement(Particle[] particles, double[] logW, double remaining)
    {
        double Ess(double d)
        {
            var l = new double[logW.Length];
            for (int i = 0; i < l.Length; i++) l[i] = Reweighted(logW[i], d, particles[i].LogLikelihood);
            return WeightedSample.EffectiveSampleSize(l);
        }
        double target = 0.5 * Ess(0);
        if (Ess(remaining) >= target) return remaining;
        double lo = 0, hi = remaining;
        for (int k = 0; k < 60; k++)
        {
            double mid = 0.5 * (lo + hi);
            if (Ess(mid) >= target) lo = mid; else hi = mid;
        }
        return Math.Max(lo, 1e-12);
    }

    /// <summary>Systematic resampling (Kitagawa 1996) from one uniform of the stage's stream.</summary>
    private Particle[] Resample(Particle[] particles, double[] logW, int stage)
    {
        int n = particles.Length;
        var w = WeightedSample.Normalize(logW);
        var random = RandomStream.Create(_options.Seed, stage, "forecast-resample");
        double u = random.NextDouble() / n, cumulative = w[0];
        var result = new Particle[n];
        int j = 0;
        for (int i = 0; i < n; i++)
        {
            double point = u + (double)i / n;
            while (point > cumulative && j < n - 1) cumulative += w[++j];
            result[i] = particles[j];
        }
        return result;
    }

    /// <summary>
    /// One Metropolis–Hastings move of every particle at temperature φ, one of two proposals with probability ½ each:
    /// a random walk z′ = z + s·L·ξ with the particles' covariance LLᵀ (the seed kept), or an independent draw
    /// z′ ~ N(μ, 1.5²·LLᵀ) from the particles' widened Gaussian fit with a fresh seed (Chopin, Biometrika 2002;89:539;
    /// it jumps across the posterior and renews the particle's past randomness). Accepted with probability
    /// min(1, N(z′)/N(z) · (L′/L)^φ · q(z)/q(z′)), the last factor for the independent draw only. Returns the number
    /// accepted, and the random-walk proposals made and accepted.
    /// </summary>
    private (int Accepted, int Walks, int WalksAccepted) Move(Particle[] particles, ProposalShape shape, double phi, int stage, int move, CancellationToken cancellationToken)
    {
        int accepted = 0, walks = 0, walksAccepted = 0;
        double scale = _scale;
        ParallelFor(particles.Length, cancellationToken, i =>
        {
            var random = RandomStream.Create(_options.Seed, [0x4D4F5645UL, (ulong)stage, (ulong)move, (ulong)i]);
            var current = particles[i];
            bool walk = random.NextDouble() < 0.5;
            var xi = new double[current.Z.Length];
            for (int k = 0; k < xi.Length; k++) xi[k] = Normal.Sample(random, 0, 1);
            double[] z = walk ? shape.Step(current.Z, scale, xi) : shape.Draw(xi, IndependenceWidening);
            ulong seed = walk ? current.Seed : random.NextUInt64();
            double logRatio = 0.5 * (SquaredNorm(current.Z) - SquaredNorm(z));
            if (!walk) logRatio += shape.LogDensity(current.Z, IndependenceWidening) - shape.LogDensity(z, IndependenceWidening);
            if (walk) Interlocked.Increment(ref walks);
            double l = LogLikelihood(z, seed);
            if (double.IsNegativeInfinity(l)) return;
            double logAlpha = logRatio + (double.IsNegativeInfinity(current.LogLikelihood) ? double.PositiveInfinity : phi * (l - current.LogLikelihood));
            if (logAlpha >= 0 || Math.Log(random.NextUniform()) < logAlpha)
            {
                particles[i] = new Particle(z, seed, l);
                Interlocked.Increment(ref accepted);
                if (walk) Interlocked.Increment(ref walksAccepted);
            }
        });
        return (accepted, walks, walksAccepted);
    }

    private static double SquaredNorm(double[] z)
    {
        double sum = 0;
        foreach (double v in z) sum += v * v;
        return sum;
    }

    private static double Moved(Particle[] before, Particle[] after)
    {
        int moved = 0;
        for (int i = 0; i < before.Length; i++) if (!ReferenceEquals(before[i], after[i])) moved++;
        return moved / (double)before.Length;
    }

    private void ParallelFor(int count, CancellationToken cancellationToken, Action<int> body) =>
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = _options.Threads, CancellationToken = cancellationToken }, body);

    private static double LogSumExp(double[] values)
    {
        double max = values.Max();
        if (double.IsNegativeInfinity(max)) return max;
        double s = 0;
        foreach (double v in values) s += Math.Exp(v - max);
        return max + Math.Log(s);
    }
}
