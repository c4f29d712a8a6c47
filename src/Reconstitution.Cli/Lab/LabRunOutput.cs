using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Reconstitution.Cohorts;
using Reconstitution.Output;
using Reconstitution.Output.Charts;
using Reconstitution.Physiology;
using Reconstitution.Protocols;

namespace Reconstitution.Cli.Lab;

/// <summary>A file a run produced, kept in memory for download.</summary>
internal sealed record LabFile(string ContentType, byte[] Content);

/// <summary>
/// What a finished (or stopped) lab run produced: the same files as <c>reconstitution cohort</c> (and, for two arms,
/// <c>compare</c>) held in memory, and the page's view of them: summary tables, charts with text alternatives and
/// the comparison table. Immutable once built.
/// </summary>
internal sealed class LabRunOutput
{
    /// <summary>Patients whose daily readouts go to trajectory.csv, as in the command line's default.</summary>
    public const int TrajectoryPatients = CohortCommand.DefaultTrajectories;

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private static readonly int[] TableDays = [0, 7, 14, 21, 28, 60, 100, 180, 365, 730, 1095, 1460, 1825];
    private readonly Dictionary<string, LabFile> _files;

    private LabRunOutput(Dictionary<string, LabFile> files, JsonObject page)
    {
        _files = files;
        Page = page;
    }

    /// <summary>The page's view: <c>arms</c> (summary rows, charts, files) and, for a complete comparison, <c>comparison</c>.</summary>
    public JsonObject Page { get; }

    public IEnumerable<string> FileNames => _files.Keys;

    public bool TryGetFile(string name, out LabFile file) => _files.TryGetValue(name, out file!);

    /// <summary>Runs the arms one after the other (stopping at cancellation) and builds the output.</summary>
    /// <returns>The output (null when no patient finished) and whether the run was cut short.</returns>
    public static (LabRunOutput? Output, bool Cancelled) Compute(LabRun run)
    {
        var done = new List<ArmResult>();
        int before = 0;
        bool cancelled = false;
        foreach (var arm in run.Arms)
        {
            var builder = new CohortSummaryBuilder(arm.Specification);
            var patients = new StringWriter(Inv);
            var trajectory = new StringWriter(Inv);
            CohortRunResult result;
            using (var patientsCsv = new PatientsCsvWriter(patients))
            using (var trajectoryCsv = new TrajectoryCsvWriter(trajectory, TrajectoryPatients))
            {
                int offset = before;
                result = Cohort.Run(arm.Specification, [patientsCsv, trajectoryCsv, builder], new ProgressTo(n => run.ReportFinished(offset + n)), run.Token);
            }
            done.Add(new ArmResult(arm, builder, patients.ToString(), trajectory.ToString()));
            before += result.Finished;
            if (result.Cancelled)
            {
                cancelled = true;
                break;
            }
        }
        if (done.All(a => a.Builder.Count == 0)) return (null, cancelled);
        return (Build(done, complete: !cancelled), cancelled);
    }

    private static LabRunOutput Build(List<ArmResult> arms, bool complete)
    {
        var files = new Dictionary<string, LabFile>(StringComparer.Ordinal);
        var pageArms = new JsonArray();
        foreach (var a in arms) pageArms.Add(AddArm(files, a));
        var page = new JsonObject { ["arms"] = pageArms };
        if (arms.Count == 2 && complete) page["comparison"] = AddComparison(files, arms[0], arms[1]);
        page["files"] = new JsonArray([.. files.Keys.Select(k => (JsonNode)k)]);
        return new LabRunOutput(files, page);
    }

