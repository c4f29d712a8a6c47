// Sample 03 — graft source.
// Blood stem cells (mobilised peripheral blood), bone marrow, or one umbilical cord blood unit, each after
// myeloablative conditioning of an allogeneic recipient (built-in protocols allo-pbsc-mac, allo-bm-mac, cord-single-mac).
// How fast do neutrophils and platelets engraft, in a virtual cohort?
//
//   dotnet run --project samples/03-graft-source             (300 patients per source, 60 days)
//   dotnet run --project samples/03-graft-source -- --quick  (25 patients, 45 days)

using Reconstitution.Analysis;
using Reconstitution.Cohorts;
using Reconstitution.Outcomes;
using Reconstitution.Output.Charts;
using Reconstitution.Physiology;
using Reconstitution.Protocols;

var options = SampleArgs.Parse(args, "03-graft-source");
int patients = options.PatientsOr(normal: 300, quick: 25);
int days = options.DaysOr(normal: 60, quick: 45);

(string Label, string Protocol)[] sources =
[
    ("Blood stem cells (6×10⁶ CD34+/kg)", "allo-pbsc-mac"),
    ("Bone marrow (2.5×10⁶ CD34+/kg)", "allo-bm-mac"),
    ("Cord blood (0.2×10⁶ CD34+/kg)", "cord-single-mac"),
];

var results = new List<(string Label, CohortSummaryBuilder Cohort)>();
foreach (var (label, name) in sources)
{
    var protocol = BuiltInProtocols.Get(name);
    Console.WriteLine($"{name}: {protocol.Description}");
    // Adults without an autoimmune disease here: the question is engraftment only.
    var spec = new CohortSpecification(protocol)
    {
        Patients = patients, Days = days, Seed = options.Seed,
        Covariates = CovariateDistribution.Default with { Disease = AutoimmuneDisease.None },
    };
    var builder = new CohortSummaryBuilder(spec);
    Cohort.Run(spec, [builder]);
    results.Add((label, builder));
}

Console.WriteLine($"\n{patients} patients per source, {days} days. Median engraftment day [95% CI]:");
foreach (var (label, cohort) in results)
{
    var s = cohort.Build();
    Console.WriteLine($"  {label,-36} neutrophils {Format(s.NeutrophilEngraftment)},  platelets {Format(s.PlateletEngraftment)},  graft failure {100 * (s.GraftFailure ?? 0):0}%");
}

// Chart 1: cumulative incidence of engraftment (Aalen–Johansen, death competing), neutrophils and platelets.
Chart Incidence(string title, bool platelets)
{
    var chart = new Chart(title, ChartAxis.DaysAfterInfusion(0, days), ChartAxis.Linear("Cumulative incidence", "%", 0, 100))
        .WithLegend(LegendPosition.Bottom);
    foreach (var (label, cohort) in results)
    {
        // A patient never below the threshold has no engraftment to time (ASTCT: after the nadir): not applicable, left out.
        var observations = cohort.Records.Where(r => !(platelets ? r.Outcome.NeverThrombocytopenic : r.Outcome.NeverNeutropenic))
                                         .Select(r => EngraftmentObservation(r.Outcome, platelets)).ToArray();
        chart = chart.AddCumulativeIncidence(label, CumulativeIncidenceCurve.Estimate(observations), days);
    }
    return chart;
}

// Chart 2: the ANC of each cohort as a band (5th–95th percentile) with its median.
var anc = new Chart("Neutrophils: median and 5–95% of patients", ChartAxis.DaysAfterInfusion(0, days), ChartAxis.Log10("ANC", "×10⁹/L", 0.01, 30))
    .WithLegend(LegendPosition.Bottom);
foreach (var (label, cohort) in results)
{
    var b = cohort.Bands;
    double[] x = [.. Enumerable.Range(0, days + 1).Select(d => (double)d)];
    double[] Q(double p) => [.. x.Select(d => b.Quantile(Measure.Anc, (int)d, p))];
    anc = anc.AddBand(label, x, Q(0.05), Q(0.5), Q(0.95));
}
anc = anc.AddReferenceLine("Engraftment 0.5 ×10⁹/L", 0.5);

var chimerism = new Chart("Donor share of neutrophils (median)", ChartAxis.DaysAfterInfusion(0, days), ChartAxis.Linear("Donor chimerism", "%", 0, 100))
    .WithLegend(LegendPosition.Bottom);
foreach (var (label, cohort) in results)
{
    double[] x = [.. Enumerable.Range(0, days + 1).Select(d => (double)d)];
    chimerism = chimerism.AddLine(label, x, [.. x.Select(d => cohort.Bands.Quantile(Measure.DonorChimerism, (int)d, 0.5))]);
}

new ChartGrid("Engraftment by graft source after myeloablative conditioning", columns: 2,
        [Incidence("Neutrophil engraftment (ANC ≥ 0.5 ×10⁹/L)", false), Incidence("Platelet engraftment (≥ 20 ×10⁹/L, untransfused)", true), anc, chimerism])
    .WithCaption($"{patients} virtual adults per graft source (the same patients for each). Engraftment: ASTCT definitions, Aalen–Johansen estimate with death before engraftment competing.")
    .Save(options.File("graft-source.svg"));

static string Format(EngraftmentSummary? e) =>
    e?.MedianDay is double m ? $"day {m:0} [{e.Ci95?.Lower:0}–{e.Ci95?.Upper:0}]" : "not reached";

// Cause 1 = engrafted that day, 2 = died first (competing), 0 = not yet engrafted at the end (censored).
static SurvivalObservation EngraftmentObservation(PatientOutcome o, bool platelets)
{
    int? engrafted = platelets ? o.PlateletEngraftmentDay : o.NeutrophilEngraftmentDay;
    if (engrafted is int day && (o.DeathDay is not int died || day <= died)) return new(day, 1);
    if (o.DeathDay is int death) return new(death, 2);
    return new(Math.Max(o.LastDay, 0), 0);
}
