// Sample 10 — which parameter decides cord-blood engraftment?
// A Morris screen of seven model parameters (graft dose, homing, stem- and progenitor-cell kinetics, rejection and
// GVHD hazards) for a single cord-blood transplant: each design point is a virtual cohort on the same seed.
//
//   dotnet run --project samples/10-sensitivity             (8 trajectories × 80 patients, 60 days: 72 cohorts)
//   dotnet run --project samples/10-sensitivity -- --quick  (2 trajectories × 8 patients, 45 days: 24 cohorts)

using Reconstitution.Cohorts;
using Reconstitution.Protocols;
using Reconstitution.Sensitivity;

var options = SampleArgs.Parse(args, "10-sensitivity");
int patients = options.PatientsOr(normal: 80, quick: 8);
int days = options.DaysOr(normal: 60, quick: 45);
int trajectories = options.Quick ? 2 : 8;

// The parameters and their ranges. Names come from 'reconstitution sensitivity --list' (ParameterCatalogue.All);
// a parameter without a distribution takes its catalogue range (UncertainParameter.OverPlausibleRange).
UncertainParameter Over(string name, ParameterDistribution? distribution = null)
{
    var p = ParameterCatalogue.Find(name)!;
    return distribution is null ? UncertainParameter.OverPlausibleRange(p) : new UncertainParameter(p, distribution);
}
var space = new ParameterSpace(
[
    Over("cd34PerKg", ParameterDistribution.LogUniform(1e5, 1e6)),  // a cord unit: 10⁵–10⁶ CD34+/kg
    Over("homingEfficiency"),                                     // assumption, 0.1–1
    Over("stemCells.mppDivisionRatePerDay"),                      // assumption, 0.2–0.5 per day
    Over("granulopoiesis.progenitor.divisionRatePerDay"),         // assumption, half to twice 1.5 per day
    Over("alloimmunity.hostVersusGraftMaxPerDay"),                // host NK/T-cell resistance (host-versus-graft)
    Over("alloimmunity.donorSpecificAntibodyKillPerDay"),         // donor-specific antibodies
    Over("risks.acuteGvhdMaxPerDay"),                             // a control: GVHD starts after engraftment
]);

var baseline = new CohortSpecification(BuiltInProtocols.Get("cord-single-mac")) { Patients = patients, Days = days, Seed = options.Seed };
var design = SensitivityDesign.Morris(space.Parameters.Count, trajectories, options.Seed);
SensitivityEndpoint[] endpoints = [SensitivityEndpoint.Find("neutrophilEngraftmentDay")!, SensitivityEndpoint.Find("graftFailure")!];
var study = new SensitivityStudy(baseline, space, design, endpoints, noiseReplicates: 4);

Console.WriteLine($"Morris screen: {study.PointCount} cohorts ({design.Count} design points + {study.PointCount - design.Count} noise replicates) × {patients} patients, {days} days");
var result = study.Run()!;

foreach (var e in result.Endpoints)
{
    Console.WriteLine($"\n{e.Endpoint}: mean {e.Mean:0.###} {e.Unit}; simulation noise is {e.NoiseShare:P0} of its variance over the design");
    Console.WriteLine($"  {"parameter",-46} {"μ*",8} {"95% CI",18} {"σ",8} {"noise share",12}");
    foreach (var i in result.Indices.Where(i => i.Endpoint == e.Endpoint && i.Index == "muStar").OrderByDescending(i => i.Value))
    {
        double sigma = result.Get(e.Endpoint, i.Parameter, "sigma").Value;
        Console.WriteLine($"  {i.Parameter,-46} {i.Value,8:0.###} {$"{i.CiLower:0.###}–{i.CiUpper:0.###}",18} {sigma,8:0.###} {i.NoiseShare,12:P0}");
    }
}

File.WriteAllText(options.File("sensitivity.svg"), result.ToSvg());
File.WriteAllText(options.File("sensitivity.csv"), result.ToCsv());
