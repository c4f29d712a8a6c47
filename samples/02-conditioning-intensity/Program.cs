// Sample 02 — conditioning intensity.
// The same autologous blood stem cell graft after three regimens of falling intensity:
//   myeloablative (busulfan + cyclophosphamide), reduced intensity (fludarabine + 2 days of busulfan),
//   lymphoablative only (cyclophosphamide + rabbit ATG, as in MIST).
// Only the conditioning differs, so every difference in the charts is the regimen's.
//
//   dotnet run --project samples/02-conditioning-intensity             (200 patients per regimen, 60 days)
//   dotnet run --project samples/02-conditioning-intensity -- --quick  (20 patients, 40 days)

using Reconstitution.Analysis;
using Reconstitution.Cohorts;
using Reconstitution.Output.Charts;
using Reconstitution.Physiology;
using Reconstitution.Protocols;
using static Reconstitution.Protocols.ConditioningAgent;

var options = SampleArgs.Parse(args, "02-conditioning-intensity");
int patients = options.PatientsOr(normal: 200, quick: 20);
int days = options.DaysOr(normal: 60, quick: 40);

// One graft for all three: 5 x10^6 CD34+ cells/kg of the patient's own blood stem cells, no G-CSF.
var graft = new GraftDefinition(GraftSource.PeripheralBlood, DonorType.Self, 5e6) { Viability = 0.95 };

// A ProtocolDefinition is plain data: doses on days (relative to the infusion on day 0), a graft, supportive care.
static ConditioningDose[] Daily(ConditioningAgent agent, double dose, int fromDay, int toDay) =>
    [.. Enumerable.Range(fromDay, toDay - fromDay + 1).Select(day => new ConditioningDose(agent, dose, day))];

ProtocolDefinition[] regimens =
[
    new("myeloablative-bu-cy")
    {
        Description = "Busulfan 3.2 mg/kg IV days -7..-4 (12.8 mg/kg) + cyclophosphamide 60 mg/kg days -3, -2",
        Conditioning = [.. Daily(Busulfan, 3.2, -7, -4), .. Daily(Cyclophosphamide, 60, -3, -2)],
        Graft = graft,
    },
    new("reduced-flu-bu")
    {
        Description = "Fludarabine 30 mg/m2 days -10..-5 + busulfan 3.2 mg/kg IV days -6, -5",
        Conditioning = [.. Daily(Fludarabine, 30, -10, -5), .. Daily(Busulfan, 3.2, -6, -5)],
        Graft = graft,
    },
    new("lymphoablative-cy-atg")
    {
        Description = "Cyclophosphamide 50 mg/kg days -5..-2 (200 mg/kg) + rabbit ATG 1.5 mg/kg days -4..-1",
        Conditioning = [.. Daily(Cyclophosphamide, 50, -5, -2), .. Daily(RabbitAtg, 1.5, -4, -1)],
        Graft = graft,
    },
];

// Run one virtual cohort per regimen. Same seed -> the same virtual patients in every arm.
var results = new List<(string Name, CohortSummaryBuilder Cohort)>();
foreach (var definition in regimens)
{
    var spec = new CohortSpecification(new DefinedProtocol(definition)) { Patients = patients, Days = days, Seed = options.Seed };
    var builder = new CohortSummaryBuilder(spec);   // a sink: collects each patient's record and trajectory
    Cohort.Run(spec, [builder]);
    results.Add((definition.Name, builder));
}

Console.WriteLine($"{patients} patients per regimen, {days} days\n");
Console.WriteLine($"{"regimen",-24} {"ANC<0.5 (days, median)",24} {"plt<20 (days, median)",22} {"platelet tx (mean)",19} {"neutrophils engrafted (median day)",35}");
foreach (var (name, cohort) in results)
{
    var outcomes = cohort.Records.Select(r => r.Outcome).ToArray();
    var summary = cohort.Build();
    Console.WriteLine($"{name,-24} {Median(outcomes.Select(o => (double)o.DaysAncBelow0_5)),24:0} {Median(outcomes.Select(o => (double)o.DaysPlateletsBelow20)),22:0} " +
                      $"{outcomes.Average(o => o.PlateletTransfusions),19:0.0} {summary.NeutrophilEngraftment?.MedianDay?.ToString("0") ?? "-",35}");
}

