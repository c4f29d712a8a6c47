using System.CommandLine;
using System.Globalization;
using Reconstitution.Cohorts;
using Reconstitution.Protocols;

namespace Reconstitution.Cli;

/// <summary><c>reconstitution cohort</c>, and the no-argument default run.</summary>
internal static class CohortCommand
{
    public const int DefaultTrajectories = 10;

    public static Command Build(CliApp app)
    {
        var common = new CommonOptions();
        var trajectories = CliApp.Opt("--trajectories", "N|all", $"Patients whose daily readouts go to trajectory.csv: the first N, or all (default {DefaultTrajectories}).");
        var cmd = new Command("cohort", "Simulate a virtual cohort on all cores; write patients.csv, trajectory.csv, bands.csv, summary.json and charts.");
        var shard = CliApp.Opt("--shard", "K/N", $"Run only shard K of N (K from 0): a contiguous block of patient indices, into <out>/shard-K-of-N with patients.csv and shard.json; combine with 'merge'. Without it, {Shard.TaskId} and {Shard.TaskCount} (Slurm job arrays) select the shard.");
        common.AddTo(cmd);
        cmd.Options.Add(trajectories);
        cmd.Options.Add(shard);
        cmd.SetAction(pr =>
        {
            // Every option is checked before the output folder is touched, so a bad value leaves no folder behind.
            var spec = common.Specification(pr);
            int keep = Trajectories(pr.GetValue(trajectories));
            var part = pr.GetValue(shard) is { } text ? Shard.Parse(text, spec.Patients) : Shard.FromSlurm(app.Env, spec.Patients);
            if (part is not null) return ShardRunner.Run(app, spec, part, RunFolder.Create(pr.GetValue(common.Out)), pr.GetValue(common.Quiet));
            using var folder = RunFolder.Open(app, pr.GetValue(common.Out), "cohort");
            return Execute(app, spec, folder, keep, pr.GetValue(common.Json), pr.GetValue(common.Quiet));
        });
        return cmd;
    }

    /// <summary>No command: 200 patients of auto-cy-atg (multiple sclerosis) for one year into ./out.</summary>
    public static int RunDefault(CliApp app)
    {
        var spec = new CohortSpecification(BuiltInProtocols.Get("auto-cy-atg")) { Patients = 200, Days = 365, Seed = CommonOptions.DefaultSeed };
        app.Out.WriteLine("reconstitution: no command given, so running the default: 200 virtual patients with multiple sclerosis,");
        app.Out.WriteLine("autologous HSCT with cyclophosphamide and ATG (auto-cy-atg), one year, into ./out. 'reconstitution --help' lists the commands.");
        using var folder = RunFolder.Open(app, null, "(default run)");
        return Execute(app, spec, folder, DefaultTrajectories, json: false, quiet: false);
    }

    public static int Execute(CliApp app, CohortSpecification spec, RunFolder folder, int trajectories, bool json, bool quiet)
    {
        var run = CohortRunner.Run(app, spec, folder, trajectories, showProgress: !quiet);
        if (run.Summary is { } s)
        {
            if (json) app.Out.Write(s.ToJson());
            else if (!quiet)
            {
                SummaryTable.Print(app.Out, SummaryTable.Rows(s));
                app.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  Wrote patients.csv, trajectory.csv, bands.csv, summary.json, bands.svg, lymphocytes.svg, incidence.svg, run.json to '{folder.Dir}' ({run.Run.Elapsed.TotalSeconds:0.0} s)."));
            }
        }
        if (run.Run.Cancelled) return CohortRunner.Cancelled(app, run.Run, folder);
        folder.Finish();
        return ExitCodes.Success;
    }

    private static int Trajectories(string? text)
    {
        if (text is null) return DefaultTrajectories;
        if (string.Equals(text, "all", StringComparison.OrdinalIgnoreCase)) return int.MaxValue;
        return ArgumentParsing.Int(text, "--trajectories", 0, int.MaxValue - 1, DefaultTrajectories);
    }
}
