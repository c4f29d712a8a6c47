using System.CommandLine;
using System.Globalization;
using Reconstitution.Output;
using Reconstitution.Sensitivity;

namespace Reconstitution.Cli;

/// <summary>
/// <c>reconstitution sensitivity --protocol P --space FILE --method morris|sobol --samples N --patients-per-point M</c>: global
/// sensitivity of cohort endpoints to model parameters (docs/sensitivity.md); <c>--list</c> prints the parameter catalogue,
/// <c>--shard K/N</c> runs a block of the design points and <c>--merge DIR…</c> joins the shards.
/// </summary>
internal static class SensitivityCommand
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static Command Build(CliApp app)
    {
        var common = new CommonOptions();
        var list = CliApp.Flag("--list", "Print every parameter that can be varied (name, unit, default, plausible range, source) and exit.");
        var space = CliApp.Opt("--space", "FILE", "The parameter-space JSON file: the parameters to vary and their distributions (docs/sensitivity.md).");
        var method = CliApp.Opt("--method", "M", "morris (screening: r(k+1) cohorts) or sobol (S1 and ST: N(k+2) cohorts); default morris.");
        var samples = CliApp.Opt("--samples", "N", "Morris trajectories r (2 to 10000, default 10) or Sobol base rows N (2 to 1000000, default 64; powers of two are best).");
        var perPoint = CliApp.Opt("--patients-per-point", "M", "Virtual patients in each design point's cohort, 1 to 1000000 (default 200).");
        var endpoints = CliApp.Opt("--endpoints", "LIST", "Comma-separated endpoints (default neutrophilEngraftmentDay,graftFailure,trmYear1,relapseYear1,cd4Day365). Names: "
            + string.Join(", ", SensitivityEndpoint.All.Select(e => e.Name)) + ".");
        var levels = CliApp.Opt("--levels", "P", "Morris grid levels, even, 2 to 64 (default 4).");
        var candidates = CliApp.Opt("--candidates", "M", "Morris: draw M candidate trajectories and keep the --samples that spread most (Campolongo 2007); 0 = no selection (default 0; e.g. 4 × samples).");
        var replicates = CliApp.Opt("--replicates", "R", "Replicate seeds at each of the first two design points, to measure simulation noise, 0 to 100 (default 4).");
        var shard = CliApp.Opt("--shard", "K/N", "Run shard K of N (from 0) of the design points into DIR/shard-K-of-N; merge with --merge. Inside a Slurm job array the shard is taken from SLURM_ARRAY_TASK_ID/COUNT.");
        var merge = new Option<string[]>("--merge")
        {
            Description = "Merge shard folders (or the --out folder of the shard runs) into the outputs of one unsharded run (written to --out).",
            HelpName = "DIR",
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = true,
        };
        var cmd = new Command("sensitivity",
            "Global sensitivity analysis: which model parameters decide an endpoint (Morris screening, Sobol indices with bootstrap CIs); writes sensitivity.csv, sensitivity.json, sensitivity.svg and points.csv.");
        common.AddTo(cmd, patients: false);
        foreach (var o in new Option[] { list, space, method, samples, perPoint, endpoints, levels, candidates, replicates, shard, merge }) cmd.Options.Add(o);
        cmd.SetAction(pr =>
        {
            bool quiet = pr.GetValue(common.Quiet), json = pr.GetValue(common.Json);
            if (pr.GetValue(list)) return PrintCatalogue(app);
            int threads = ArgumentParsing.Int(pr.GetValue(common.Threads), "--threads", 1, 1024, Environment.ProcessorCount);
            if (pr.GetValue(merge) is { Length: > 0 } dirs)
            {
                string? outText = pr.GetValue(common.Out);
                if (string.IsNullOrWhiteSpace(outText)) throw new UsageException("sensitivity --merge: --out DIR is required (the folder for the merged outputs).");
                return Merge(app, dirs, outText, threads, json, quiet);
            }
            var protocol = ArgumentParsing.Protocol(pr.GetValue(common.Protocol));
            var study = BuildStudy(pr, common, protocol, space, method, samples, perPoint, endpoints, levels, candidates, replicates);
            try
            {
                study.Validate();
            }
            catch (InvalidOperationException ex)
            {
                throw new UsageException("--space: " + ex.Message);
            }
            var part = ShardOf(app, pr.GetValue(shard), study.PointCount);
            if (part is not null) return RunShard(app, study, protocol, part, RunFolder.Create(pr.GetValue(common.Out)), quiet);

            using var folder = RunFolder.Open(app, pr.GetValue(common.Out), "sensitivity");
            string label = string.Create(Inv, $"{protocol.Name}: {study.PointCount:N0} cohorts × {study.Baseline.Patients:N0} patients");
            var outputs = ConsoleProgress.Run(!quiet && app.Interactive, label, study.PointCount * study.Baseline.Patients,
                progress => study.Evaluate(0, study.PointCount, progress, app.Cancellation));
            if (outputs.Count < study.PointCount)
            {
                folder.Finish(cancelled: true);
                app.Err.WriteLine(string.Create(Inv, $"reconstitution: cancelled after {outputs.Count} of {study.PointCount} design points; nothing written (a sensitivity analysis needs every point). Use --shard to run it in parts."));
                return ExitCodes.Cancelled;
            }
            var result = study.Analyse(outputs);
            SensitivityShards.WriteOutputs(folder, result, outputs);
            folder.Finish();
            Report(app, result, folder.Dir, json, quiet);
            return ExitCodes.Success;
        });
        return cmd;
    }

    /// <summary>Merges sensitivity shards and reports (also reached from <c>reconstitution merge</c>).</summary>
    public static int Merge(CliApp app, IReadOnlyList<string> dirs, string outText, int threads, bool json, bool quiet)
    {
        var (merged, dir) = SensitivityShards.Merge(app, dirs, outText, threads);
        Report(app, merged, dir, json, quiet);
        return ExitCodes.Success;
    }

    private static SensitivityStudy BuildStudy(ParseResult pr, CommonOptions common, Protocols.DefinedProtocol protocol, Option<string?> space, Option<string?> method,
        Option<string?> samples, Option<string?> perPoint, Option<string?> endpoints, Option<string?> levels, Option<string?> candidates, Option<string?> replicates)
    {
        string? spaceFile = pr.GetValue(space);
        if (string.IsNullOrWhiteSpace(spaceFile))
            throw new UsageException("--space FILE is required: a JSON file naming the parameters to vary (see docs/sensitivity.md; 'reconstitution sensitivity --list' lists them).");
        if (!File.Exists(spaceFile)) throw new UsageException($"--space: the file '{spaceFile}' does not exist.");
        ParameterSpace parameters;
        try
        {
            parameters = ParameterSpace.Read(spaceFile);
        }
        catch (ParameterSpaceException ex)
        {
            throw new UsageException(ex.Message);
        }
        string m = (pr.GetValue(method) ?? "morris").Trim().ToLowerInvariant();
        if (m is not ("morris" or "sobol")) throw new UsageException($"--method: '{pr.GetValue(method)}' is not allowed; use morris or sobol.");
        bool morris = m == "morris";
        int n = morris
            ? ArgumentParsing.Int(pr.GetValue(samples), "--samples", 2, 10_000, 10)
            : ArgumentParsing.Int(pr.GetValue(samples), "--samples", 2, 1_000_000, 64);
        int patients = ArgumentParsing.Int(pr.GetValue(perPoint), "--patients-per-point", 1, 1_000_000, 200);
        int p = ArgumentParsing.Int(pr.GetValue(levels), "--levels", 2, 64, 4);
        if (p % 2 != 0) throw new UsageException($"--levels: '{p}' is not allowed; use an even number from 2 to 64.");
        int r = ArgumentParsing.Int(pr.GetValue(replicates), "--replicates", 0, 100, 4);
        int pool = ArgumentParsing.Int(pr.GetValue(candidates), "--candidates", 0, 10_000, 0);
        if (pool != 0 && (!morris || pool <= n))
            throw new UsageException($"--candidates: '{pool}' is not allowed; use 0, or with --method morris a number above --samples ({n}), at most 10000.");
        int k = parameters.Parameters.Count;
        if (!morris && k > 32) throw new UsageException($"--method sobol: the space has {k} parameters; at most 32 (screen with --method morris first).");
        var chosen = new List<SensitivityEndpoint>();
        foreach (string name in (pr.GetValue(endpoints) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            chosen.Add(SensitivityEndpoint.Find(name) ?? throw new UsageException($"--endpoints: '{name}' is not an endpoint; use: {string.Join(", ", SensitivityEndpoint.All.Select(e => e.Name))}."));
        if (chosen.Count == 0) chosen.AddRange(SensitivityEndpoint.Default);
        var baseline = common.Specification(pr, protocol) with { Patients = patients };
        var design = morris ? SensitivityDesign.Morris(k, n, baseline.Seed, p, pool) : SensitivityDesign.Sobol(k, n);
        long total = (long)(design.Count + 2 * r) * patients;
        if (total > 1_000_000_000) throw new UsageException(string.Create(Inv, $"--samples/--patients-per-point: {design.Count + 2 * r:N0} cohorts × {patients:N0} patients is more than 10⁹ patients in all."));
        return new SensitivityStudy(baseline, parameters, design, chosen.Distinct().ToList(), r);
    }

    private static Shard? ShardOf(CliApp app, string? text, int points)
    {
        try
        {
            return text is not null ? Shard.Parse(text, points) : Shard.FromSlurm(app.Env, points);
        }
        catch (UsageException ex)
        {
            throw new UsageException(ex.Message.Replace("(the patient count)", "(the number of design points)", StringComparison.Ordinal));
        }
    }

    private static int RunShard(CliApp app, SensitivityStudy study, Protocols.DefinedProtocol protocol, Shard shard, string outDir, bool quiet)
    {
        // The shard folder is a run folder of its own: a re-run removes an earlier attempt's points.csv and manifest first.
        using var folder = RunFolder.Open(app, Path.Combine(outDir, shard.FolderName), "sensitivity --shard " + shard.Label);
        string label = string.Create(Inv, $"{protocol.Name}: shard {shard.Label}, points {shard.First}–{shard.First + shard.Size - 1}");
        var outputs = ConsoleProgress.Run(!quiet && app.Interactive, label, shard.Size * study.Baseline.Patients,
            progress => study.Evaluate(shard.First, shard.Size, progress, app.Cancellation));
        if (outputs.Count < shard.Size)
        {
            folder.Finish(cancelled: true);
            app.Err.WriteLine(string.Create(Inv, $"reconstitution: cancelled; shard {shard.Label} finished {outputs.Count} of {shard.Size} points and wrote nothing; re-run it."));
            return ExitCodes.Cancelled;
        }
        folder.WriteText("points.csv", SensitivityPointsCsv.Format(study, shard.First, outputs));
        folder.WriteText(SensitivityShards.ManifestName,
            SensitivityShards.ManifestJson(SensitivityShards.StudyDefinition.Of(study, protocol), shard, study.PointCount, SensitivityShards.Sha256(folder.PathOf("points.csv"))));
        folder.Finish();
        if (!quiet)
            app.Out.WriteLine(string.Create(Inv,
                $"  Shard {shard.Label}: points {shard.First}–{shard.First + shard.Size - 1} of {study.PointCount}; wrote points.csv and {SensitivityShards.ManifestName} to '{folder.Dir}'. Merge with 'reconstitution sensitivity --merge {outDir} --out DIR'."));
        return ExitCodes.Success;
    }

    private static void Report(CliApp app, SensitivityResult result, string dir, bool json, bool quiet)
    {
        if (json) { app.Out.Write(result.ToJson()); return; }
        if (quiet) return;
        bool sobol = result.Study.Design.Method == SensitivityMethod.Sobol;
        string main = sobol ? "ST" : "muStar";
        foreach (var e in result.Endpoints)
        {
            string noise = double.IsFinite(e.NoiseShare) ? $"; noise {e.NoiseShare:P0} of its variance over the design".ToString(Inv) : "";
            app.Out.WriteLine($"  {e.Endpoint} (mean {Show(e.Mean)} {e.Unit}{noise})");
            var rows = result.Indices.Where(i => i.Endpoint == e.Endpoint && i.Index == main)
                .OrderByDescending(i => double.IsFinite(i.Value) ? i.Value : double.NegativeInfinity).ThenBy(i => i.Parameter, StringComparer.Ordinal).ToList();
            int width = rows.Max(r => r.Parameter.Length);
            foreach (var r in rows)
            {
                string first = sobol ? $"  S1 {Show(result.Get(e.Endpoint, r.Parameter, "S1").Value),-9}" : $"  σ {Show(result.Get(e.Endpoint, r.Parameter, "sigma").Value),-9}";
                string share = double.IsFinite(r.NoiseShare) ? $"  noise {r.NoiseShare.ToString("P0", Inv)}" : "";
                app.Out.WriteLine($"    {r.Parameter.PadRight(width)}  {main} {Show(r.Value),-9} ({Show(r.CiLower)}–{Show(r.CiUpper)}){first}{share}");
            }
        }
        app.Out.WriteLine($"  Wrote sensitivity.csv, sensitivity.json, sensitivity.svg, points.csv, run.json to '{dir}'.");
    }

    private static string Show(double v) => double.IsFinite(v) ? v.ToString("G4", Inv) : "n/a";

    private static int PrintCatalogue(CliApp app)
    {
        var all = ParameterCatalogue.All;
        int w = all.Max(p => p.Name.Length);
        app.Out.WriteLine($"  {"name".PadRight(w)}  {"unit",-12} {"default",-10} {"plausible range",-22} {"basis",-12} A  source");
        foreach (var p in all)
        {
            string def = double.IsNaN(p.Default) ? "(protocol)" : Show(p.Default);
            string range = $"{Show(p.PlausibleMinimum)}–{Show(p.PlausibleMaximum)}";
            string basis = p.Basis switch { RangeBasis.Documented => "documented", RangeBasis.HalfToDouble => "×½–×2", RangeBasis.Quarter => "−20%/+25%", RangeBasis.Spread => "spread", _ => "constrained" };
            app.Out.WriteLine($"  {p.Name.PadRight(w)}  {p.Unit,-12} {def,-10} {range,-22} {basis,-12} {(p.IsAssumption ? "A" : " ")}  {p.Source}");
        }
        app.Out.WriteLine(string.Create(Inv, $"  {all.Count} parameters; A = the default is an assumption. Use the names in a --space file (docs/sensitivity.md)."));
        return ExitCodes.Success;
    }
}
