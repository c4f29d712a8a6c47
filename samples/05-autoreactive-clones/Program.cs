// Sample 05 — autoreactive clones: eradication or regrowth.
// Autologous HSCT for multiple sclerosis aims to remove the autoreactive T-cell clone. Whatever survives the
// conditioning, or comes back with the graft, can regrow: relapse. Two things reduce what survives:
//   - rabbit ATG, which kills T cells (and, in the model, activated autoreactive cells 5× faster), and keeps
//     acting for days after the infusion (half-life ≈ 6 days), so it also hits cells returned with the graft;
//   - CD34 selection of the graft, which removes ≈ 4 logs (99.99 %) of its T cells before infusion.
// A 2 × 2 experiment on the MIST-like regimen (cyclophosphamide 200 mg/kg, built-in auto-cy-atg):
// with or without ATG, unselected or CD34-selected graft.
//
//   dotnet run --project samples/05-autoreactive-clones             (200 patients per arm, 2 years)
//   dotnet run --project samples/05-autoreactive-clones -- --quick  (15 patients, 1 year)

using Reconstitution.Analysis;
using Reconstitution.Cohorts;
using Reconstitution.Outcomes;
using Reconstitution.Output.Charts;
using Reconstitution.Physiology;
using Reconstitution.Protocols;

var options = SampleArgs.Parse(args, "05-autoreactive-clones");
int patients = options.PatientsOr(normal: 200, quick: 15);
int days = options.DaysOr(normal: 730, quick: 365);

ProtocolDefinition mist = BuiltInProtocols.Get("auto-cy-atg").Definition;
GraftDefinition unselected = mist.Graft!;
GraftDefinition selected = unselected with { Cd34SelectionLogDepletion = 4 };   // 4 logs of T cells removed
ConditioningDose[] withoutAtg = [.. mist.Conditioning.Where(d => d.Agent != ConditioningAgent.RabbitAtg)];

(string Label, ProtocolDefinition Definition)[] arms =
[
    ("Cy, unselected graft", mist with { Name = "cy-unselected", Conditioning = withoutAtg }),
    ("Cy + ATG, unselected graft", mist with { Name = "cy-atg-unselected" }),
    ("Cy, CD34-selected graft", mist with { Name = "cy-selected", Conditioning = withoutAtg, Graft = selected }),
    ("Cy + ATG, CD34-selected graft", mist with { Name = "cy-atg-selected", Graft = selected }),
];

const int ExamplePatients = 6;
var results = new List<(string Label, CohortSummaryBuilder Cohort, ExampleTrajectories Examples)>();
foreach (var (label, definition) in arms)
{
    var spec = new CohortSpecification(new DefinedProtocol(definition))
    {
        Patients = patients, Days = days, Seed = options.Seed,
        Covariates = CovariateDistribution.Default with { Disease = AutoimmuneDisease.MultipleSclerosis },
    };
    var summary = new CohortSummaryBuilder(spec);
    var examples = new ExampleTrajectories(ExamplePatients);
    Cohort.Run(spec, [summary, examples]);     // every patient goes to both sinks, in index order
    results.Add((label, summary, examples));
}

Console.WriteLine($"Multiple sclerosis, {patients} patients per arm, {days} days\n");
Console.WriteLine($"{"arm",-30} {"autoreactive cells in graft (mean)",35} {"clone eradicated",17} {"relapsed",9}");
foreach (var (label, cohort, _) in results)
{
    var o = cohort.Records.Select(r => r.Outcome).ToArray();
    Console.WriteLine($"{label,-30} {o.Average(x => x.GraftAutoreactiveCells),35:N0} {100.0 * o.Count(x => x.AutoreactiveEradicationDay is not null) / o.Length,16:0}% " +
                      $"{100.0 * o.Count(x => x.RelapseDay is not null) / o.Length,8:0}%");
}

// Figure 1: the clone in a few patients per arm. Whole-body autoreactive cells on a log axis; a clone that has gone
// extinct (0 cells) runs along the bottom edge of the plot.
var clonePanels = results.Select(r =>
{
    var chart = new Chart(r.Label, ChartAxis.DaysAfterInfusion(-6, days), ChartAxis.Log10("Autoreactive cells", "whole body", 0.1, 1e7))
        .WithLegend(LegendPosition.Bottom);
    // One colour and one legend entry for the group: the bundle (falling to 0 or regrowing) is the message, not who is who.
    string group = $"{r.Examples.Trajectories.Count} patients, one line each";
    foreach (var (_, day, cells) in r.Examples.Trajectories)
        chart = chart.AddLine(group, day, cells, color: "#0072B2");
    return chart.AddReferenceLine("Typical relapse level, 3×10⁵ cells", 3e5);
});
new ChartGrid("The autoreactive clone after Cy-based autologous HSCT: eradication or regrowth", columns: 2, clonePanels)
    .WithCaption($"The same {ExamplePatients} virtual MS patients in every arm. A line on the bottom edge, below 1 cell: the clone is extinct (0 cells) and the patient cannot relapse. Dashed: the burden at which a typical patient counts as relapsed (relapse is relative to each patient's own pre-treatment activity).")
    .Save(options.File("clone-trajectories.svg"));

// Figure 2: cumulative incidence of relapse (death without relapse competing), per arm.
// The y axis ends just above the highest curve (at least 10 %), so a few percent are not a flat line on 0–100 %.
var relapseCurves = results.Select(r => (r.Label, Curve: CumulativeIncidenceCurve.Estimate([.. r.Cohort.Records.Select(x => RelapseObservation(x.Outcome))]))).ToList();
var relapse = new Chart("Relapse", ChartAxis.DaysAfterInfusion(0, days), ChartAxis.CumulativeIncidencePercent(relapseCurves.Max(c => 100 * c.Curve.IncidenceAt(days))))
    .WithSubtitle($"Multiple sclerosis, {patients} virtual patients per arm");
foreach (var (label, curve) in relapseCurves)
    relapse = relapse.AddCumulativeIncidence(label, curve, days);
relapse.WithCaption("Share of the patients who have relapsed by each day; a patient who dies first can no longer relapse (a competing event, Aalen–Johansen estimate). Relapse: disease activity back at 2/3 of the patient's own pre-treatment level (docs/model.md §7.1). A line along 0: nobody relapsed.")
    .Save(options.File("relapse.svg"));

// Cause 1 = relapse, 2 = death without relapse first (competing), 0 = neither by the end (censored).
static SurvivalObservation RelapseObservation(PatientOutcome o)
{
    if (o.RelapseDay is int r && (o.DeathDay is not int died || r < died)) return new(r, 1);
    if (o.DeathDay is int death) return new(death, 2);
    return new(Math.Max(o.LastDay, 0), 0);
}

/// <summary>A cohort sink of our own: keeps the autoreactive-clone trajectory of the first few patients.</summary>
sealed class ExampleTrajectories(int count) : ICohortSink
{
    public List<(int Index, double[] Days, double[] Cells)> Trajectories { get; } = [];

    public void Accept(PatientRecord record, PatientCourse course)
    {
        if (Trajectories.Count >= count) return;
        var t = course.Trajectory;
        Trajectories.Add((record.Index, t.Days.ToArray(), t.Values(Measure.Autoreactive).ToArray()));
    }
}
