using MathNet.Numerics.Distributions;
using Reconstitution.Outcomes;
using Reconstitution.Physiology;
using Reconstitution.Protocols;
using Reconstitution.Randomness;

namespace Reconstitution.Forecasting;

/// <summary>
/// Forecasts one real patient's course from their first measurements: conditions the stochastic patient model on the
/// observations and returns the weighted ensemble of possible futures as a <see cref="Forecast"/>. Stateless and
/// thread-safe.
/// </summary>
/// <remarks>
/// <para>
/// The prior is the model's between-patient variability (<see cref="VirtualPatient.Draw"/>) for the given covariates,
/// together with the simulation's own randomness; the likelihood is <see cref="MeasurementError"/>. The posterior is
/// reached by likelihood-tempered sequential Monte Carlo with resampling and Metropolis–Hastings rejuvenation;
/// docs/forecasting.md describes the method, its sources, the consistency checks and the limits.
/// </para>
/// <para>Use it for a patient in the middle of a transplant; use <c>Cohort</c> for a population before treatment.</para>
/// </remarks>
public static class PatientForecaster
{
    private static readonly Measure[] FanMeasures = [Measure.Anc, Measure.Platelets, Measure.Hb, Measure.Lymphocytes];

    /// <summary>Runs a forecast.</summary>
    /// <param name="covariates">The patient's covariates (age, sex, weight, disease).</param>
    /// <param name="protocol">The protocol the patient is treated with.</param>
    /// <param name="observations">The measurements, at least one, days non-decreasing, from the day before conditioning to the horizon.</param>
    /// <param name="options">Options; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the run (throws <see cref="OperationCanceledException"/>).</param>
    /// <returns>The forecast.</returns>
    /// <exception cref="ArgumentException">An observation is out of order, out of range, repeated, or outside the simulated days; the message names its index.</exception>
    public static Forecast Run(PatientCovariates covariates, IProtocol protocol, IReadOnlyList<Observation> observations,
        ForecastOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(covariates);
        ArgumentNullException.ThrowIfNull(protocol);
        ArgumentNullException.ThrowIfNull(observations);
        options ??= ForecastOptions.Default;
        var obs = Validate(observations, protocol, options);

        var sampler = new TemperedSampler(covariates, protocol, obs, options);
        var (particles, weights) = sampler.Run(cancellationToken);

        // The forecast: every particle simulated to the horizon. Its course to the last observed day is the one its weight
        // was computed from (the same seed and patient give the same prefix); after that day each copy of a resampled
        // particle draws its own future (FutureRandomness), so copies share their past and not their future. Exact: the
        // likelihood does not depend on the future's randomness, whose posterior is therefore its prior.
        int lastObserved = obs.Max(o => o.Day);
        var courses = new PatientCourse[particles.Length];
        Parallel.For(0, particles.Length, new ParallelOptions { MaxDegreeOfParallelism = options.Threads, CancellationToken = cancellationToken }, i =>
        {
            if (weights[i] <= 0) return;
            var patient = PatientModelAdapter.Patient(covariates, options.Simulation.Parameters, particles[i].Z, options.Simulation.Autoimmunity);
            var future = new FutureRandomness(lastObserved, RandomStream.Create(options.Seed, i, "forecast-future").NextUInt64());
            courses[i] = PatientModelAdapter.Simulate(patient, protocol, particles[i].Seed, options.HorizonDays, options.Simulation, future);
        });
        var alive = Enumerable.Range(0, particles.Length).Where(i => weights[i] > 0).ToArray();
        int distinct = alive.Select(i => particles[i]).Distinct(ReferenceEqualityComparer.Instance).Count();
        var courseWeights = Array.ConvertAll(alive, i => weights[i]);
        courses = Array.ConvertAll(alive, i => courses[i]);

        int firstDay = PatientModelAdapter.FirstRecordedDay(protocol);
        var outcomes = Array.ConvertAll(courses, c => c.Outcome);
        double[] Days(Func<PatientOutcome, int?> f) => Array.ConvertAll(outcomes, o => f(o) is int d ? d : double.PositiveInfinity);
        double[] Counts(Func<PatientOutcome, int> f) => Array.ConvertAll(outcomes, o => (double)f(o));
        double? failure = null;
        if (options.HorizonDays >= 42 && outcomes.Any(o => o.Grafted))
        {
            failure = 0;
            for (int i = 0; i < outcomes.Length; i++) if (outcomes[i].PrimaryGraftFailure) failure += courseWeights[i];
        }
        var fanMeasures = FanMeasures.Concat(obs.Select(o => o.Measure)).Distinct().ToArray();
        return new Forecast
        {
            Protocol = protocol.Name,
            Covariates = covariates,
            Observations = obs,
            Options = options,
            Stages = sampler.Stages,
            Simulations = sampler.Simulations + courses.Length,
            EffectiveSampleSize = 1 / weights.Sum(w => w * w),
            DistinctParticles = distinct,
            PriorCompatibleFraction = sampler.PriorCompatibleFraction,
            LogEvidence = sampler.LogEvidence,
            Consistency = Check(obs, courses, courseWeights, distinct, firstDay, options, sampler),
            NeutrophilEngraftment = new DayDistribution(Days(o => o.NeutrophilEngraftmentDay), courseWeights, options.HorizonDays),
            PlateletEngraftment = new DayDistribution(Days(o => o.PlateletEngraftmentDay), courseWeights, options.HorizonDays),
            GraftFailureProbability = failure,
            PlateletTransfusionDays = new CountDistribution(Counts(o => o.PlateletTransfusions), courseWeights),
            DaysPlateletsBelow20 = new CountDistribution(Counts(o => o.DaysPlateletsBelow20), courseWeights),
            Fans = [.. fanMeasures.Select(m => Fan(m, courses, courseWeights, firstDay, options.HorizonDays))],
        };
    }

