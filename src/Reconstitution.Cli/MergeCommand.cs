using System.CommandLine;
using System.Globalization;
using Reconstitution.Cohorts;
using Reconstitution.Output;

namespace Reconstitution.Cli;

/// <summary>
/// <c>reconstitution merge DIR... --out DIR</c>: checks the shards of one study and recomputes patients.csv, summary.json
/// and incidence.svg from their records, byte-identical to one unsharded run. Any fault is reported (naming the shard
/// folder) before anything is written.
/// </summary>
internal static class MergeCommand
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private sealed record Found(string Dir, ShardManifest Manifest);

    public static Command Build(CliApp app)
    {
        var dirs = new Argument<string[]>("DIR") { Description = "Shard folders (with shard.json), or folders whose shard-* subfolders are shards (the --out of the sharded cohort runs).", Arity = ArgumentArity.OneOrMore };
        var output = CliApp.Opt("--out", "DIR", "Folder for the merged patients.csv, summary.json and incidence.svg (required); created if missing.", "-o");
        var json = CliApp.Flag("--json", "Print summary.json to standard output instead of the table.");
        var quiet = CliApp.Flag("--quiet", "No table (errors still go to standard error).");
        var cmd = new Command("merge", "Merge the shards of a sharded cohort (cohort --shard, or a Slurm job array) into the outputs of one unsharded run.");
        cmd.Arguments.Add(dirs);
        cmd.Options.Add(output);
        cmd.Options.Add(json);
        cmd.Options.Add(quiet);
        cmd.SetAction(pr =>
        {
            string? outText = pr.GetValue(output);
            if (string.IsNullOrWhiteSpace(outText)) throw new UsageException("merge: --out DIR is required (the folder for the merged outputs).");
            return Execute(app, pr.GetValue(dirs) ?? [], outText, pr.GetValue(json), pr.GetValue(quiet));
        });
        return cmd;
    }

    public static int Execute(CliApp app, IReadOnlyList<string> dirs, string outText, bool json, bool quiet)
    {
        if (SensitivityShards.Recognises(dirs)) return SensitivityCommand.Merge(app, dirs, outText, Environment.ProcessorCount, json, quiet);
        var shards = Discover(app, dirs);
        string outFull = Path.GetFullPath(outText);
        foreach (var s in shards)
            if (PathEquals(Path.GetFullPath(s.Dir), outFull))
                throw new UsageException($"merge: --out '{outText}' is the shard folder '{s.Dir}'; choose another folder.");
        var ordered = Check(shards);
        var first = ordered[0].Manifest;

        var records = new List<PatientRecord>(first.Patients);
        foreach (var s in ordered) records.AddRange(ReadRecords(s));

        // Everything checked: now write, each file atomically.
        string dir = CliApp.OutputFolder(outText);
        string csv = Path.Combine(dir, "patients.csv");
        string temporary = Path.Combine(dir, ".patients.csv." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            using (var writer = new PatientsCsvWriter(temporary))
                foreach (var r in records) writer.Write(r);
            File.Move(temporary, csv, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
        var summary = CohortSummary.FromRecords(first.Protocol, first.Days, first.Seed, records, first.Patients);
        AtomicFile.WriteAllText(Path.Combine(dir, "summary.json"), summary.ToJson());
        string who = string.Create(Inv, $"{records.Count:N0} virtual patients, {first.Protocol}");
        CohortCharts.Incidence(records, first.Days, $"Cumulative incidence — {who}").Save(Path.Combine(dir, "incidence.svg"));

        if (json) app.Out.Write(summary.ToJson());
        else if (!quiet)
        {
            SummaryTable.Print(app.Out, SummaryTable.Rows(summary));
            app.Out.WriteLine(string.Create(Inv,
                $"  Merged {ordered.Count} shards ({records.Count:N0} patients, seed {first.Seed}); wrote patients.csv, summary.json, incidence.svg to '{dir}'."));
        }
        return ExitCodes.Success;
    }

    // Each DIR is a shard folder (it has shard.json) or holds shard folders (shard-* subfolders). A shard-* folder without
    // shard.json is a task that did not finish: an error, not something to skip silently.
    private static List<Found> Discover(CliApp app, IReadOnlyList<string> dirs)
    {
        var found = new List<Found>();
        foreach (string d in dirs)
        {
            if (!Directory.Exists(d)) throw new UsageException($"merge: the folder '{d}' does not exist.");
            if (File.Exists(Path.Combine(d, ShardManifest.FileName)))
            {
                found.Add(Load(app, d));
                continue;
            }
            var subs = Directory.GetDirectories(d, "shard-*").Order(StringComparer.Ordinal).ToArray();
            if (subs.Length == 0)
                throw new UsageException($"merge: '{d}' has no {ShardManifest.FileName} and no shard-* folders; pass shard folders or the --out folder of the shard runs.");
            foreach (string sub in subs)
            {
                if (!File.Exists(Path.Combine(sub, ShardManifest.FileName)))
                    throw new UsageException($"merge: '{sub}' has no {ShardManifest.FileName}: that shard did not finish (killed, failed or still running); re-run it, then merge again.");
                found.Add(Load(app, sub));
            }
        }
        return found;
    }

    private static Found Load(CliApp app, string dir)
    {
        foreach (string tmp in Directory.GetFiles(dir, ".*.tmp"))
            app.Err.WriteLine($"reconstitution: note: ignoring '{tmp}', a temporary file left by a task stopped mid-write (not merged).");
        return new Found(dir, ShardManifest.Read(Path.Combine(dir, ShardManifest.FileName)));
    }

    // The shards of one study, each once, in shard order; otherwise a message naming the folder and the fault.
    private static List<Found> Check(List<Found> shards)
    {
        var a = shards[0];
        foreach (var s in shards)
        {
            foreach (var (key, value) in a.Manifest.Study)
            {
                string other = s.Manifest.Study.TryGetValue(key, out var v) ? v : "(none)";
                if (other != value)
                    throw new UsageException($"merge: '{s.Dir}' is from another study: {key} {other} differs from {value} in '{a.Dir}' (shards must share seed, patients, days, protocol, covariates and version).");
            }
            if (s.Manifest.Shards != a.Manifest.Shards)
                throw new UsageException(string.Create(Inv, $"merge: '{s.Dir}' is shard {s.Manifest.Shard}/{s.Manifest.Shards} but '{a.Dir}' is one of {a.Manifest.Shards} shards; merge shards of one split."));
            var m = s.Manifest;
            int n = m.Shards, patients = m.Patients;
            if (m.Shard < 0 || m.Shard >= n)
                throw new UsageException(string.Create(Inv, $"merge: '{s.Dir}': shard {m.Shard} is outside 0 to {n - 1}."));
            int first = Shard.Start(m.Shard, n, patients), size = Shard.Start(m.Shard + 1, n, patients) - first;
            if (m.FirstPatient != first || m.PatientCount != size)
                throw new UsageException(string.Create(Inv, $"merge: '{s.Dir}': shard {m.Shard}/{n} covers patients {m.FirstPatient} (+{m.PatientCount}) but should cover {first} (+{size})."));
            if (!m.Complete || m.Records != size)
                throw new UsageException(string.Create(Inv, $"merge: '{s.Dir}': shard {m.Shard}/{n} is incomplete ({m.Records} of {size} patients); re-run it."));
        }
        int count = a.Manifest.Shards;
        var bySlot = new Found?[count];
        foreach (var s in shards)
        {
            if (bySlot[s.Manifest.Shard] is { } dup)
                throw new UsageException(string.Create(Inv, $"merge: shard {s.Manifest.Shard}/{count} appears twice: '{dup.Dir}' and '{s.Dir}'; pass each shard once."));
            bySlot[s.Manifest.Shard] = s;
        }
        var missing = Enumerable.Range(0, count).Where(k => bySlot[k] is null).ToArray();
        if (missing.Length > 0)
        {
            string list = string.Join(", ", missing.Take(10).Select(k => k.ToString(Inv))) + (missing.Length > 10 ? ", …" : "");
            throw new UsageException(string.Create(Inv,
                $"merge: {missing.Length} of {count} shards missing (shard {list}); re-run them (e.g. --shard {missing[0]}/{count}) and merge again."));
        }
        return [.. bySlot.Select(s => s!)];
    }

    private static IReadOnlyList<PatientRecord> ReadRecords(Found s)
    {
        var m = s.Manifest;
        string csv = Path.Combine(s.Dir, "patients.csv");
        if (!File.Exists(csv)) throw new UsageException($"merge: '{s.Dir}' has shard.json but no patients.csv; re-run shard {m.Shard}/{m.Shards}.");
        if (ShardManifest.Sha256OfFile(csv) != m.PatientsCsvSha256)
            throw new UsageException($"merge: '{csv}' was changed or corrupted after the shard finished (its SHA-256 differs from shard.json); re-run shard {m.Shard}/{m.Shards}.");
        IReadOnlyList<PatientRecord> records;
        try
        {
            records = PatientsCsvReader.Read(csv);
        }
        catch (FormatException ex)
        {
            throw new UsageException($"merge: '{csv}': {ex.Message.ReplaceLineEndings(" ")}");
        }
        if (records.Count != m.Records)
            throw new UsageException(string.Create(Inv, $"merge: '{csv}' has {records.Count} patients but shard.json says {m.Records}."));
        for (int i = 0; i < records.Count; i++)
            if (records[i].Index != m.FirstPatient + i)
                throw new UsageException(string.Create(Inv, $"merge: '{csv}': row {i + 1} is patient {records[i].Index}, expected {m.FirstPatient + i}."));
        return records;
    }

    private static bool PathEquals(string a, string b) =>
        string.Equals(Path.TrimEndingDirectorySeparator(a), Path.TrimEndingDirectorySeparator(b),
            OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
}
