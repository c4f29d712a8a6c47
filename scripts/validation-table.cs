// Re-runs the validation table of docs/validation.md from docs/validation-runs.json and prints it as markdown.
// A .NET 10 file-based app; run it from the repository root:
//
//   dotnet run -c Release scripts/validation-table.cs                          every run at its full size (≈ 10 min on 2 cores)
//   dotnet run -c Release scripts/validation-table.cs -- --quick               every run with 5 % of its patients (smoke test, < 1 min)
//   dotnet run -c Release scripts/validation-table.cs -- --runs FILE --out FILE --scale 0.2
//
// Each run is a cohort (protocol, disease, seed, patients, days) on the default covariates, as
// `reconstitution cohort` makes it; each row reads one endpoint of that run's summary.json (a dotted path),
// compares it with the published value and prints the model figure, its 95 % CI, the tolerance and the verdict.
// Exit code 0 when the table was made (misses are results, not errors), 2 on bad input.
#:project ../src/Reconstitution/Reconstitution.csproj
#:property PublishAot=false

using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Reconstitution.Cohorts;
using Reconstitution.Output;
using Reconstitution.Protocols;

var inv = CultureInfo.InvariantCulture;
string runsPath = "docs/validation-runs.json", outPath = "";
double scale = 1;
for (int i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : Fail<string>($"option '{args[i]}' needs a value");
    switch (args[i])
    {
        case "--quick": scale = 0.05; break;
        case "--scale":
            string s = Next();
            if (!double.TryParse(s, NumberStyles.Float, inv, out scale) || !(scale > 0 && scale <= 10))
                Fail<string>($"--scale was '{s}'; allowed: a number in (0, 10]");
            break;
        case "--runs": runsPath = Next(); break;
        case "--out": outPath = Next(); break;
        default: Fail<string>($"unknown option '{args[i]}'; allowed: --quick, --scale F, --runs FILE, --out FILE"); break;
    }
}
if (!File.Exists(runsPath)) Fail<string>($"runs file '{runsPath}' not found (run from the repository root or give --runs)");

JsonNode root;
try
{
    root = JsonNode.Parse(File.ReadAllText(runsPath), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })
        ?? throw new JsonException("empty document");
}
catch (JsonException e) { return Fail<int>($"{runsPath}: {e.Message}"); }

// Run every cohort once; rows share runs.
var summaries = new Dictionary<string, (JsonNode Summary, string Setting)>();
foreach (var (name, run) in root["runs"]!.AsObject())
{
    string protocolName = Text(run, "protocol", name), diseaseName = Text(run, "disease", name);
    if (!DiseaseNames.TryParse(diseaseName, out var disease)) Fail<string>($"run '{name}': disease '{diseaseName}'; allowed: {string.Join(", ", DiseaseNames.All)}");
    int patients = Math.Max(20, (int)Math.Round(Number(run, "patients", name) * scale));
    int days = (int)Number(run, "days", name);
    var seed = (ulong)Number(run, "seed", name);
    var spec = new CohortSpecification(BuiltInProtocols.Resolve(protocolName))
    {
        Patients = patients, Days = days, Seed = seed, Covariates = CovariateDistribution.Default with { Disease = disease },
    };
    Console.Error.WriteLine($"run {name}: {protocolName}, {diseaseName}, seed {seed}, {patients} patients × {days} days");
    var builder = new CohortSummaryBuilder(spec);
    Cohort.Run(spec, [builder]);
    summaries[name] = (JsonNode.Parse(builder.Build().ToJson())!, $"`{Path.GetFileNameWithoutExtension(protocolName)}`, {diseaseName} ({seed}, {patients}, {days})");
}