    private static Observation[] Validate(IReadOnlyList<Observation> observations, IProtocol protocol, ForecastOptions options)
    {
        if (observations.Count == 0)
            throw new ArgumentException("Parameter 'observations' is empty; at least one measurement is needed to condition on.", nameof(observations));
        int first = PatientModelAdapter.FirstRecordedDay(protocol);
        var seen = new HashSet<(int, Measure)>();
        var obs = observations.ToArray();
        for (int i = 0; i < obs.Length; i++)
        {
            var o = obs[i];
            string at = $"Parameter 'observations'[{i}] (day {o.Day}, {(Enum.IsDefined(o.Measure) ? MeasureNames.Of(o.Measure) : o.Measure.ToString())})";
            if (!Enum.IsDefined(o.Measure)) throw new ArgumentException($"{at}: the measure is not a defined Measure.", nameof(observations));
            if (!Enum.IsDefined(o.Censoring)) throw new ArgumentException($"{at}: the censoring is not a defined ObservationCensoring.", nameof(observations));
            if (!double.IsFinite(o.Value) || o.Value < 0) throw new ArgumentException($"{at}: the value {o.Value} is not allowed; values are finite and ≥ 0.", nameof(observations));
            if (i > 0 && o.Day < obs[i - 1].Day) throw new ArgumentException($"{at}: day {o.Day} comes after day {obs[i - 1].Day}; observations must be in day order.", nameof(observations));
            if (o.Day < first || o.Day > options.HorizonDays)
                throw new ArgumentException($"{at}: day {o.Day} is outside the simulated days [{first}, {options.HorizonDays}] of protocol '{protocol.Name}' (from the day before conditioning to the horizon).", nameof(observations));
            if (!seen.Add((o.Day, o.Measure))) throw new ArgumentException($"{at}: the measure is given twice on this day.", nameof(observations));
        }
        return obs;
    }

