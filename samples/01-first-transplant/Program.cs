// Sample 01 — a first transplant.
// One virtual patient with multiple sclerosis receives autologous HSCT (HALT-MS-like: BEAM + rabbit ATG,
// CD34-selected blood stem cells). We follow the blood counts from the first day of conditioning to recovery.
//
//   dotnet run --project samples/01-first-transplant            (100 days)
//   dotnet run --project samples/01-first-transplant -- --quick (40 days)

using Reconstitution.Outcomes;
using Reconstitution.Output.Charts;
using Reconstitution.Physiology;
using Reconstitution.Protocols;

var options = SampleArgs.Parse(args, "01-first-transplant");
int days = options.DaysOr(normal: 100, quick: 40);

// 1. The patient: a 35-year-old woman of 65 kg with relapsing multiple sclerosis.
var patient = new PatientCovariates
{
    AgeYears = 35,
    Sex = BiologicalSex.Female,
    WeightKg = 65,
    Disease = AutoimmuneDisease.MultipleSclerosis,
};

// 2. The protocol: a built-in one (list them with BuiltInProtocols.Names).
DefinedProtocol protocol = BuiltInProtocols.Get("auto-beam-atg-cd34");
Console.WriteLine($"Protocol {protocol.Name}: {protocol.Description}");

// 3. Simulate. Same seed and patient index -> the same course, on any machine.
PatientCourse course = PatientSimulation.Run(patient, protocol, seed: options.Seed, patientIndex: 0,
    new PatientSimulationOptions { Days = days });

// 4. What happened: the event log (doses, infusion, transfusions, engraftment, ...) and the outcome.
Console.WriteLine("\nEvents:");
foreach (var e in course.Events)
    Console.WriteLine($"  day {e.TimeDays,4:0}  {e.Kind}{(e.Detail is null ? "" : "  " + e.Detail)}");

PatientOutcome o = course.Outcome;
Console.WriteLine($"""

Outcome:
  neutrophil engraftment (ANC >= 0.5 x10^9/L, 3 days): {(o.NeverNeutropenic ? "not applicable (ANC never below 0.5)" : o.NeutrophilEngraftmentDay is int n ? $"day {n}" : "not reached")}
  platelet engraftment (>= 20 x10^9/L, untransfused):  {(o.NeverThrombocytopenic ? "not applicable (never below 20)" : o.PlateletEngraftmentDay is int p ? $"day {p}" : "not reached")}
  days with ANC < 0.5: {o.DaysAncBelow0_5}, ANC nadir {o.AncNadirE9PerLiter:0.000} x10^9/L
  transfusions: {o.RedCellUnits} red-cell units, {o.PlateletTransfusions} platelet doses; infections: {o.Infections}
""");

// 5. Charts. A ReadoutTrajectory holds one morning count per day for every Measure.
ReadoutTrajectory t = course.Trajectory;
double[] day = t.Days.ToArray();
double[] Values(Measure m) => t.Values(m).ToArray();

var xAxis = ChartAxis.DaysAfterInfusion(day[0], days);
Chart Panel(string title, ChartAxis yAxis, Measure measure) =>
    new Chart(title, xAxis, yAxis)
        .AddLine(title, day, Values(measure))
        .AddMarker("Day 0: stem cell infusion", 0)
        .WithLegend(LegendPosition.Bottom);

var anc = Panel("Neutrophils (ANC)", ChartAxis.Log10("ANC", "×10⁹/L", 0.01, 30), Measure.Anc)
    .AddReferenceBand("Normal 2.0–7.5 ×10⁹/L", 2.0, 7.5)
    .AddReferenceLine("Engraftment 0.5 ×10⁹/L", 0.5);
if (o.NeutrophilEngraftmentDay is int nDay && !o.NeverNeutropenic) anc = anc.AddMarker($"Engrafted: day {nDay}", nDay);

var platelets = Panel("Platelets", ChartAxis.Log10("Platelets", "×10⁹/L", 1, 1000), Measure.Platelets)
    .AddReferenceBand("Normal 150–450 ×10⁹/L", 150, 450)
    .AddReferenceLine("Engraftment 20 ×10⁹/L", 20)
    .AddReferenceLine("Transfusion trigger 10 ×10⁹/L", 10);

var hb = Panel("Haemoglobin", ChartAxis.Linear("Hb", "g/dL", 4, 18), Measure.Hb)
    .AddReferenceBand("Normal 12–15.5 g/dL (women)", 12, 15.5)
    .AddReferenceLine("Transfusion trigger 7 g/dL", 7);

var lymphocytes = Panel("Lymphocytes", ChartAxis.Log10("Lymphocytes", "×10⁹/L", 0.01, 10), Measure.Lymphocytes)
    .AddReferenceBand("Normal 1.0–4.0 ×10⁹/L", 1.0, 4.0);

new ChartGrid($"Blood counts after autologous HSCT ({protocol.Name}), one patient", columns: 2, [anc, platelets, hb, lymphocytes])
    .WithCaption("Daily morning counts. Shaded: adult normal range. Dashed: engraftment threshold or transfusion trigger. Dotted: infusion (day 0); dash-dot: neutrophil engraftment.")
    .Save(options.File("counts.svg"));

// The lymphocyte subsets recover at very different speeds: NK cells first, then B cells, CD4 T cells last.
var subsets = new Chart("Lymphocyte subsets", xAxis, ChartAxis.Log10("Cells in blood", "cells/µL", 5, 5000))
    .WithSubtitle("ATG and BEAM deplete all lymphocytes; they come back in a fixed order")
    .AddLine("CD4 T cells", day, Values(Measure.Cd4))
    .AddLine("CD8 T cells", day, Values(Measure.Cd8))
    .AddLine("B cells", day, Values(Measure.B))
    .AddLine("NK cells", day, Values(Measure.Nk))
    .AddReferenceLine("CD4 200/µL", 200)
    .AddMarker("Day 0: infusion", 0);
subsets.Save(options.File("lymphocyte-subsets.svg"));