var md = new StringBuilder();
md.AppendLine("| # | published result (source) | model setting (seed, patients, days): endpoint | model figure (95 % CI) | tolerance | verdict |");
md.AppendLine("|---|---|---|---|---|---|");
foreach (var row in root["rows"]!.AsArray())
{
    string id = Text(row, "row", "rows[]"), result = Text(row, "result", id), rule = Text(row, "tolerance", id);
    string? runName = row!["run"]?.GetValue<string>();
    if (rule == "none" || runName is null)
    {
        md.AppendLine($"| {id} | {result} | — | {row["note"]?.GetValue<string>() ?? "not addressable"} | — | open |");
        continue;
    }
    if (!summaries.TryGetValue(runName, out var run)) Fail<string>($"row {id}: run '{runName}' is not in \"runs\"");
    string endpoint = Text(row, "endpoint", id), label = Text(row, "label", id);
    double published = Number(row, "published", id);
    int m = (int)Number(row, "trialPatients", id);
    JsonNode? node = run.Summary;
    foreach (string part in endpoint.Split('.')) node = node?[part];
    string setting = $"{run.Setting}: {label}";
    if (node is null)
    {
        md.AppendLine($"| {id} | {result} | {setting} | not simulated (`{endpoint}` is null) | — | open |");
        continue;
    }
    double model = node.GetValue<double>();
    if (rule == "days")
    {
        double band = Number(row, "toleranceDays", id);
        var parent = Parent(run.Summary, endpoint);
        string ci = parent?["ci95"] is JsonArray a && a.Count == 2 && a[0] is not null && a[1] is not null
            ? $" ({a[0]!.GetValue<double>().ToString("0.#", inv)}–{a[1]!.GetValue<double>().ToString("0.#", inv)})" : "";
        bool ok = Math.Abs(model - published) <= band;
        md.AppendLine(string.Create(inv, $"| {id} | {result} | {setting} | day {model:0.#}{ci} | ±{band:0} days | {(ok ? "✓" : $"✗ ({model - published:+0.#;−0.#} days)")} |"));
    }
    else if (rule == "proportion")
    {
        int n = run.Summary["patients"]!.GetValue<int>();
        double pm = Math.Max(model * (1 - model), 1.0 / n), pt = Math.Max(published * (1 - published), 1.0 / m);
        double se = Math.Sqrt(pm / n + pt / m), half = 1.96 * Math.Sqrt(model * (1 - model) / n);
        double z = (model - published) / se;
        bool ok = Math.Abs(z) <= 3;
        md.AppendLine(string.Create(inv,
            $"| {id} | {result} | {setting} | {100 * model:0.0} % ({100 * Math.Max(0, model - half):0.0}–{100 * Math.Min(1, model + half):0.0}) | ±{300 * se:0.0} points | {(ok ? "✓" : "✗")} (z = {z:0.0}) |"));
    }
    else Fail<string>($"row {id}: tolerance '{rule}'; allowed: days, proportion, none");
}
md.AppendLine();
md.AppendLine(string.Create(inv, $"Made by `dotnet run -c Release scripts/validation-table.cs{(scale == 1 ? "" : $" -- --scale {scale}")}` from `{runsPath}` (patients × {scale})."));
if (outPath.Length > 0) File.WriteAllText(outPath, md.ToString());
Console.Write(md.ToString());
return 0;

static JsonNode? Parent(JsonNode root, string path)
{
    JsonNode? node = root;
    var parts = path.Split('.');
    for (int i = 0; i < parts.Length - 1; i++) node = node?[parts[i]];
    return node;
}

static string Text(JsonNode? node, string field, string where) =>
    node?[field] is JsonValue v && v.TryGetValue(out string? s) && !string.IsNullOrWhiteSpace(s) ? s : Fail<string>($"'{where}': field '{field}' must be a non-empty string");

static double Number(JsonNode? node, string field, string where) =>
    node?[field] is JsonValue v && v.TryGetValue(out double d) && double.IsFinite(d) && d >= 0 ? d : Fail<double>($"'{where}': field '{field}' must be a number ≥ 0");

static T Fail<T>(string message)
{
    Console.Error.WriteLine("validation-table: " + message);
    Environment.Exit(2);
    return default!;
}
