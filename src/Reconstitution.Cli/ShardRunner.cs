using System.Globalization;
using Reconstitution.Cohorts;
using Reconstitution.Output;

namespace Reconstitution.Cli;

/// <summary>
/// Runs one shard of a cohort into <c>&lt;out&gt;/shard-K-of-N/</c>: patients.csv (written under a temporary name and
/// renamed when complete), then shard.json (atomically, last), so a killed task leaves no file that merge would take.
/// The shard folder is a <see cref="RunFolder"/>.
/// </summary>
internal static class ShardRunner
{
    public static int Run(CliApp app, CohortSpecification spec, Shard shard, string outDir, bool quiet)
    {
        // The shard folder is a run folder of its own (lock, run.json; an earlier attempt's files removed), so array tasks
        // writing other shards into the same --out never meet.
        using var folder = RunFolder.Open(app, Path.Combine(outDir, shard.FolderName), "cohort --shard " + shard.Label);
        const string Csv = "patients.csv";
        CohortRunResult result;
        int records;
        using (var writer = new PatientsCsvWriter(folder.CreateText(Csv), ownsWriter: true))
        {
            string label = string.Create(CultureInfo.InvariantCulture,
                $"{spec.Protocol.Name}: shard {shard.Label}, patients {shard.First:N0}–{shard.First + shard.Size - 1:N0} × {spec.Days} days");
            result = ConsoleProgress.Run(!quiet && app.Interactive, label, shard.Size,
                progress => Cohort.RunRange(spec, shard.First, shard.Size, [writer], progress, app.Cancellation));
            records = writer.Count;
        }
        if (result.Cancelled)
        {
            folder.Finish(cancelled: true); // the temporary patients.csv is deleted: a shard is all or nothing
            app.Err.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"reconstitution: cancelled; shard {shard.Label} finished {result.Finished} of {result.Requested} patients and wrote nothing; re-run it."));
            return ExitCodes.Cancelled;
        }
        folder.Commit(Csv);
        var manifest = new ShardManifest
        {
            Shard = shard.Index,
            Shards = shard.Count,
            FirstPatient = shard.First,
            PatientCount = shard.Size,
            Records = records,
            Complete = records == shard.Size,
            PatientsCsvSha256 = ShardManifest.Sha256OfFile(folder.PathOf(Csv)),
            Study = ShardManifest.StudyOf(spec),
        };
        folder.WriteText(ShardManifest.FileName, manifest.ToJson());
        folder.Finish();
        if (!quiet)
            app.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  Shard {shard.Label}: patients {shard.First}–{shard.First + shard.Size - 1} of {spec.Patients}; wrote patients.csv and shard.json to '{folder.Dir}' ({result.Elapsed.TotalSeconds:0.0} s). Merge with 'reconstitution merge {outDir} --out DIR'."));
        return ExitCodes.Success;
    }
}
