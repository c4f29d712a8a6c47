// Sample 07 — a protocol file edited by the student, in JSON (no C# needed).
// Edit samples/07-protocol-file-json/my-protocol.json, then run
//
//   dotnet run --project samples/07-protocol-file-json                          (200 MS patients per protocol, 1 year)
//   dotnet run --project samples/07-protocol-file-json -- --quick               (15 patients, 100 days)
//   dotnet run --project samples/07-protocol-file-json -- --protocol other.json --reference auto-beam-atg-cd34
//
// The same file runs with the command-line tool too:
//   dotnet run -c Release --project src/Reconstitution.Cli -- compare auto-cy-atg samples/07-protocol-file-json/my-protocol.json

using System.Reflection;
using Reconstitution.Analysis;
using Reconstitution.Cohorts;
using Reconstitution.Outcomes;
using Reconstitution.Output;
using Reconstitution.Output.Charts;
using Reconstitution.Protocols;

var options = SampleArgs.Parse(args, "07-protocol-file-json", "--protocol", "--reference");
int patients = options.PatientsOr(normal: 200, quick: 15);
int days = options.DaysOr(normal: 365, quick: 100);
string file = options.Extra.GetValueOrDefault("--protocol") ?? DefaultProtocolFile();
string referenceName = options.Extra.GetValueOrDefault("--reference") ?? "auto-cy-atg";

// Read the student's file. Every mistake comes back as one message naming the file, line, column and field.
DefinedProtocol mine;
try
{
    mine = new DefinedProtocol(ProtocolFile.Read(file));
}
catch (Exception e) when (e is ProtocolFileException or IOException)
{
    Console.Error.WriteLine($"Your protocol file has a problem:\n  {e.Message}");
    return 1;
}
DefinedProtocol reference = BuiltInProtocols.Get(referenceName);
Console.WriteLine($"Yours:     {mine.Name}: {mine.Description}\n  (from {Path.GetFullPath(file)})");
Console.WriteLine($"Reference: {reference.Name}: {reference.Description}\n");

// The same virtual patients (same seed and covariates: adults with multiple sclerosis) under both protocols.
(CohortSummaryBuilder Cohort, CohortSummary Summary) Run(IProtocol protocol)
{
    var spec = new CohortSpecification(protocol) { Patients = patients, Days = days, Seed = options.Seed };
    var builder = new CohortSummaryBuilder(spec);
    Cohort.Run(spec, [builder]);
    return (builder, builder.Build());
}
var (myCohort, my) = Run(mine);
var (refCohort, re) = Run(reference);

Console.WriteLine($"{patients} patients per protocol, {days} days");
Console.WriteLine($"{"",-44} {mine.Name,22} {reference.Name,22}");
void Row(string label, Func<CohortSummary, string> value) => Console.WriteLine($"{label,-44} {value(my),22} {value(re),22}");
Row("neutrophil engraftment, median day [95% CI]", s => Engraftment(s.NeutrophilEngraftment));
Row("platelet engraftment, median day [95% CI]", s => Engraftment(s.PlateletEngraftment));
Row("red-cell units / platelet doses (mean)", s => $"{s.Transfusions.RedCellUnitsMean:0.0} / {s.Transfusions.PlateletUnitsMean:0.0}");
Row("infections per patient (mean)", s => $"{s.InfectionsMean:0.00}");
Row("autoreactive clone eradicated", s => s.AutoreactiveEradication is double e ? $"{100 * e:0}%" : "-");
Row("relapse by the end (cumulative incidence)", s => s.Relapse.LastOrDefault(p => p.Value is not null)?.Value is double r ? $"{100 * r:0}%" : "-");

// The library's standard figures (the same the command-line tool writes).
CohortCharts.Comparison(mine.Name, myCohort.Records, myCohort.Bands, reference.Name, refCohort.Records, refCohort.Bands,
        $"Your protocol ({mine.Name}) against {reference.Name}")
    .Save(options.File("comparison.svg"));
CohortCharts.CohortBands(myCohort.Bands, $"Blood counts in the cohort: {mine.Name}")
    .Save(options.File("blood-counts.svg"));

// Relapse (the disease coming back) for both, with death without relapse competing.
var myRelapse = CumulativeIncidenceCurve.Estimate([.. myCohort.Records.Select(r => RelapseObservation(r.Outcome))]);
var refRelapse = CumulativeIncidenceCurve.Estimate([.. refCohort.Records.Select(r => RelapseObservation(r.Outcome))]);
double highest = 100 * Math.Max(myRelapse.IncidenceAt(days), refRelapse.IncidenceAt(days));   // the y axis ends just above it (at least 10 %)
var relapse = new Chart("Relapse of multiple sclerosis", ChartAxis.DaysAfterInfusion(0, days), ChartAxis.CumulativeIncidencePercent(highest))
    .WithSubtitle($"{patients} virtual patients per protocol, the same patients in both")
    .AddCumulativeIncidence(mine.Name, myRelapse, days)
    .AddCumulativeIncidence(reference.Name, refRelapse, days)
    .WithCaption("Share of the patients who have relapsed by each day; a patient who dies first can no longer relapse (Aalen–Johansen estimate). Relapse: disease activity back at 2/3 of the patient's own pre-treatment level (docs/model.md §7.1). A line along 0: nobody relapsed.");
relapse.Save(options.File("relapse.svg"));
return 0;

// Cause 1 = relapse, 2 = death without relapse first (competing), 0 = neither by the end (censored).
static SurvivalObservation RelapseObservation(PatientOutcome o)
{
    if (o.RelapseDay is int r && (o.DeathDay is not int died || r < died)) return new(r, 1);
    if (o.DeathDay is int death) return new(death, 2);
    return new(Math.Max(o.LastDay, 0), 0);
}

// The file in the sample's source folder (the build records where that is), so an edit counts without rebuilding;
// else the copy next to the program.
static string DefaultProtocolFile()
{
    string? folder = typeof(SampleArgs).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .FirstOrDefault(a => a.Key == "ProjectDirectory")?.Value;
    string source = Path.Combine(folder ?? "", "my-protocol.json");
    return folder is not null && File.Exists(source) ? source : Path.Combine(AppContext.BaseDirectory, "my-protocol.json");
}

static string Engraftment(EngraftmentSummary? e) =>
    e?.MedianDay is double m ? $"day {m:0} [{e.Ci95?.Lower:0}–{e.Ci95?.Upper:0}]" : "not reached";
