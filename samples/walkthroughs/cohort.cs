// Walkthrough 2 — a virtual cohort. A .NET 10 file-based app:
//
//   dotnet run samples/walkthroughs/cohort.cs                 (300 patients, one year)
//   dotnet run samples/walkthroughs/cohort.cs -- --quick      (30 patients, 100 days)
//   dotnet run samples/walkthroughs/cohort.cs -- --out DIR    (default ./out/walkthrough-cohort)
#:project ../../src/Reconstitution/Reconstitution.csproj
#:property PublishAot=false

using Reconstitution.Cohorts;
using Reconstitution.Output;
using Reconstitution.Physiology;
using Reconstitution.Protocols;

bool quick = args.Contains("--quick");
string outDir = args.SkipWhile(a => a != "--out").Skip(1).FirstOrDefault() ?? Path.Combine("out", "walkthrough-cohort");
Directory.CreateDirectory(outDir);

// Step 1. Describe the cohort: a protocol, how many patients, how long, and who they are. Covariates are drawn per
// patient from a distribution (age, sex, weight; the disease is fixed). Same seed -> the same patients.
var spec = new CohortSpecification(BuiltInProtocols.Get("auto-beam-atg-cd34"))
{
    Patients = quick ? 30 : 300,
    Days = quick ? 100 : 365,
    Seed = 7,
    Covariates = CovariateDistribution.Default with { Disease = AutoimmuneDisease.MultipleSclerosis, AgeMeanYears = 38, FemaleFraction = 0.65 },
};

// Step 2. Run it. Patients run in parallel; each finished patient goes, in index order, to every sink.
// CohortSummaryBuilder keeps a small record per patient and the day-by-day distribution of every readout.
// (Other sinks write patients.csv or trajectory.csv while the cohort runs: see docs/outputs.md.)
var builder = new CohortSummaryBuilder(spec);
var progress = new Progress<int>(n => { if (n % 50 == 0) Console.Error.Write($"\r{n}/{spec.Patients} patients"); });
CohortRunResult run = Cohort.Run(spec, [builder], progress);
Console.Error.WriteLine();
Console.WriteLine($"{run.Finished} patients in {run.Elapsed.TotalSeconds:0.0} s");

// Step 3. The summary: engraftment medians with 95% CIs, incidences at fixed days, transfusions, lymphocyte recovery.
CohortSummary s = builder.Build();
Console.WriteLine($"Neutrophil engraftment: median day {s.NeutrophilEngraftment?.MedianDay} [{s.NeutrophilEngraftment?.Ci95?.Lower}–{s.NeutrophilEngraftment?.Ci95?.Upper}]");
Console.WriteLine($"Platelet engraftment:   median day {s.PlateletEngraftment?.MedianDay} [{s.PlateletEngraftment?.Ci95?.Lower}–{s.PlateletEngraftment?.Ci95?.Upper}]");
Console.WriteLine($"Primary graft failure:  {100 * (s.GraftFailure ?? 0):0.0}%");
foreach (var p in s.TreatmentRelatedMortality) if (p.Value is double v) Console.WriteLine($"Treatment-related mortality by {p.Label}: {100 * v:0.0}%");
foreach (var p in s.Relapse) if (p.Value is double v) Console.WriteLine($"Relapse by {p.Label}: {100 * v:0.0}%");
Console.WriteLine($"Autoreactive clone eradicated: {100 * (s.AutoreactiveEradication ?? 0):0}% of patients");

// The summary as JSON (the same file the command-line tool writes as summary.json).
File.WriteAllText(Path.Combine(outDir, "summary.json"), s.ToJson());

// Step 4. Individual records, e.g. the five slowest to engraft.
Console.WriteLine("\nSlowest neutrophil engraftment:");
foreach (var r in builder.Records.Where(r => r.Outcome.NeutrophilEngraftmentDay is not null)
                                 .OrderByDescending(r => r.Outcome.NeutrophilEngraftmentDay).Take(5))
    Console.WriteLine($"  patient {r.Index,3}: day {r.Outcome.NeutrophilEngraftmentDay}, {r.Covariates.AgeYears:0} years, {r.Covariates.WeightKg:0} kg, " +
                      $"{r.Outcome.Cd34PerKgInfused / 1e6:0.0}×10⁶ CD34+/kg infused");

// Step 5. Charts: day-by-day bands of the blood counts and lymphocyte subsets, and cumulative incidence curves.
CohortCharts.CohortBands(builder.Bands, $"Blood counts, {run.Finished} patients, {spec.Protocol.Name}").Save(Path.Combine(outDir, "counts.svg"));
CohortCharts.CohortBands(builder.Bands, $"Lymphocyte subsets, {run.Finished} patients, {spec.Protocol.Name}", lymphocytes: true).Save(Path.Combine(outDir, "lymphocytes.svg"));
CohortCharts.Incidence(builder.Records, spec.Days, $"Outcomes, {run.Finished} patients, {spec.Protocol.Name}").Save(Path.Combine(outDir, "incidence.svg"));
Console.WriteLine($"\nWritten to {Path.GetFullPath(outDir)}: summary.json, counts.svg, lymphocytes.svg, incidence.svg");