    private static ReadoutFan Fan(Measure measure, PatientCourse[] courses, double[] weights, int firstDay, int horizon)
    {
        int n = horizon - firstDay + 1;
        var days = new int[n];
        var q = new double[5][];
        for (int k = 0; k < 5; k++) q[k] = new double[n];
        double[] levels = [0.05, 0.25, 0.5, 0.75, 0.95];
        var values = new List<double>(courses.Length);
        var w = new List<double>(courses.Length);
        for (int d = 0; d < n; d++)
        {
            days[d] = firstDay + d;
            values.Clear();
            w.Clear();
            for (int i = 0; i < courses.Length; i++)
            {
                var t = courses[i].Trajectory;
                if (d < t.Count && weights[i] > 0)
                {
                    values.Add(t[d, measure]);
                    w.Add(weights[i]);
                }
            }
            // The particles alive that day, their weights renormalized.
            double total = w.Sum();
            var v = values.ToArray();
            var ws = w.Select(x => x / total).ToArray();
            for (int k = 0; k < levels.Length; k++) q[k][d] = total > 0 ? WeightedSample.Quantile(v, ws, levels[k]) : double.NaN;
        }
        return new ReadoutFan(measure, days, q[0], q[1], q[2], q[3], q[4]);
    }

    /// <summary>The consistency checks of docs/forecasting.md §Inconsistent data.</summary>
    private static ForecastConsistency Check(Observation[] obs, PatientCourse[] courses, double[] weights, int distinct, int firstDay, ForecastOptions options, TemperedSampler sampler)
    {
        var problems = new List<string>();
        var error = options.MeasurementError;
        if (sampler.PriorCompatibleFraction == 0)
            problems.Add("No simulated patient was alive on every observed day: the observations cannot come from this protocol and patient.");
        if (!sampler.ReachedPosterior)
            problems.Add($"The sampler stopped after {sampler.Stages.Count} stages at temperature {sampler.Stages[^1].Temperature:0.####} of 1: the observations are far from every simulated course.");
        int minimum = Math.Max(10, options.Particles / 20);
        if (distinct < minimum)
            problems.Add($"Only {distinct} distinct particles remain after rejuvenation (fewer than {minimum}): the posterior is not represented; the data pull the model to the edge of what it can produce.");

        double deviance = 0, worstP = 1;
        Observation worst = obs[0];
        foreach (var o in obs)
        {
            double cdf = 0, dev = 0, mass = 0;
            for (int i = 0; i < courses.Length; i++)
            {
                var t = courses[i].Trajectory;
                int j = o.Day - firstDay;
                if (j >= t.Count) continue;
                double x = t[j, o.Measure];
                cdf += weights[i] * error.Cdf(o, x);
                double r = error.Residual(o, x);
                dev += weights[i] * (MeasurementError.IsCensored(o) ? -2 * error.LogLikelihood(o, x) : r * r);
                mass += weights[i];
            }
            if (mass <= 0) continue;
            cdf /= mass;
            deviance += dev / mass;
            double p = MeasurementError.IsCensored(o) ? cdf : 2 * Math.Min(cdf, 1 - cdf);
            if (p < worstP)
            {
                worstP = p;
                worst = o;
            }
        }
        double limit = ChiSquared.InvCDF(obs.Length, 0.999);
        if (deviance > limit)
            problems.Add($"The observations fit the model's courses poorly: posterior mean deviance {deviance:0.#} is above the 99.9 % limit {limit:0.#} for {obs.Length} observations.");
        double pLimit = 0.001 / obs.Length;
        if (worstP < pLimit)
            problems.Add($"Day {worst.Day}, {MeasureNames.Of(worst.Measure)} = {(worst.Censoring == ObservationCensoring.Below ? "< " : worst.Censoring == ObservationCensoring.Above ? "> " : "")}{worst.Value:0.###} lies outside the forecast's predictive range (p = {worstP:0.###e0}, limit {pLimit:0.###e0}).");
        return new ForecastConsistency(problems.Count == 0, problems, deviance, limit, worst, worstP);
    }
}
