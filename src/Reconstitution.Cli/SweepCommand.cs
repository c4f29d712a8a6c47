using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Reconstitution.Cohorts;
using Reconstitution.Output;

namespace Reconstitution.Cli;

/// <summary><c>reconstitution sweep --protocol P --vary NAME=VALUES [--vary …]</c>: one cohort per grid point.</summary>
internal static class SweepCommand
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static Command Build(CliApp app)
    {
        var common = new CommonOptions();
        var vary = new Option<string[]>("--vary")
        {
            Description = "A parameter and its values: NAME=V1,V2,… or NAME=FROM:TO:COUNT (evenly spaced) or NAME=FROM:TO:COUNT:log (log-spaced). " +
                          "Repeat for a grid. Names: " + string.Join(", ", SweepParameter.All.Select(p => $"{p.Name} ({p.Unit})")) + ".",
            HelpName = "NAME=VALUES",
            Arity = ArgumentArity.OneOrMore,
        };
        var cmd = new Command("sweep", "Run one cohort per point of a parameter grid (e.g. CD34+ dose from 1 to 10 ×10⁶/kg); write sweep.csv, sweep.json and dose-response.svg.");
        common.AddTo(cmd);
        cmd.Options.Add(vary);
        cmd.SetAction(pr =>
        {
            var axes = (pr.GetValue(vary) ?? []).Select(ParseAxis).ToList();
            if (axes.Count == 0)
                throw new UsageException("--vary is required; use NAME=V1,V2,… e.g. --vary cd34PerKg=1e6,2e6,5e6,10e6. Names: " + string.Join(", ", SweepParameter.All.Select(p => p.Name)) + ".");
            if (axes.Select(a => a.Parameter.Name).Distinct().Count() != axes.Count)
                throw new UsageException("--vary: each parameter may be varied once.");
            var spec = common.Specification(pr);
            bool quiet = pr.GetValue(common.Quiet);
            var grid = ParameterSweep.Grid(axes);
            if ((long)grid.Count * spec.Patients > 100_000_000)
                throw new UsageException($"--vary: the grid has {grid.Count} points × {spec.Patients} patients; allowed: at most 100000000 patients in all.");
            // Check every value against the protocol before simulating anything.
            foreach (var point in grid)
            {
                var s = spec;
                for (int a = 0; a < axes.Count; a++)
                {
                    try { s = axes[a].Parameter.Apply(s, point[a]); }
                    catch (InvalidOperationException ex) { throw new UsageException("--vary: " + ex.Message); }
                }
            }
            using var folder = RunFolder.Open(app, pr.GetValue(common.Out), "sweep");
            string dir = folder.Dir;
            string label = string.Create(Inv, $"{spec.Protocol.Name}: {grid.Count} points × {spec.Patients:N0} patients");
            var (points, cancelled) = ConsoleProgress.Run(!quiet && app.Interactive, label, grid.Count * spec.Patients,
                progress => ParameterSweep.Run(spec, axes, progress, app.Cancellation));
            if (points.Count > 0)
            {
                folder.WriteText("sweep.csv", SweepCsv.Format(axes, points));
                folder.WriteText("sweep.json", Json(axes, points));
                var first = axes[0].Parameter;
                if (axes.Count == 1)
                {
                    folder.WriteText("dose-response.svg", CohortCharts.DoseResponse(first.Label, first.DisplayUnit, [.. points.Select(p => p.Values[0] / first.DisplayScale)], [.. points.Select(p => p.Summary)],
                        first.LogScale, $"{spec.Protocol.Name}: outcomes by {first.Label}").ToSvg());
                }
                if (pr.GetValue(common.Json)) app.Out.Write(Json(axes, points));
                else if (!quiet) PrintTable(app, axes, points, dir);
            }
            folder.Finish(cancelled);
            if (cancelled)
            {
                app.Err.WriteLine($"reconstitution: cancelled; {points.Count} of {grid.Count} grid points finished; the files in '{dir}' hold the finished points.");
                return ExitCodes.Cancelled;
            }
            return ExitCodes.Success;
        });
        return cmd;
    }

    internal static SweepAxis ParseAxis(string text)
    {
        string usage = "use NAME=V1,V2,… or NAME=FROM:TO:COUNT[:log], e.g. cd34PerKg=1e6:10e6:5:log";
        int eq = text.IndexOf('=');
        if (eq <= 0) throw new UsageException($"--vary: '{text}' is not allowed; {usage}.");
        string name = text[..eq].Trim();
        var p = SweepParameter.Find(name)
            ?? throw new UsageException($"--vary: '{name}' is not a sweep parameter; use one of: {string.Join(", ", SweepParameter.All.Select(x => x.Name))}.");
        string spec = text[(eq + 1)..].Trim();
        var values = new List<double>();
        string range = $"from {p.Minimum.ToString(Inv)} to {p.Maximum.ToString(Inv)} {p.Unit}";
        string kind = p.IsWholeNumber ? "whole numbers" : "numbers";
        double Parse(string s) => double.TryParse(s.Trim(), NumberStyles.Float, Inv, out double v) && v >= p.Minimum && v <= p.Maximum && (!p.IsWholeNumber || v == Math.Floor(v))
            ? v : throw new UsageException($"--vary: {p.Name} value '{s.Trim()}' is not allowed; use {kind} {range}.");
        if (spec.Contains(':'))
        {
            var parts = spec.Split(':');
            bool log = parts.Length == 4 && string.Equals(parts[3], "log", StringComparison.OrdinalIgnoreCase);
            if (parts.Length is not (3 or 4) || (parts.Length == 4 && !log)) throw new UsageException($"--vary: '{text}' is not allowed; {usage}.");
            double from = Parse(parts[0]), to = Parse(parts[1]);
            int count = ArgumentParsing.Int(parts[2], "--vary COUNT", 1, 1000, 1);
            if (log && (from <= 0 || to <= 0)) throw new UsageException($"--vary: a log-spaced range needs positive ends; '{text}' is not allowed.");
            for (int i = 0; i < count; i++)
            {
                double f = count == 1 ? 0 : i / (double)(count - 1);
                double v = log ? from * Math.Pow(to / from, f) : from + (to - from) * f;
                // Twelve significant digits (1e6 + 2.9999999999e6 → 4e6); a value of 0 stays 0.
                if (v != 0) v = Math.Round(v, Math.Clamp(12 - (int)Math.Floor(Math.Log10(Math.Abs(v))), 0, 15));
                // Never rounded to fit: the value swept is the value in the labels.
                if (p.IsWholeNumber && v != Math.Floor(v))
                    throw new UsageException(string.Create(Inv, $"--vary: {p.Name} takes whole numbers, but '{text}' gives {v:0.###}; choose FROM, TO and COUNT so that the steps are whole (e.g. {p.Name}=0:10:6), or list the values."));
                values.Add(v);
            }
        }
        else values.AddRange(spec.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Parse));
        if (values.Count == 0) throw new UsageException($"--vary: '{text}' has no values; {usage}.");
        return new SweepAxis(p, values);
    }

    private static string Json(IReadOnlyList<SweepAxis> axes, IReadOnlyList<SweepPoint> points)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteStartArray("parameters");
            foreach (var a in axes)
            {
                w.WriteStartObject();
                w.WriteString("name", a.Parameter.Name);
                w.WriteString("unit", a.Parameter.Unit);
                w.WriteStartArray("values");
                foreach (var v in a.Values) w.WriteNumberValue(v);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("points");
            foreach (var p in points)
            {
                w.WriteStartObject();
                w.WriteStartObject("values");
                for (int a = 0; a < axes.Count; a++) w.WriteNumber(axes[a].Parameter.Name, p.Values[a]);
                w.WriteEndObject();
                w.WritePropertyName("summary");
                p.Summary.WriteJson(w);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static string Show(double v) => Math.Abs(v) >= 1e5 ? (v / 1e6).ToString("0.###", Inv) + "e6" : v.ToString("0.###", Inv);

    private static void PrintTable(CliApp app, IReadOnlyList<SweepAxis> axes, IReadOnlyList<SweepPoint> points, string dir)
    {
        var header = axes.Select(a => a.Parameter.Name).Concat(["ANC engraftment day (95% CI)", "platelets day", "graft failure", "TRM day 100"]).ToList();
        var rows = points.Select(p => p.Values.Select(Show).Concat(
        [
            p.Summary.NeutrophilEngraftment is { MedianDay: { } m } e ? $"{m:0.#} ({e.Ci95!.Value.Lower:0.#}–{e.Ci95.Value.Upper:0.#})".ToString(Inv) : "n/a",
            p.Summary.PlateletEngraftment?.MedianDay is { } pm ? pm.ToString("0.#", Inv) : "n/a",
            SummaryTable.Pct(p.Summary.GraftFailure),
            SummaryTable.Pct(CohortSummary.ValueAt(p.Summary.TreatmentRelatedMortality, "day100")),
        ]).ToList()).ToList();
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToList();
        app.Out.WriteLine("  " + string.Join("  ", header.Select((h, i) => h.PadRight(widths[i]))));
        foreach (var r in rows) app.Out.WriteLine("  " + string.Join("  ", r.Select((c, i) => c.PadRight(widths[i]))));
        app.Out.WriteLine($"  Wrote sweep.csv, sweep.json{(axes.Count == 1 ? ", dose-response.svg" : "")} to '{dir}'.");
    }
}
