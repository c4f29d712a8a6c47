using Reconstitution.Forecasting;
using Reconstitution.Physiology;
using Reconstitution.Protocols;
using Reconstitution.Randomness;
using Xunit.Abstractions;

namespace Reconstitution.Tests.Forecasting;

/// <summary>
/// Simulation-based calibration and information gain of the forecaster (docs/forecasting.md §Validation): synthetic
/// patients drawn from the model (allo-pbsc-mac, ANC, platelets and Hb daily through the measurement model), each
/// forecast from their counts to day 7 and to day 10, 35-day horizon, 64 particles. The suite runs 24 patients; set
/// <c>RECONSTITUTION_SBC_PATIENTS</c> (and <c>RECONSTITUTION_SBC_PARTICLES</c>, <c>RECONSTITUTION_SBC_LOG</c> for a
/// per-patient CSV log, <c>RECONSTITUTION_SBC_FIRST</c> for the first patient's index when a run is split over
/// processes) for the recorded runs. The tolerances follow the size.
/// </summary>
public sealed class ForecastCalibrationTests(ITestOutputHelper output)
{
    private const int Horizon = 35;
    private static readonly PatientCovariates Covariates = new();
    private static readonly int[] ObservedTo = [7, 10];

    /// <summary>
    /// Calibration. Theory: if the forecast is the posterior of the model that generated the patient, the randomized PIT
    /// u = F(t − 1) + V·(F(t) − F(t − 1)) of the true neutrophil engraftment day t (F the forecast's distribution
    /// function over whole days, "not by the horizon" as +∞, V ~ U(0, 1)) is U(0, 1) (Talts et al. 2018,
    /// arXiv:1804.06788; the randomization handles whole days): the true day falls in the central 50 % and 90 %
    /// intervals with probability 0.5 and 0.9. Over n independent patients the hit counts are binomial; the tolerance is
    /// 4 standard errors √(p(1 − p)/n), and the lower bound also allows for the finite ensemble: against the empirical
    /// distribution function of m exchangeable draws a new draw's rank is uniform on 0…m, so it lands strictly inside the
    /// central 90 % (50 %) range with probability about (0.9m − 1)/(m + 1) = 0.9 − 1.9/(m + 1) (0.5 − 1.5/(m + 1)); m is
    /// taken as half the particles, the least effective sample size the sampler stops at.
    /// Information gain: the mean absolute error of the forecast median against the true day is below the population
    /// median's with counts to day 10 (paired differences, more than 2 standard errors above zero), and below the day-7
    /// forecast's. The day-10-versus-day-7 gain (0.62 days, SE 0.09, in the recorded 200-patient run of
    /// docs/forecasting.md) is asserted only from 100 patients on: at the CI size of 24 its standard error (≈ 0.23 days) is
    /// too large for a 2-SE test to have the power to see it, so there it is reported. Day 7 against the prior is reported,
    /// not asserted: the counts to day 7 say almost nothing about the engraftment day (a linear prediction from them
    /// gains 0.02 days, SE 0.04, over the prior; docs/forecasting.md § Validation).
    /// </summary>
    [Fact]
    public void Forecast_SyntheticPatientsFromTheModel_CalibratedAndInformative()
    {
        var r = Run();
        for (int k = 0; k < ObservedTo.Length; k++)
        {
            double m = r.Particles / 2.0, n = r.Patients;
            Assert.InRange(r.Coverage50[k], 0.5 - 1.5 / (m + 1) - 4 * Math.Sqrt(0.25 / n), 0.5 + 4 * Math.Sqrt(0.25 / n));
            Assert.InRange(r.Coverage90[k], 0.9 - 1.9 / (m + 1) - 4 * Math.Sqrt(0.09 / n), 0.9 + 4 * Math.Sqrt(0.09 / n));
        }
        AssertSmaller(r.Errors[^1], r.Errors[0], $"day {ObservedTo[^1]} vs prior");
        AssertSmaller(r.Errors[^1], r.Errors[1], $"day {ObservedTo[^1]} vs day {ObservedTo[0]}", asserted: r.Patients >= 100);
    }

    private sealed record Result(int Patients, int Particles, double[][] Errors, double[] Coverage50, double[] Coverage90);

