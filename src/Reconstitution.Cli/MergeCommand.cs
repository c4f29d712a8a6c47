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
        // Real paths (symbolic links resolved): a link named --out that leads to a shard folder is caught too.
        foreach (var s in shards)
            if (RealPath.Same(s.Dir, outText))
                throw new UsageException($"merge: --out '{outText}' is the shard folder '{s.Dir}'{(RealPath.Of(outText) == Path.GetFullPath(outText) ? "" : $" (through a symbolic link, to '{RealPath.Of(outText)}')")}; choose another folder.");
        var ordered = Check(shards);
        var first = ordered[0].Manifest;

        var records = new List<PatientRecord>(ordered.Sum(s => s.Manifest.Records));
        foreach (var s in ordered) records.AddRange(ReadRecords(s));

        // Everything checked: now write, each file under a temporary name, into a run folder of its own.
        using var folder = RunFolder.Open(app, outText, "merge");
        using (var writer = new PatientsCsvWriter(folder.CreateText("patients.csv"), ownsWriter: true))
            foreach (var r in records) writer.Write(r);
        folder.Commit("patients.csv");
        var summary = CohortSummary.FromRecords(first.Protocol, first.Days, first.Seed, records, first.Patients);
        folder.WriteText("summary.json", summary.ToJson());
        string who = string.Create(Inv, $"{records.Count:N0} virtual patients, {first.Protocol}");
        folder.WriteText("incidence.svg", CohortCharts.Incidence(records, first.Days, $"Cumulative incidence — {who}").ToSvg());
        folder.Finish();

        if (json) app.Out.Write(summary.ToJson());
        else if (!quiet)
        {
            SummaryTable.Print(app.Out, SummaryTable.Rows(summary));
            app.Out.WriteLine(string.Create(Inv,
                $"  Merged {ordered.Count} shards ({records.Count:N0} patients, seed {first.Seed}); wrote patients.csv, summary.json, incidence.svg, run.json to '{folder.Dir}'."));
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
            // Every key of either manifest (a key only one of them has differs too).
            foreach (string key in a.Manifest.Study.Keys.Union(s.Manifest.Study.Keys).Order(StringComparer.Ordinal))
            {
                string value = a.Manifest.Study.TryGetValue(key, out var x) ? x : "(none)";
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
        {
            var r = records[i];
            if (r.Index != m.FirstPatient + i)
                throw new UsageException(string.Create(Inv, $"merge: '{csv}': row {i + 1} is patient {r.Index}, expected {m.FirstPatient + i}."));
            // What the rows themselves say must agree with the manifest: protocol, disease, and the simulated days
            // (a patient alive at the end was simulated to exactly the study's last day).
            string? fault = r.Outcome.Protocol != m.Protocol ? $"protocol '{r.Outcome.Protocol}' but shard.json says '{m.Protocol}'"
                : DiseaseNames.Of(r.Covariates.Disease) != m.Disease ? $"disease '{DiseaseNames.Of(r.Covariates.Disease)}' but shard.json says '{m.Disease}'"
                : r.Outcome.LastDay > m.Days || (r.Outcome.DeathDay is null && r.Outcome.LastDay != m.Days)
                    ? string.Create(Inv, $"last day {r.Outcome.LastDay} {(r.Outcome.DeathDay is null ? "alive" : "after death")} but shard.json says {m.Days} days")
                : null;
            if (fault is not null)
                throw new UsageException(string.Create(Inv, $"merge: '{csv}': row {i + 1} (patient {r.Index}) has {fault}; the shard's files do not belong together, re-run shard {m.Shard}/{m.Shards}."));
        }
        return records;
    }
}
