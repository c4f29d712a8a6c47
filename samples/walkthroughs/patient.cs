// Walkthrough 1 — a single patient. A .NET 10 file-based app: no project file, run it with
//
//   dotnet run samples/walkthroughs/patient.cs                 (one year)
//   dotnet run samples/walkthroughs/patient.cs -- --quick      (60 days)
//   dotnet run samples/walkthroughs/patient.cs -- --out DIR    (charts into DIR; default ./out/walkthrough-patient)
//
// The lines starting with #: tell `dotnet run` what to build with: the library project, and no native AOT.
#:project ../../src/Reconstitution/Reconstitution.csproj
#:property PublishAot=false

using Reconstitution.Outcomes;
using Reconstitution.Output;
using Reconstitution.Output.Charts;
using Reconstitution.Physiology;
using Reconstitution.Protocols;

bool quick = args.Contains("--quick");
string outDir = args.SkipWhile(a => a != "--out").Skip(1).FirstOrDefault() ?? Path.Combine("out", "walkthrough-patient");
Directory.CreateDirectory(outDir);

// Step 1. The built-in protocols, by name. Each is a ProtocolDefinition (plain data) run by DefinedProtocol.
Console.WriteLine("Built-in protocols:");
foreach (string name in BuiltInProtocols.Names)
    Console.WriteLine($"  {name,-22} {BuiltInProtocols.Get(name).Description}");

// Step 2. A patient (covariates: age, sex, weight, disease) and a protocol.
var patient = new PatientCovariates { AgeYears = 42, Sex = BiologicalSex.Male, WeightKg = 80, Disease = AutoimmuneDisease.SystemicSclerosis };
var protocol = BuiltInProtocols.Get("auto-tbi-cy-atg-cd34");   // SCOT-like: TBI + Cy + horse ATG, CD34-selected autograft

// Step 3. Run. The result holds the daily readouts (Trajectory), the event log and the outcome.
var course = PatientSimulation.Run(patient, protocol, seed: 2026, patientIndex: 0, new PatientSimulationOptions { Days = quick ? 60 : 365 });

// Step 4. Read the outcome.
var o = course.Outcome;
Console.WriteLine($"\n{protocol.Name}: neutrophils engrafted on day {o.NeutrophilEngraftmentDay}, platelets on day {o.PlateletEngraftmentDay}");
Console.WriteLine($"ANC below 0.5 for {o.DaysAncBelow0_5} days; {o.RedCellUnits} red-cell units, {o.PlateletTransfusions} platelet doses; {o.Infections} infection(s)");
Console.WriteLine($"Autoreactive clone: {o.AutoreactiveBeforeCells:N0} cells before, nadir {o.AutoreactiveNadirCells:N0}, " +
                  (o.AutoreactiveEradicationDay is int e ? $"eradicated on day {e}" : "not eradicated") +
                  (o.RelapseDay is int r ? $", relapse on day {r}" : ", no relapse"));

// Step 5. Read the trajectory: one row per day, one column per Measure.
var t = course.Trajectory;
Console.WriteLine("\nday   ANC(×10⁹/L)  platelets(×10⁹/L)  Hb(g/dL)  CD4(/µL)");
for (int i = 0; i < t.Count; i += t.Count / 12)
    Console.WriteLine($"{t.Days[i],4:0} {t[i, Measure.Anc],13:0.00} {t[i, Measure.Platelets],18:0} {t[i, Measure.Hb],9:0.0} {t[i, Measure.Cd4],9:0.0}");

// Step 6. Charts: the standard four-panel figure, and one of our own.
CohortCharts.PatientCounts(t, $"Blood counts after {protocol.Name}, one patient with systemic sclerosis")
    .Save(Path.Combine(outDir, "counts.svg"));

double[] days = t.Days.ToArray();
new Chart("CD4 T-cell recovery", ChartAxis.DaysAfterInfusion(days[0], days[^1]), ChartAxis.Log10("CD4 T cells", "cells/µL", 0.1, 2000))
    .WithSubtitle("The slowest lineage: TBI and ATG leave few T cells, the CD34-selected graft brings almost none, the thymus must make new ones")
    .AddLine("CD4 T cells", days, t.Values(Measure.Cd4).ToArray())
    .AddReferenceBand("Normal 500–1500 cells/µL", 500, 1500)
    .AddReferenceLine("CD4 200/µL", 200)
    .AddMarker("Day 0: infusion", 0)
    .Save(Path.Combine(outDir, "cd4.svg"));
Console.WriteLine($"\nCharts written to {Path.GetFullPath(outDir)}: counts.svg, cd4.svg");
