// Sample 09 — forecasting one patient from their first counts.
// A woman with MS is on day +9 of a HALT-MS-like autologous transplant. Her morning counts so far are in counts.csv.
// When will her neutrophils and platelets engraft? How many platelet transfusions will she need? And how much does
// each extra day of counts tell us?
//
//   dotnet run --project samples/09-forecasting                 (200 particles, 100 days)
//   dotnet run --project samples/09-forecasting -- --quick      (64 particles, 40 days)
//   dotnet run --project samples/09-forecasting -- --observed my-counts.csv

using Reconstitution.Forecasting;
using Reconstitution.Output.Charts;
using Reconstitution.Physiology;
using Reconstitution.Protocols;

var options = SampleArgs.Parse(args, "09-forecasting", "--observed");
string file = options.Extra.TryGetValue("--observed", out var f) ? f : Path.Combine(AppContext.BaseDirectory, "counts.csv");

// 1. The patient, her protocol and her counts (tidy CSV: day,measure,value; '< 0.1' is a value below detection).
var patient = new PatientCovariates { AgeYears = 34, Sex = BiologicalSex.Female, WeightKg = 62, Disease = AutoimmuneDisease.MultipleSclerosis };
var protocol = BuiltInProtocols.Get("auto-beam-atg-cd34");
IReadOnlyList<Observation> counts = ObservationsCsv.Read(file);
Console.WriteLine($"{counts.Count} measurements from day {counts[0].Day} to day {counts[^1].Day}.");

// 2. The forecast: virtual patients drawn from the population, simulated, weighted by how well they reproduce her
//    counts, resampled and moved (sequential Monte Carlo; docs/forecasting.md).
var forecastOptions = new ForecastOptions
{
    Particles = options.PatientsOr(normal: 200, quick: 64),
    HorizonDays = options.DaysOr(normal: 100, quick: 40),
    Seed = options.Seed,
};
Forecast forecast = PatientForecaster.Run(patient, protocol, counts, forecastOptions);

// 3. Read the consistency verdict first: if the model cannot explain the counts, nothing else is a forecast.
Console.WriteLine(forecast.Consistency.IsConsistent
    ? "The counts are consistent with the model."
    : "WARNING, not a forecast: " + string.Join(" ", forecast.Consistency.Problems));

DayDistribution neutrophils = forecast.NeutrophilEngraftment, platelets = forecast.PlateletEngraftment;
Console.WriteLine($"""
Neutrophil engraftment: median day {neutrophils.Median}, 50 % interval {neutrophils.Interval(0.5)}, 90 % interval {neutrophils.Interval(0.9)}
Platelet engraftment:   median day {platelets.Median}, 90 % interval {platelets.Interval(0.9)} (null: later than day {forecastOptions.HorizonDays})
Graft failure: {(forecast.GraftFailureProbability is double g ? $"{g:P1}" : "needs a horizon of 42 days or more")}
Platelet transfusion days: mean {forecast.PlateletTransfusionDays.Mean:0.0}, none with probability {forecast.PlateletTransfusionDays.ProbabilityZero:P0}
Sampler: {forecast.Stages.Count} stages, {forecast.Simulations} simulations, effective sample size {forecast.EffectiveSampleSize:0}
""");

// 4. The fan charts with her counts on them, and forecast.json for other tools.
ForecastCharts.Figure(forecast, $"Forecast on day {forecast.LastObservedDay}: {protocol.Name}, 34-year-old woman with MS")
    .Save(options.File("forecast.svg"));
File.WriteAllText(options.File("forecast.json"), forecast.ToJson());

// 5. Information gain: the same patient forecast from her counts up to day 3, day 6 and day 9.
var chart = new Chart("What each day of counts adds", ChartAxis.DaysAfterInfusion(0, Math.Min(30, forecastOptions.HorizonDays)),
        ChartAxis.Linear("Probability of neutrophil engraftment by day", "%", 0, 100))
    .WithSubtitle("Forecasts from the counts up to the day in the legend; the curve steepens as the data accumulate")
    .WithLegend(LegendPosition.Bottom);
foreach (int upTo in new[] { 3, 6, 9 })
{
    var partial = counts.Where(o => o.Day <= upTo).ToArray();
    var d = upTo == counts[^1].Day ? forecast : PatientForecaster.Run(patient, protocol, partial, forecastOptions);
    var days = Enumerable.Range(0, Math.Min(30, forecastOptions.HorizonDays) + 1).ToArray();
    chart = chart.AddStepLine($"Counts to day {upTo}: median day {d.NeutrophilEngraftment.Median}", days.Select(x => (double)x).ToArray(),
        days.Select(x => 100 * d.NeutrophilEngraftment.ProbabilityBy(x)).ToArray());
}
chart.Save(options.File("information.svg"));
