// Walkthrough 4 — forecasting one patient from her first counts. A .NET 10 file-based app: no project file, run it with
//
//   dotnet run samples/walkthroughs/forecast.cs                 (200 particles, 100 days)
//   dotnet run samples/walkthroughs/forecast.cs -- --quick      (64 particles, 40 days)
//   dotnet run samples/walkthroughs/forecast.cs -- --out DIR    (files into DIR; default ./out/walkthrough-forecast)
//
// The lines starting with #: tell `dotnet run` what to build with: the library project, and no native AOT.
#:project ../../src/Reconstitution/Reconstitution.csproj
#:property PublishAot=false

using Reconstitution.Forecasting;
using Reconstitution.Physiology;
using Reconstitution.Protocols;

bool quick = args.Contains("--quick");
string outDir = args.SkipWhile(a => a != "--out").Skip(1).FirstOrDefault() ?? Path.Combine("out", "walkthrough-forecast");
Directory.CreateDirectory(outDir);

// Step 1. The observations: a tidy CSV (day,measure,value) in the units of trajectory.csv. "< 0.1" is a value below the
// analyser's reporting limit. ObservationsCsv.Read checks every row and names the line and field of a bad one.
// Run from the repository root: the file is lab 09's.
string file = Path.Combine("samples", "09-forecasting", "counts.csv");
IReadOnlyList<Observation> counts = ObservationsCsv.Read(file);
foreach (var o in counts.Where(o => o.Measure == Measure.Anc))
    Console.WriteLine($"  day {o.Day,2}  ANC {(o.Censoring == ObservationCensoring.Below ? "<" : " ")}{o.Value:0.00} ×10⁹/L");

// Step 2. A bad file fails early and clearly. Here: ANC in cells/µL where ×10⁹/L is expected.
try { ObservationsCsv.Parse(new StringReader("day,measure,value\n3,anc,1500\n"), "wrong-unit.csv"); }
catch (ObservationFormatException e) { Console.WriteLine($"\nA file in the wrong unit: {e.Message}\n"); }

// Step 3. The patient and the protocol she is on.
var patient = new PatientCovariates { AgeYears = 34, Sex = BiologicalSex.Female, WeightKg = 62, Disease = AutoimmuneDisease.MultipleSclerosis };
var protocol = BuiltInProtocols.Get("auto-beam-atg-cd34");

// Step 4. The forecast. Particles = virtual patients with their random seeds; the sampler weights them by her counts,
// resamples and moves them until they represent the posterior (docs/forecasting.md).
var options = new ForecastOptions { Particles = quick ? 64 : 200, HorizonDays = quick ? 40 : 100, Seed = 7 };
Forecast forecast = PatientForecaster.Run(patient, protocol, counts, options);

// Step 5. Read the verdict first, then the distributions.
Console.WriteLine(forecast.Consistency.IsConsistent ? "Consistent with the model." : "NOT a forecast: " + string.Join(" ", forecast.Consistency.Problems));
var n = forecast.NeutrophilEngraftment;
Console.WriteLine($"Neutrophil engraftment: median day {n.Median}; 50 % {n.Interval(0.5)}; 90 % {n.Interval(0.9)}; by day {n.HorizonDays}: {n.Probability:P0}");
Console.WriteLine($"Platelet engraftment:   median day {forecast.PlateletEngraftment.Median}; 90 % {forecast.PlateletEngraftment.Interval(0.9)}");
Console.WriteLine($"Platelet transfusion days: mean {forecast.PlateletTransfusionDays.Mean:0.0}");
foreach (var s in forecast.Stages)
    Console.WriteLine($"  stage: temperature {s.Temperature:0.000}, ESS {s.EffectiveSampleSize:0}, acceptance {s.AcceptanceRate:0.00}, {s.Simulations} simulations");

// Step 6. The outputs the CLI writes too: forecast.svg (fan charts with her counts) and forecast.json.
ForecastCharts.Figure(forecast, "Forecast on day 9: HALT-MS-like autologous HSCT").Save(Path.Combine(outDir, "forecast.svg"));
File.WriteAllText(Path.Combine(outDir, "forecast.json"), forecast.ToJson());
Console.WriteLine($"\nWrote forecast.svg and forecast.json to {Path.GetFullPath(outDir)}");
