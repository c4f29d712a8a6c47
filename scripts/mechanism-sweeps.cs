// Sweeps the key parameter of each mechanism added in issue 14 over its plausible range and prints one markdown table per
// mechanism: how the endpoint the mechanism exists for moves with the parameter. A .NET 10 file-based app; from the
// repository root:
//
//   dotnet run -c Release scripts/mechanism-sweeps.cs                 200 patients per point (≈ 5 min on 2 cores)
//   dotnet run -c Release scripts/mechanism-sweeps.cs -- --patients 40 a smoke test
//
// Every point is a cohort on the default covariates with the same seed (common random numbers), so neighbouring points
// differ by the parameter, not by chance alone. The figures are recorded in docs/protocols.md § Calibration (mechanism sweeps).
#:project ../src/Reconstitution/Reconstitution.csproj
#:property PublishAot=false

using System.Globalization;
using Reconstitution.Cohorts;
using Reconstitution.Outcomes;
using Reconstitution.Physiology;
using Reconstitution.Protocols;
using Reconstitution.Sensitivity;

var inv = CultureInfo.InvariantCulture;
int patients = 200;
if (args.Length == 2 && args[0] == "--patients" && int.TryParse(args[1], inv, out int p) && p is >= 10 and <= 100_000) patients = p;
else if (args.Length != 0) { Console.Error.WriteLine("usage: mechanism-sweeps.cs [--patients N] (N in 10…100000)"); return 2; }

static string Pct(double? v) => v is { } x ? (100 * x).ToString("0.0", CultureInfo.InvariantCulture) + " %" : "—";
static double? Year1(IReadOnlyList<TimepointEstimate> points) => points.FirstOrDefault(t => t.Label == "year1")?.Value;

CohortSummary Run(string protocol, AutoimmuneDisease disease, int days, Func<CohortSpecification, CohortSpecification> change)
{
    var spec = change(new CohortSpecification(BuiltInProtocols.Get(protocol))
    {
        Patients = patients, Days = days, Seed = 14, Threads = Environment.ProcessorCount,
        Covariates = CovariateDistribution.Default with { Disease = disease },
    });
    var builder = new CohortSummaryBuilder(spec);
    Cohort.Run(spec, [builder]);
    return builder.Build();
}

void Table(string title, string parameter, string endpoint, IEnumerable<(double Value, CohortSummary Summary)> points, Func<CohortSummary, string> read)
{
    Console.WriteLine($"**{title}** — `{parameter}` ({patients} patients per point): {endpoint}\n");
    var list = points.ToList();
    Console.WriteLine("| " + parameter + " | " + string.Join(" | ", list.Select(x => x.Value.ToString("G4", inv))) + " |");
    Console.WriteLine("|---|" + string.Concat(list.Select(_ => "---|")));
    Console.WriteLine("| " + endpoint + " | " + string.Join(" | ", list.Select(x => read(x.Summary))) + " |\n");
}

double[] Span(ModelParameter m) =>
    [m.PlausibleMinimum, (m.PlausibleMinimum + m.Default) / 2, m.Default, (m.Default + m.PlausibleMaximum) / 2, m.PlausibleMaximum];

// 1. Host-versus-graft resistance: single-cord graft failure (cord blood's failure day 42, so 100 days).
var hvg = ParameterCatalogue.Find("alloimmunity.hostVersusGraftMaxPerDay")!;
Table("Host-versus-graft resistance", hvg.Name, "`cord-single-mac` primary graft failure (rejection / poor function)",
    Span(hvg).Select(v => (v, Run("cord-single-mac", AutoimmuneDisease.None, 100, s => hvg.Apply(s, v)))),
    s => $"{Pct(s.GraftFailure)} ({Pct(s.GraftFailureByRejection)} / {Pct(s.GraftFailureByPoorFunction)})");

// 2. Organ toxicity: the heart's reference hazard at cyclophosphamide 200 mg/kg, systemic sclerosis vs MS, treatment-related
// mortality at one year.
var heart = OrganToxicityParameters.Default.Hazard(Organ.Heart);
double[] heartValues = [0.003, 0.006, 0.01, 0.03, 0.085];
foreach (var disease in new[] { AutoimmuneDisease.SystemicSclerosis, AutoimmuneDisease.MultipleSclerosis })
{
    Table($"Cardiac toxicity of cyclophosphamide ({disease})", "heart ReferenceCumulativeHazard", "`auto-cy-atg` treatment-related mortality at 1 year",
        heartValues.Select(v => (v, Run("auto-cy-atg", disease, 365, s => s with
        {
            Simulation = s.Simulation with { OrganToxicity = OrganToxicityParameters.Default.With(Organ.Heart, heart with { ReferenceCumulativeHazard = v }) },
        }))),
        s => Pct(Year1(s.TreatmentRelatedMortality)));
}

// 3. Long-lived plasma cells: share of the autoantibody they make, SLE, continuous response to the end of five years.
var share = ParameterCatalogue.Find("autoimmunity.longLivedAntibodyShare")!;
Table("Long-lived plasma cells (SLE)", share.Name, "`auto-cy-atg` continuous response at 5 years",
    Span(share).Select(v => (v, Run("auto-cy-atg", AutoimmuneDisease.SystemicLupusErythematosus, 1826, s => share.Apply(s, v)))),
    s => Pct(s.Response?.ContinuousResponseFraction));
return 0;
