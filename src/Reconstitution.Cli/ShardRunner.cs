using System.Globalization;
using Reconstitution.Cohorts;
using Reconstitution.Output;

namespace Reconstitution.Cli;

/// <summary>
/// Runs one shard of a cohort into <c>&lt;out&gt;/shard-K-of-N/</c>: patients.csv (written under a temporary name and
/// renamed when complete), then shard.json (atomically, last), so a killed task leaves no file that merge would take.
/// </summary>
internal static class ShardRunner
{
    public static int Run(CliApp app, CohortSpecification spec, Shard shard, string outDir, bool quiet)
    {
        string dir = CliApp.OutputFolder(Path.Combine(outDir, shard.FolderName));
        string manifestPath = Path.Combine(dir, ShardManifest.FileName);
        string csvPath = Path.Combine(dir, "patients.csv");
        // A re-run replaces an earlier attempt: drop its manifest first, so no manifest ever describes another csv.
        File.Delete(manifestPath);
        string temporary = Path.Combine(dir, ".patients.csv." + Guid.NewGuid().ToString("N") + ".tmp");
        CohortRunResult result;
        int records;
        try
        {
            using (var writer = new PatientsCsvWriter(temporary))
            {
                string label = string.Create(CultureInfo.InvariantCulture,
                    $"{spec.Protocol.Name}: shard {shard.Label}, patients {shard.First:N0}–{shard.First + shard.Size - 1:N0} × {spec.Days} days");
                result = ConsoleProgress.Run(!quiet && app.Interactive, label, shard.Size,
                    progress => Cohort.RunRange(spec, shard.First, shard.Size, [writer], progress, app.Cancellation));
                records = writer.Count;
            }
            if (result.Cancelled)
            {
                app.Err.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"reconstitution: cancelled; shard {shard.Label} finished {result.Finished} of {result.Requested} patients and wrote nothing; re-run it."));
                return ExitCodes.Cancelled;
            }
            File.Move(temporary, csvPath, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
        var manifest = new ShardManifest
        {
            Shard = shard.Index,
            Shards = shard.Count,
            FirstPatient = shard.First,
            PatientCount = shard.Size,
            Records = records,
            Complete = records == shard.Size,
            PatientsCsvSha256 = ShardManifest.Sha256OfFile(csvPath),
            Study = ShardManifest.StudyOf(spec),
        };
        AtomicFile.WriteAllText(manifestPath, manifest.ToJson());
        if (!quiet)
            app.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  Shard {shard.Label}: patients {shard.First}–{shard.First + shard.Size - 1} of {spec.Patients}; wrote patients.csv and shard.json to '{dir}' ({result.Elapsed.TotalSeconds:0.0} s). Merge with 'reconstitution merge {outDir} --out DIR'."));
        return ExitCodes.Success;
    }
}