    private Result Run()
    {
        int patients = Setting("RECONSTITUTION_SBC_PATIENTS", 24);
        int particles = Setting("RECONSTITUTION_SBC_PARTICLES", 64);
        // The first patient's index: a long run can be split over processes (patient i is the same in every split).
        int first = Setting("RECONSTITUTION_SBC_FIRST", 0);
        var options = new ForecastOptions { Particles = particles, HorizonDays = Horizon };
        string? log = Environment.GetEnvironmentVariable("RECONSTITUTION_SBC_LOG");
        var protocol = BuiltInProtocols.Get("allo-pbsc-mac");
        // The prior's forecast: the population median of the engraftment day (same protocol, other patients).
        var prior = Enumerable.Range(0, 400).Select(i => SyntheticPatient.Draw(Covariates, protocol, 77, i, 0, Horizon).Truth.Outcome.NeutrophilEngraftmentDay ?? Horizon + 1.0).Order().ToArray();
        double priorMedian = prior[prior.Length / 2];

        var errors = new double[ObservedTo.Length + 1][];
        for (int k = 0; k < errors.Length; k++) errors[k] = new double[patients];
        var hits = new int[ObservedTo.Length, 2];
        var ess = new double[ObservedTo.Length];
        for (int j = 0; j < patients; j++)
        {
            int i = first + j;
            var patient = SyntheticPatient.Draw(Covariates, protocol, 2026, i, ObservedTo[^1], Horizon);
            double truth = patient.Truth.Outcome.NeutrophilEngraftmentDay ?? double.PositiveInfinity;
            double truthForError = Math.Min(truth, Horizon + 1);
            errors[0][j] = Math.Abs(priorMedian - truthForError);
            for (int k = 0; k < ObservedTo.Length; k++)
            {
                var observed = patient.Observations.Where(o => o.Day <= ObservedTo[k]).ToArray();
                var forecast = PatientForecaster.Run(Covariates, protocol, observed, options with { Seed = (ulong)(1000 * k + i) });
                var f = forecast.NeutrophilEngraftment;
                double below = double.IsPositiveInfinity(truth) ? f.Probability : f.ProbabilityBy((int)truth - 1);
                double upTo = double.IsPositiveInfinity(truth) ? 1 : f.ProbabilityBy((int)truth);
                double u = below + RandomStream.Create(99, i, "pit").Derive((ulong)k).NextDouble() * (upTo - below);
                if (u > 0.25 && u < 0.75) hits[k, 0]++;
                if (u > 0.05 && u < 0.95) hits[k, 1]++;
                ess[k] += forecast.EffectiveSampleSize / patients;
                errors[k + 1][j] = Math.Abs((f.Median ?? Horizon + 1) - truthForError);
                if (log is not null)
                    File.AppendAllText(log, FormattableString.Invariant($"{i},{ObservedTo[k]},{truth},{u:0.0000},{f.Median},{priorMedian},{forecast.EffectiveSampleSize:0.0},{forecast.Simulations},{forecast.Consistency.IsConsistent}{Environment.NewLine}"));
            }
        }
        var c50 = new double[ObservedTo.Length];
        var c90 = new double[ObservedTo.Length];
        output.WriteLine($"{patients} patients, {particles} particles; MAE of the engraftment day: prior {errors[0].Average():0.00} days");
        for (int k = 0; k < ObservedTo.Length; k++)
        {
            c50[k] = hits[k, 0] / (double)patients;
            c90[k] = hits[k, 1] / (double)patients;
            output.WriteLine($"Counts to day {ObservedTo[k]}: true day in the 50 % interval {c50[k]:0.000}, in the 90 % interval {c90[k]:0.000}; MAE {errors[k + 1].Average():0.00} days; mean ESS {ess[k]:0}");
        }
        return new Result(patients, particles, errors, c50, c90);
    }

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out int value) && value > 0 ? value : fallback;

    private void AssertSmaller(double[] better, double[] worse, string what, bool asserted = true)
    {
        var d = worse.Zip(better, (w, b) => w - b).ToArray();
        double mean = d.Average(), se = Math.Sqrt(d.Sum(x => (x - mean) * (x - mean)) / (d.Length - 1) / d.Length);
        output.WriteLine($"{what}: MAE improvement {mean:0.00} days (SE {se:0.00}){(asserted ? "" : ", reported only")}");
        if (asserted) Assert.True(mean > 2 * se, $"{what}: MAE improvement {mean:0.00} days is not above 2 standard errors ({se:0.00})");
    }
}