    private static JsonObject AddArm(Dictionary<string, LabFile> files, ArmResult a)
    {
        string p = a.Arm.Prefix;
        string name = a.Arm.Definition.Name;
        var spec = a.Arm.Specification;
        var builder = a.Builder;
        Text(files, p + "protocol.json", "application/json", ProtocolFile.Write(a.Arm.Definition));
        var arm = new JsonObject
        {
            ["label"] = a.Arm.Label,
            ["protocol"] = name,
            ["patients"] = builder.Count,
            ["requested"] = spec.Patients,
        };
        if (builder.Count == 0) return arm;
        var summary = builder.Build();
        Text(files, p + "patients.csv", "text/csv", a.PatientsCsv);
        Text(files, p + "trajectory.csv", "text/csv", a.TrajectoryCsv);
        Text(files, p + "bands.csv", "text/csv", BandsCsv.Format(builder.Bands));
        Text(files, p + "summary.json", "application/json", summary.ToJson());
        arm["rows"] = new JsonArray([.. SummaryTable.Rows(summary).Select(r => (JsonNode)new JsonArray(r.Item1, r.Item2))]);
        string who = string.Create(Inv, $"{builder.Count:N0} virtual patients, {name}");
        arm["charts"] = new JsonArray(
            AddChart(files, p + "bands.svg", CohortCharts.CohortBands(builder.Bands, $"Blood counts after {name}: {builder.Count:N0} virtual patients"),
                "Median and 5–95% band of the patients' blood counts by day, with the adult normal ranges.",
                BandsTable(builder.Bands, spec.Days, [(Measure.Anc, "ANC ×10⁹/L"), (Measure.Platelets, "Platelets ×10⁹/L"), (Measure.Hb, "Hb g/dL"), (Measure.Lymphocytes, "Lymphocytes ×10⁹/L")])),
            AddChart(files, p + "lymphocytes.svg", CohortCharts.CohortBands(builder.Bands, $"Lymphocyte recovery after {name}: {builder.Count:N0} virtual patients", lymphocytes: true),
                "Median and 5–95% band of CD4 and CD8 T cells, B cells and NK cells by day, with the adult normal ranges.",
                BandsTable(builder.Bands, spec.Days, [(Measure.Cd4, "CD4 cells/µL"), (Measure.Cd8, "CD8 cells/µL"), (Measure.B, "B cells/µL"), (Measure.Nk, "NK cells/µL")])),
            AddChart(files, p + "incidence.svg", CohortCharts.Incidence(builder.Records, spec.Days, $"Cumulative incidence — {who}"),
                "Cumulative incidence of neutrophil and platelet engraftment in the first 100 days, and of treatment-related death, relapse and GVHD over the whole horizon.",
                IncidenceTable(summary)));
        arm["files"] = new JsonArray([.. files.Keys.Where(k => k.StartsWith(p, StringComparison.Ordinal)).Select(k => (JsonNode)k)]);
        return arm;
    }

    private static JsonObject AddComparison(Dictionary<string, LabFile> files, ArmResult a, ArmResult b)
    {
        var sa = a.Builder.Build();
        var sb = b.Builder.Build();
        var c = CohortComparison.Compare(sa, a.Builder.Records, sb, b.Builder.Records);
        Text(files, "compare.json", "application/json", c.ToJson());
        string an = a.Arm.Definition.Name, bn = b.Arm.Definition.Name;
        var chart = CohortCharts.Comparison(an, a.Builder.Records, a.Builder.Bands, bn, b.Builder.Records, b.Builder.Bands,
            string.Create(Inv, $"{an} vs {bn}: {a.Builder.Count:N0} virtual patients each"));
        var rows = new JsonArray();
        foreach (var d in c.Differences) rows.Add(new JsonArray(EndpointLabel(d.Name), Value(d.First, d.Unit), Value(d.Second, d.Unit), Difference(d)));
        return new JsonObject
        {
            ["columns"] = new JsonArray("Endpoint", "A: " + an, "B: " + bn, "B − A (95% CI)"),
            ["rows"] = rows,
            ["tests"] = new JsonArray([.. c.LogRankTests.Select(t => (JsonNode)string.Create(Inv,
                $"Log-rank test, {EndpointLabel(t.Name)}: χ² = {t.Result.ChiSquare:0.00}, p = {t.Result.PValue:0.0000}"))]),
            ["chart"] = AddChart(files, "compare.svg", chart, "The two protocols on the same virtual patients: engraftment curves and median blood counts side by side.", null),
        };
    }

    private static JsonObject AddChart(Dictionary<string, LabFile> files, string file, ChartGrid chart, string description, JsonObject? table)
    {
        Text(files, file, "image/svg+xml", chart.ToSvg());
        var o = new JsonObject { ["file"] = file, ["title"] = chart.Title, ["alt"] = $"{chart.Title}. {description}" };
        if (table is not null) o["table"] = table;
        return o;
    }