// Charts: the median of each regimen's cohort, day by day, for three counts; and the engraftment curves.
var xAxis = ChartAxis.DaysAfterInfusion(-10, days);
Chart MedianPanel(string title, ChartAxis yAxis, Measure measure)
{
    var chart = new Chart(title, xAxis, yAxis).WithLegend(LegendPosition.Bottom);
    foreach (var (name, cohort) in results)
    {
        var bands = cohort.Bands;
        double[] x = [.. Enumerable.Range(bands.FirstDay, bands.LastDay - bands.FirstDay + 1).Select(d => (double)d)];
        double[] median = [.. x.Select(d => bands.Quantile(measure, (int)d, 0.5))];
        chart = chart.AddLine(name, x, median);
    }
    return chart.AddMarker("Day 0: infusion", 0);
}

var anc = MedianPanel("Neutrophils (median)", ChartAxis.Log10("ANC", "×10⁹/L", 0.01, 30), Measure.Anc)
    .AddReferenceBand("Normal 2.0–7.5 ×10⁹/L", 2.0, 7.5).AddReferenceLine("Engraftment 0.5 ×10⁹/L", 0.5);
var platelets = MedianPanel("Platelets (median)", ChartAxis.Log10("Platelets", "×10⁹/L", 1, 1000), Measure.Platelets)
    .AddReferenceBand("Normal 150–450 ×10⁹/L", 150, 450).AddReferenceLine("Engraftment 20 ×10⁹/L", 20);
var cd4 = MedianPanel("CD4 T cells (median)", ChartAxis.Log10("CD4", "cells/µL", 1, 5000), Measure.Cd4)
    .AddReferenceBand("Normal 500–1500 cells/µL", 500, 1500).AddReferenceLine("CD4 200 cells/µL", 200);

var engraftment = new Chart("Neutrophil engraftment", ChartAxis.DaysAfterInfusion(0, days), ChartAxis.Linear("Cumulative incidence", "%", 0, 100))
    .WithLegend(LegendPosition.Bottom);
foreach (var (name, cohort) in results)
{
    // Patients whose ANC never fell below 0.5 have no engraftment to time (ASTCT: after the nadir): left out.
    var observations = cohort.Records.Where(r => !r.Outcome.NeverNeutropenic).Select(r => EngraftmentObservation(r.Outcome)).ToArray();
    engraftment = engraftment.AddCumulativeIncidence(name, CumulativeIncidenceCurve.Estimate(observations), days);
}

new ChartGrid("Conditioning intensity: same autologous graft, three regimens", columns: 2, [anc, platelets, cd4, engraftment])
    .WithCaption($"{patients} virtual patients per regimen (same patients in each). Lines: median of the patients alive that day. Shaded: adult normal range; dashed: threshold; dotted: infusion.")
    .Save(options.File("conditioning-intensity.svg"));

// A competing-risks observation for the Aalen–Johansen estimator: cause 1 = engrafted on that day,
// cause 2 = died before engrafting (a competing event), cause 0 = still not engrafted when the simulation ended (censored).
static SurvivalObservation EngraftmentObservation(Reconstitution.Outcomes.PatientOutcome o)
{
    if (o.NeutrophilEngraftmentDay is int day && (o.DeathDay is not int died || day <= died)) return new(day, 1);
    if (o.DeathDay is int death) return new(death, 2);
    return new(Math.Max(o.LastDay, 0), 0);
}

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length == 0 ? double.NaN : 0.5 * (sorted[(sorted.Length - 1) / 2] + sorted[sorted.Length / 2]);
}
