// Walkthrough 3 — a parameter sweep. A .NET 10 file-based app:
//
//   dotnet run samples/walkthroughs/sweep.cs                 (5 doses × 100 patients, 100 days)
//   dotnet run samples/walkthroughs/sweep.cs -- --quick      (3 doses × 15 patients, 40 days)
//   dotnet run samples/walkthroughs/sweep.cs -- --out DIR    (default ./out/walkthrough-sweep)
#:project ../../src/Reconstitution/Reconstitution.csproj
#:property PublishAot=false

using Reconstitution.Cohorts;
using Reconstitution.Output;
using Reconstitution.Protocols;

bool quick = args.Contains("--quick");
string outDir = args.SkipWhile(a => a != "--out").Skip(1).FirstOrDefault() ?? Path.Combine("out", "walkthrough-sweep");
Directory.CreateDirectory(outDir);

// Step 1. What can be swept: each SweepParameter knows its unit, range and how to change a cohort.
foreach (var p in SweepParameter.All)
    Console.WriteLine($"  {p.Name,-28} {p.Label} ({p.Unit}), {p.Minimum:G3} … {p.Maximum:G3}");

// Step 2. A base cohort and an axis: the graft's CD34+ dose, log-spaced. Every point reuses the seed, so the points
// differ only by the dose (common random numbers: differences between points are not noise between cohorts).
var baseCohort = new CohortSpecification(BuiltInProtocols.Get("allo-pbsc-mac"))
{
    Patients = quick ? 15 : 100,
    Days = quick ? 40 : 100,
    Seed = 11,
};
SweepParameter dose = SweepParameter.Find("cd34PerKg")!;
double[] values = quick ? [1e6, 3e6, 10e6] : [1e6, 2e6, 4e6, 7e6, 10e6];
var axis = new SweepAxis(dose, values);

// Step 3. Run: one cohort per value. (ParameterSweep.Grid builds the grid of several axes; Run takes a list of axes.)
var (points, cancelled) = ParameterSweep.Run(baseCohort, [axis]);

// Step 4. Read the points.
Console.WriteLine($"\n{baseCohort.Protocol.Name}, {baseCohort.Patients} patients per point");
foreach (var point in points)
{
    var n = point.Summary.NeutrophilEngraftment;
    Console.WriteLine($"  CD34+ {point.Values[0] / 1e6,5:0.0}×10⁶/kg: neutrophils median day {n?.MedianDay} [{n?.Ci95?.Lower}–{n?.Ci95?.Upper}], " +
                      $"graft failure {100 * (point.Summary.GraftFailure ?? 0):0}%, acute GVHD by day 100 {Percent(CohortSummary.ValueAt(point.Summary.AcuteGvhd, "day100"))}");
}

// Step 5. The standard dose–response figure, x in display units (×10⁶/kg).
CohortCharts.DoseResponse(dose.Label, dose.DisplayUnit, [.. points.Select(p => p.Values[0] / dose.DisplayScale)], [.. points.Select(p => p.Summary)],
        logX: dose.LogScale, $"CD34+ dose after {baseCohort.Protocol.Name}")
    .Save(Path.Combine(outDir, "dose-response.svg"));
Console.WriteLine($"\nWritten to {Path.GetFullPath(outDir)}: dose-response.svg");

static string Percent(double? v) => v is double x ? $"{100 * x:0}%" : "n/a (horizon too short)";