    // The text alternative of a bands chart: median (5–95 %) at fixed days.
    private static JsonObject BandsTable(TrajectoryBands bands, int days, (Measure Measure, string Label)[] measures)
    {
        var rows = new JsonArray();
        foreach (int day in TableDays.Where(d => d >= bands.FirstDay && d <= Math.Min(days, bands.LastDay)))
        {
            var row = new JsonArray(day.ToString(Inv));
            foreach (var (m, _) in measures)
            {
                double mid = bands.Quantile(m, day, 0.5);
                row.Add(double.IsNaN(mid) ? "n/a" : $"{Num(mid)} ({Num(bands.Quantile(m, day, 0.05))}–{Num(bands.Quantile(m, day, 0.95))})");
            }
            rows.Add(row);
        }
        return new JsonObject
        {
            ["caption"] = "Median (5th–95th percentile) of the patients alive that day",
            ["columns"] = new JsonArray(["Day", .. measures.Select(m => (JsonNode)m.Label)]),
            ["rows"] = rows,
        };
    }

    private static JsonObject IncidenceTable(CohortSummary s)
    {
        static string Points(IReadOnlyList<TimepointEstimate> points) =>
            points.Count == 0 ? "n/a" : string.Join(", ", points.Select(p => $"day {p.Day.ToString(Inv)}: {SummaryTable.Pct(p.Value)}"));
        var rows = new JsonArray
        {
            new JsonArray("Neutrophil engraftment", s.NeutrophilEngraftment is { } n ? Points(n.CumulativeIncidence) : "no graft"),
            new JsonArray("Platelet engraftment", s.PlateletEngraftment is { } pl ? Points(pl.CumulativeIncidence) : "no graft"),
            new JsonArray("Treatment-related death", Points(s.TreatmentRelatedMortality)),
            new JsonArray("Relapse", s.Relapse.Count == 0 ? "no disease" : Points(s.Relapse)),
            new JsonArray("Acute GVHD II–IV", Points(s.AcuteGvhd)),
            new JsonArray("Chronic GVHD", Points(s.ChronicGvhd)),
        };
        return new JsonObject { ["caption"] = "Cumulative incidence at fixed days", ["columns"] = new JsonArray("Endpoint", "Cumulative incidence"), ["rows"] = rows };
    }

    // compare.json's endpoint names in words; a name not listed here is shown as it is.
    private static string EndpointLabel(string name) => name switch
    {
        "neutrophilEngraftmentMedianDay" => "Neutrophil engraftment, median day",
        "plateletEngraftmentMedianDay" => "Platelet engraftment, median day",
        "neutrophilEngraftmentByDay28" => "Neutrophils engrafted by day 28",
        "graftFailure" => "Primary graft failure",
        "treatmentRelatedMortalityDay100" => "Treatment-related death by day 100",
        "relapseYear1" => "Relapse by year 1",
        "eventFreeSurvivalYear1" => "Event-free survival at year 1",
        "overallSurvivalYear1" => "Overall survival at year 1",
        "neutrophilEngraftment" => "neutrophil engraftment",
        "overallSurvival" => "overall survival",
        "eventFreeSurvival" => "event-free survival",
        "relapse" => "relapse",
        _ => name,
    };

    private static string Value(double? v, string unit) => v is not { } x ? "n/a" : unit == "days" ? x.ToString("0.#", Inv) : SummaryTable.Pct(x);

    private static string Difference(EndpointDifference d)
    {
        if (d.Difference is not { } x) return "n/a";
        bool days = d.Unit == "days";
        string F(double v, string format) => days ? v.ToString(format, Inv) : (100 * v).ToString(format, Inv);
        string text = days ? F(x, "+0.#;−0.#;0") + " days" : F(x, "+0.0;−0.0;0.0") + " points";
        return d.Ci95 is { } ci ? $"{text} ({F(ci.Lower, "0.#")} to {F(ci.Upper, "0.#")})" : text;
    }

    // Medians across decades (ANC 0.002 to CD4 800) with two or three significant digits.
    private static string Num(double v) => v switch
    {
        double.NaN => "n/a",
        < 0.1 => v.ToString("0.###", Inv),
        < 10 => v.ToString("0.##", Inv),
        < 100 => v.ToString("0.#", Inv),
        _ => v.ToString("0", Inv),
    };

    private static void Text(Dictionary<string, LabFile> files, string name, string contentType, string content) =>
        files[name] = new LabFile(contentType + "; charset=utf-8", Encoding.UTF8.GetBytes(content));

    private sealed record ArmResult(LabArm Arm, CohortSummaryBuilder Builder, string PatientsCsv, string TrajectoryCsv);

    private sealed class ProgressTo(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
