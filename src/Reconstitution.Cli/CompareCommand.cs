using System.CommandLine;
using System.Globalization;
using Reconstitution.Cohorts;
using Reconstitution.Output;

namespace Reconstitution.Cli;

/// <summary><c>reconstitution compare A B</c>: the same virtual patients under two protocols.</summary>
internal static class CompareCommand
{
    public static Command Build(CliApp app)
    {
        var common = new CommonOptions();
        var first = new Argument<string>("A") { Description = "The first protocol: a built-in name or a protocol JSON file." };
        var second = new Argument<string>("B") { Description = "The second protocol: a built-in name or a protocol JSON file." };
        var cmd = new Command("compare", "Run the same virtual patients under two protocols; write a-*.csv, b-*.csv, compare.json and compare.svg with differences, CIs and log-rank tests.");
        cmd.Arguments.Add(first);
        cmd.Arguments.Add(second);
        common.AddTo(cmd, protocol: false);
        cmd.SetAction(pr =>
        {
            var pa = ArgumentParsing.Protocol(pr.GetValue(first), "A");
            var pb = ArgumentParsing.Protocol(pr.GetValue(second), "B");
            var specA = common.Specification(pr, pa);
            var specB = specA with { Protocol = pb };
            bool quiet = pr.GetValue(common.Quiet);
            using var folder = RunFolder.Open(app, pr.GetValue(common.Out), "compare");
            var ra = CohortRunner.Run(app, specA, folder, 0, !quiet, prefix: "a-", charts: false);
            if (ra.Run.Cancelled) return CohortRunner.Cancelled(app, ra.Run, folder);
            var rb = CohortRunner.Run(app, specB, folder, 0, !quiet, prefix: "b-", charts: false);
            if (rb.Run.Cancelled) return CohortRunner.Cancelled(app, rb.Run, folder);
            var comparison = CohortComparison.Compare(ra.Summary!, ra.Builder.Records, rb.Summary!, rb.Builder.Records);
            folder.WriteText("compare.json", comparison.ToJson());
            folder.WriteText("compare.svg", CohortCharts.Comparison(pa.Name, ra.Builder.Records, ra.Builder.Bands, pb.Name, rb.Builder.Records, rb.Builder.Bands,
                string.Create(CultureInfo.InvariantCulture, $"{pa.Name} vs {pb.Name}: {specA.Patients:N0} virtual patients each")).ToSvg());
            folder.Finish();
            if (pr.GetValue(common.Json)) app.Out.Write(comparison.ToJson());
            else if (!quiet) Print(app, comparison, folder.Dir);
            return ExitCodes.Success;
        });
        return cmd;
    }

    private static void Print(CliApp app, CohortComparison c, string dir)
    {
        var inv = CultureInfo.InvariantCulture;
        string F(double? v, string unit) => v is not { } x ? "n/a" : unit == "days" ? x.ToString("0.#", inv) : (100 * x).ToString("0.0", inv) + "%";
        string D(EndpointDifference d) => d.Difference is not { } x ? "n/a"
            : (d.Unit == "days" ? x.ToString("+0.#;−0.#;0", inv) : (100 * x).ToString("+0.0;−0.0;0.0", inv) + " pts")
              + (d.Ci95 is { } ci ? (d.Unit == "days" ? $" ({ci.Lower.ToString("0.#", inv)} to {ci.Upper.ToString("0.#", inv)})" : $" ({(100 * ci.Lower).ToString("0.0", inv)} to {(100 * ci.Upper).ToString("0.0", inv)})") : "");
        var rows = new List<string[]> { new[] { "endpoint", c.First.Protocol, c.Second.Protocol, "B − A (95% CI)" } };
        rows.AddRange(c.Differences.Select(d => new[] { d.Name, F(d.First, d.Unit), F(d.Second, d.Unit), D(d) }));
        var widths = Enumerable.Range(0, 4).Select(i => rows.Max(r => r[i].Length)).ToArray();
        foreach (var r in rows) app.Out.WriteLine("  " + string.Join("  ", r.Select((x, i) => x.PadRight(widths[i]))));
        foreach (var (name, r) in c.LogRankTests)
            app.Out.WriteLine(string.Create(inv, $"  log-rank {name}: χ² = {r.ChiSquare:0.00}, p = {r.PValue:0.0000} (observed {r.ObservedFirst:0} vs expected {r.ExpectedFirst:0.0} in A)"));
        app.Out.WriteLine($"  Wrote a-patients.csv, b-patients.csv, a-summary.json, b-summary.json, compare.json, compare.svg to '{dir}'.");
    }
}
