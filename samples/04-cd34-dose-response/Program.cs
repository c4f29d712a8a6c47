// Sample 04 — CD34+ dose–response.
// How does the number of CD34+ cells infused per kg change the time to engraftment?
// The same virtual cohort (same seed, same patients) receives autologous HSCT after BEAM + ATG
// (built-in auto-beam-atg-cd34, no G-CSF) with graft doses from 0.5 to 10 ×10⁶ CD34+ cells/kg.
//
//   dotnet run --project samples/04-cd34-dose-response             (6 doses × 200 patients, 60 days)
//   dotnet run --project samples/04-cd34-dose-response -- --quick  (3 doses × 15 patients, 40 days)

using Reconstitution.Cohorts;
using Reconstitution.Output.Charts;
using Reconstitution.Protocols;

var options = SampleArgs.Parse(args, "04-cd34-dose-response");
int patients = options.PatientsOr(normal: 200, quick: 15);
int days = options.DaysOr(normal: 60, quick: 40);
double[] doses = options.Quick ? [1e6, 3e6, 10e6] : [0.5e6, 1e6, 2e6, 3e6, 5e6, 10e6];

var baseCohort = new CohortSpecification(BuiltInProtocols.Get("auto-beam-atg-cd34"))
{
    Patients = patients, Days = days, Seed = options.Seed,
};

// SweepParameter.All lists what can be varied (cd34PerKg, cd3PerKg, viability, conditioningScale, ageYears, ...).
// Apply() returns a copy of the cohort specification with the graft's CD34+ dose changed.
// (ParameterSweep.Run does this loop for you and returns only the summaries; see samples/walkthroughs/sweep.cs.)
SweepParameter cd34 = SweepParameter.Find("cd34PerKg")!;
var cohorts = new List<(double Dose, CohortSummaryBuilder Cohort, CohortSummary Summary)>();
foreach (double dose in doses)
{
    var spec = cd34.Apply(baseCohort, dose);
    var builder = new CohortSummaryBuilder(spec);
    Cohort.Run(spec, [builder]);
    cohorts.Add((dose, builder, builder.Build()));
}

Console.WriteLine($"{patients} patients per dose, {days} days");
Console.WriteLine($"{"CD34+ ×10⁶/kg",14} {"neutrophils: median day [95% CI]",34} {"platelets: median day [95% CI]",32} {"days ANC<0.5 (mean)",20} {"platelet tx (mean)",19}");
foreach (var (dose, cohort, s) in cohorts)
{
    var o = cohort.Records.Select(r => r.Outcome).ToArray();
    Console.WriteLine($"{dose / 1e6,14:0.0} {Format(s.NeutrophilEngraftment),34} {Format(s.PlateletEngraftment),32} " +
                      $"{o.Average(x => x.DaysAncBelow0_5),20:0.0} {o.Average(x => x.PlateletTransfusions),19:0.0}");
}

// Panel 1: median engraftment day with its 95% confidence interval (error bars), against the dose on a log axis.
var doseAxis = ChartAxis.Log10("CD34+ cell dose", "×10⁶/kg", 0.3, 20);
double[] x = [.. doses.Select(d => d / 1e6)];
double[] Get(Func<CohortSummary, EngraftmentSummary?> which, Func<EngraftmentSummary, double?> value) =>
    [.. cohorts.Select(c => which(c.Summary) is { } e ? value(e) ?? double.NaN : double.NaN)];
var medians = new Chart("Median time to engraftment", doseAxis, ChartAxis.Linear("Engraftment day", "days after infusion", 0, 30))
    .WithLegend(LegendPosition.Bottom)
    .AddPoints("Neutrophils (ANC ≥ 0.5): median, 95% CI", x,
        Get(s => s.NeutrophilEngraftment, e => e.MedianDay), Get(s => s.NeutrophilEngraftment, e => e.Ci95?.Lower), Get(s => s.NeutrophilEngraftment, e => e.Ci95?.Upper), connect: true)
    .AddPoints("Platelets (≥ 20, untransfused): median, 95% CI", x,
        Get(s => s.PlateletEngraftment, e => e.MedianDay), Get(s => s.PlateletEngraftment, e => e.Ci95?.Lower), Get(s => s.PlateletEngraftment, e => e.Ci95?.Upper), connect: true);

// Panel 2: every patient, to see the spread behind the medians.
var px = new List<double>();
var py = new List<double>();
foreach (var (dose, cohort, _) in cohorts)
    foreach (var record in cohort.Records)
        if (record.Outcome.NeutrophilEngraftmentDay is int day && !record.Outcome.NeverNeutropenic)   // never below 0.5: not applicable
        {
            // A fixed sideways jitter of up to ±8 % (the axis is logarithmic), so equal days do not hide each other.
            px.Add(dose / 1e6 * (1 + 0.08 * Math.Sin(record.Index * 2.399)));
            py.Add(day);
        }
var scatter = new Chart("Each patient's neutrophil engraftment", doseAxis, ChartAxis.Linear("Engraftment day", "days after infusion", 0, 30))
    .WithLegend(LegendPosition.Bottom)
    .AddPoints("One virtual patient (spread sideways)", px, py, null, null, connect: false);

new ChartGrid("CD34+ cell dose and engraftment after BEAM + ATG (autologous, no G-CSF)", columns: 2, [medians, scatter])
    .WithCaption($"Each dose: the same {patients} virtual patients (same seed: common random numbers). Median among patients who engrafted; bars: bootstrap 95% CI of the median.")
    .Save(options.File("dose-response.svg"));

static string Format(EngraftmentSummary? e) =>
    e?.MedianDay is double m ? $"day {m:0} [{e.Ci95?.Lower:0}–{e.Ci95?.Upper:0}]" : "not reached";
