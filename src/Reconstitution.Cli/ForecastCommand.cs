using System.CommandLine;
using System.Globalization;
using Reconstitution.Forecasting;
using Reconstitution.Output;
using Reconstitution.Physiology;

namespace Reconstitution.Cli;

/// <summary><c>reconstitution forecast</c>: one real patient's engraftment forecast from their first counts (docs/forecasting.md).</summary>
internal static class ForecastCommand
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static Command Build(CliApp app)
    {
        var protocol = CliApp.Opt("--protocol", "NAME|FILE", "The patient's protocol: a built-in name (see 'reconstitution protocols') or a protocol JSON file.", "-p");
        var observed = CliApp.Opt("--observed", "FILE", "The patient's counts: CSV with header day,measure,value (units of trajectory.csv; '< 0.1' for a value below detection).");
        var age = CliApp.Opt("--age", "A", "Age in years, 0 to 120 (default 40).");
        var weight = CliApp.Opt("--weight", "KG", "Weight in kg, 2 to 300 (default 70).");
        var sex = CliApp.Opt("--sex", "male|female", "Biological sex (default female).");
        var disease = CliApp.Opt("--disease", "D", "Autoimmune disease: none, ms, ssc, sle, ra, aiha, itp (default ms).");
        var particles = CliApp.Opt("--particles", "N", "Particles (virtual patients) representing the forecast, 16 to 100000 (default 200).");
        var seed = CliApp.Opt("--seed", "S", "Random seed, a whole number ≥ 0 (default 1). Same seed, same forecast on any thread count.");
        var days = CliApp.Opt("--days", "N", "Forecast horizon in days after infusion, from the last observed day to 36500 (default 100).");
        var threads = CliApp.Opt("--threads", "T", "Worker threads, 1 to 1024 (default: the number of cores). Results do not depend on it.");
        var output = CliApp.Opt("--out", "DIR", "Output folder (default ./out); created if missing; an earlier run's files in it are removed. One run at a time per folder.", "-o");
        var json = CliApp.Flag("--json", "Print forecast.json to standard output instead of the table.");
        var quiet = CliApp.Flag("--quiet", "No table (errors and the inconsistency warning still go to standard error).");
        var cmd = new Command("forecast", "Forecast one patient's engraftment, graft failure and platelet-transfusion need from their first counts; write forecast.json and forecast.svg.");
        foreach (var o in new Option[] { protocol, observed, age, weight, sex, disease, particles, seed, days, threads, output, json, quiet }) cmd.Options.Add(o);
        cmd.SetAction(pr =>
        {
            var proto = ArgumentParsing.Protocol(pr.GetValue(protocol));
            string? file = pr.GetValue(observed);
            if (string.IsNullOrWhiteSpace(file)) throw new UsageException("--observed is required: a CSV file with header day,measure,value (docs/forecasting.md).");
            if (!File.Exists(file)) throw new UsageException($"--observed: the file '{file}' does not exist.");
            IReadOnlyList<Observation> observations;
            try
            {
                observations = ObservationsCsv.Read(file);
            }
            catch (ObservationFormatException ex)
            {
                throw new UsageException(ex.Message);
            }
            var covariates = new PatientCovariates
            {
                AgeYears = ArgumentParsing.Double(pr.GetValue(age), "--age", 0, 120, 40, "years"),
                WeightKg = ArgumentParsing.Double(pr.GetValue(weight), "--weight", 2, 300, 70, "kg"),
                Sex = ArgumentParsing.Sex(pr.GetValue(sex), BiologicalSex.Female),
                Disease = ArgumentParsing.Disease(pr.GetValue(disease), AutoimmuneDisease.MultipleSclerosis),
            };
            int lastDay = observations[^1].Day;
            var options = new ForecastOptions
            {
                Particles = ArgumentParsing.Int(pr.GetValue(particles), "--particles", 16, 100_000, ForecastOptions.Default.Particles),
                Seed = ArgumentParsing.Seed(pr.GetValue(seed), 1),
                HorizonDays = ArgumentParsing.Int(pr.GetValue(days), "--days", Math.Max(1, lastDay), 36_500, Math.Max(ForecastOptions.Default.HorizonDays, lastDay)),
                Threads = ArgumentParsing.Int(pr.GetValue(threads), "--threads", 1, 1024, Environment.ProcessorCount),
            };
            using var folder = RunFolder.Open(app, pr.GetValue(output), "forecast");
            Forecast forecast;
            try
            {
                forecast = PatientForecaster.Run(covariates, proto, observations, options, app.Cancellation);
            }
            catch (OperationCanceledException)
            {
                folder.Finish(cancelled: true); // nothing written; run.json says "cancelled"
                throw;
            }
            folder.WriteText("forecast.json", forecast.ToJson());
            string title = string.Create(Inv,
                $"Forecast after {proto.Name}: {covariates.AgeYears:0.#}-year-old {(covariates.Sex == BiologicalSex.Female ? "woman" : "man")}, {covariates.WeightKg:0.#} kg, {DiseaseNames.Of(covariates.Disease)}; counts to day {lastDay}");
            folder.WriteText("forecast.svg", ForecastCharts.Figure(forecast, title).ToSvg());
            folder.Finish();
            if (!forecast.Consistency.IsConsistent)
                app.Err.WriteLine("reconstitution: warning: the observations are inconsistent with the model; the output is not a forecast. " + string.Join(" ", forecast.Consistency.Problems));
            if (pr.GetValue(json)) app.Out.Write(forecast.ToJson());
            else if (!pr.GetValue(quiet))
            {
                SummaryTable.Print(app.Out, Rows(forecast, file));
                app.Out.WriteLine($"  Wrote forecast.json, forecast.svg, run.json to '{folder.Dir}'.");
            }
            return ExitCodes.Success;
        });
        return cmd;
    }

    private static IEnumerable<(string, string)> Rows(Forecast f, string file)
    {
        static string Day(int? d) => d is int x ? "day " + x.ToString(Inv) : "later";
        string Days(DayDistribution d)
        {
            var (l50, h50) = d.Interval(0.5);
            var (l90, h90) = d.Interval(0.9);
            return string.Create(Inv, $"median {Day(d.Median)}; 50 %: {Day(l50)} to {Day(h50)}; 90 %: {Day(l90)} to {Day(h90)}; by day {d.HorizonDays}: {100 * d.Probability:0}%");
        }
        yield return ("Protocol", f.Protocol);
        yield return ("Observations", string.Create(Inv, $"{f.Observations.Count} from '{Path.GetFileName(file)}', days {f.Observations[0].Day} to {f.LastObservedDay}"));
        yield return ("Consistent with the model", f.Consistency.IsConsistent ? "yes" : "NO: " + string.Join(" ", f.Consistency.Problems));
        yield return ("Neutrophil engraftment", Days(f.NeutrophilEngraftment));
        yield return ("Platelet engraftment", Days(f.PlateletEngraftment));
        yield return ("Primary graft failure", f.GraftFailureProbability is { } g ? string.Create(Inv, $"{100 * g:0.#}%") : "n/a (horizon before day 42)");
        yield return ("Platelet transfusion days", string.Create(Inv, $"mean {f.PlateletTransfusionDays.Mean:0.#}, median {f.PlateletTransfusionDays.Median}, 90 % up to {f.PlateletTransfusionDays.Quantile(0.95)}; none: {100 * f.PlateletTransfusionDays.ProbabilityZero:0}%"));
        yield return ("Days platelets < 20", string.Create(Inv, $"median {f.DaysPlateletsBelow20.Median} (90 %: {f.DaysPlateletsBelow20.Quantile(0.05)}–{f.DaysPlateletsBelow20.Quantile(0.95)})"));
        yield return ("Sampler", string.Create(Inv, $"{f.Options.Particles} particles, {f.Stages.Count} stages, {f.Simulations:N0} simulations, effective sample size {f.EffectiveSampleSize:0}, {f.DistinctParticles} distinct"));
    }
}
