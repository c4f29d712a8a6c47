using Reconstitution.Cli;

namespace Reconstitution.Tests.Cli;

/// <summary>One unsharded cohort and the same cohort in 3 uneven shards (25 patients), made once for the merge tests.</summary>
public sealed class ShardedStudyFixture
{
    public static readonly string[] Cohort = ["--protocol", "auto-cy-atg", "--patients", "25", "--days", "120", "--seed", "5", "--quiet"];

    public ShardedStudyFixture()
    {
        Root = Directory.CreateTempSubdirectory("recon-shards").FullName;
        Single = Path.Combine(Root, "single");
        Shards = Path.Combine(Root, "shards");
        Check(CliApp.Run(["cohort", .. Cohort, "--out", Single, "--threads", "2"], TextWriter.Null, TextWriter.Null));
        // Different thread counts per shard: the split and the threads must not matter.
        for (int k = 0; k < 3; k++)
            Check(CliApp.Run(["cohort", .. Cohort, "--out", Shards, "--shard", $"{k}/3", "--threads", (k + 1).ToString()], TextWriter.Null, TextWriter.Null));
    }

    public string Root { get; }

    public string Single { get; }

    public string Shards { get; }

    private static void Check(int code)
    {
        if (code != 0) throw new InvalidOperationException($"fixture run failed with exit code {code}");
    }
}

public class ShardMergeTests(ShardedStudyFixture study) : IClassFixture<ShardedStudyFixture>
{
    private static (int Code, string Out, string Err) Run(string[] args, Func<string, string?>? env = null)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = CliApp.Run(args, o, e, environment: env ?? (_ => null));
        return (code, o.ToString(), e.ToString());
    }

    private static string TempDir() => Directory.CreateTempSubdirectory("recon-merge").FullName;

    // A copy of the study's shard folders (each test mutates its own).
    private string CopyShards(params int[] which)
    {
        string dir = TempDir();
        foreach (int k in which)
        {
            string from = Path.Combine(study.Shards, $"shard-{k}-of-3"), to = Path.Combine(dir, $"shard-{k}-of-3");
            Directory.CreateDirectory(to);
            foreach (string f in Directory.GetFiles(from)) File.Copy(f, Path.Combine(to, Path.GetFileName(f)));
        }
        return dir;
    }

    // A fault: exit 2, one line naming what is wrong, and nothing written to --out.
    private static string AssertRefused(string[] args, params string[] mentions)
    {
        string outDir = Path.Combine(TempDir(), "merged");
        var (code, _, err) = Run([.. args, "--out", outDir]);
        Assert.Equal(2, code);
        foreach (string m in mentions) Assert.Contains(m, err);
        Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.False(Directory.Exists(outDir) && Directory.EnumerateFileSystemEntries(outDir).Any(), "merge wrote into --out despite the fault");
        return err;
    }

    [Fact]
    public void Merge_ThreeUnevenShards_ByteIdenticalToUnshardedRun()
    {
        string merged = Path.Combine(TempDir(), "merged");
        var (code, _, err) = Run(["merge", study.Shards, "--out", merged, "--quiet"]);
        Assert.True(code == 0, err);
        foreach (string f in new[] { "patients.csv", "summary.json", "incidence.svg" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(study.Single, f)), File.ReadAllBytes(Path.Combine(merged, f)));
    }

    [Fact]
    public void Merge_ShardFoldersGivenOneByOneInAnyOrder_SameResult()
    {
        string merged = Path.Combine(TempDir(), "merged");
        string[] dirs = [.. new[] { 2, 0, 1 }.Select(k => Path.Combine(study.Shards, $"shard-{k}-of-3"))];
        var (code, _, err) = Run(["merge", .. dirs, "--out", merged, "--quiet"]);
        Assert.True(code == 0, err);
        Assert.Equal(File.ReadAllBytes(Path.Combine(study.Single, "patients.csv")), File.ReadAllBytes(Path.Combine(merged, "patients.csv")));
    }

    [Fact]
    public void Shard_WritesManifestWithItsContiguousBlock()
    {
        // 25 patients in 3 shards: ⌊k·25/3⌋ gives 0–7, 8–15, 16–24.
        var m = ShardManifest.Read(Path.Combine(study.Shards, "shard-1-of-3", "shard.json"));
        Assert.Equal((1, 3, 8, 8, 8, true), (m.Shard, m.Shards, m.FirstPatient, m.PatientCount, m.Records, m.Complete));
        Assert.Equal((25, 120, 5UL, "auto-cy-atg"), (m.Patients, m.Days, m.Seed, m.Protocol));
        Assert.Empty(Directory.GetFiles(Path.Combine(study.Shards, "shard-1-of-3"), "*.tmp"));
    }

    [Fact]
    public void Merge_MissingShard_NamesItAndWritesNothing() =>
        AssertRefused(["merge", CopyShards(0, 2)], "1 of 3 shards missing", "shard 1", "--shard 1/3");

    [Fact]
    public void Merge_DuplicateShard_NamesBothFolders()
    {
        string extra = CopyShards(1);
        AssertRefused(["merge", study.Shards, Path.Combine(extra, "shard-1-of-3")], "shard 1/3 appears twice", extra);
    }

    [Fact]
    public void Merge_ShardFromAnotherSeed_NamesFolderAndSeed()
    {
        string dir = CopyShards(0, 2);
        var (code, _, _) = Run(["cohort", .. ShardedStudyFixture.Cohort[..^3], "--seed", "6", "--quiet", "--shard", "1/3", "--out", dir]);
        Assert.Equal(0, code);
        AssertRefused(["merge", dir], "from another study", "seed", "shard-");
    }

    [Fact]
    public void Merge_ShardOfAnotherSplit_Refused()
    {
        string dir = CopyShards(0, 1, 2);
        Assert.Equal(0, Run(["cohort", .. ShardedStudyFixture.Cohort, "--shard", "0/2", "--out", dir]).Code);
        AssertRefused(["merge", dir], "shard-");
    }

    [Fact]
    public void Merge_CorruptedCsv_NamesFile()
    {
        string dir = CopyShards(0, 1, 2);
        string csv = Path.Combine(dir, "shard-2-of-3", "patients.csv");
        var bytes = File.ReadAllBytes(csv);
        bytes[^20] = (byte)'x';
        File.WriteAllBytes(csv, bytes);
        AssertRefused(["merge", dir], csv, "corrupted");
    }

    [Fact]
    public void Merge_TruncatedCsvWithMatchingHash_ReportsParseOrCountError()
    {
        // Even a csv whose damage the manifest's hash does not catch (manifest rewritten to match) is parsed and counted.
        string dir = CopyShards(0, 1, 2);
        string shard = Path.Combine(dir, "shard-0-of-3"), csv = Path.Combine(shard, "patients.csv");
        var lines = File.ReadAllLines(csv);
        File.WriteAllText(csv, string.Join('\n', lines[..^1]) + "\n");
        var m = ShardManifest.Read(Path.Combine(shard, "shard.json"));
        File.WriteAllText(Path.Combine(shard, "shard.json"), (m with { PatientsCsvSha256 = ShardManifest.Sha256OfFile(csv) }).ToJson());
        AssertRefused(["merge", dir], csv, "has 7 patients but shard.json says 8");
    }

    [Fact]
    public void Merge_TaskKilledMidWrite_FolderWithOnlyTempFile_Refused()
    {
        // A task killed while writing leaves only its temporary csv and no shard.json.
        string dir = CopyShards(0, 2);
        string killed = Path.Combine(dir, "shard-1-of-3");
        Directory.CreateDirectory(killed);
        File.WriteAllText(Path.Combine(killed, ".patients.csv.0123.tmp"), "patient,ageYears\n8,4");
        AssertRefused(["merge", dir], killed, "did not finish");
    }

    [Fact]
    public void Merge_LeftoverTempBesideCompleteShard_IgnoredWithNote()
    {
        // The task was killed, then re-run to completion: the old temporary file is reported and never merged.
        string dir = CopyShards(0, 1, 2);
        string leftover = Path.Combine(dir, "shard-1-of-3", ".patients.csv.dead.tmp");
        File.WriteAllText(leftover, "garbage");
        string merged = Path.Combine(TempDir(), "merged");
        var (code, _, err) = Run(["merge", dir, "--out", merged, "--quiet"]);
        Assert.Equal(0, code);
        Assert.Contains(leftover, err);
        Assert.Equal(File.ReadAllBytes(Path.Combine(study.Single, "patients.csv")), File.ReadAllBytes(Path.Combine(merged, "patients.csv")));
    }

    [Fact]
    public void Merge_OutIsSymlinkToShardFolder_RefusedAndShardUntouched()
    {
        string dir = CopyShards(0, 1, 2);
        string shard = Path.Combine(dir, "shard-1-of-3");
        var before = Directory.GetFiles(shard).ToDictionary(f => f, File.ReadAllBytes);
        string link = Path.Combine(TempDir(), "looks-new");
        Directory.CreateSymbolicLink(link, shard);
        var (code, _, err) = Run(["merge", dir, "--out", link, "--quiet"]);
        Assert.Equal(2, code);
        Assert.Contains("is the shard folder", err);
        Assert.Contains("symbolic link", err);
        Assert.Equal(before.Keys.Order(), Directory.GetFiles(shard).Order());
        foreach (var (f, bytes) in before) Assert.Equal(bytes, File.ReadAllBytes(f));
    }

    [Fact]
    public void Merge_ManifestEditedByHand_Refused()
    {
        // study.days edited to 730 in every shard.json: the seal no longer matches.
        string dir = CopyShards(0, 1, 2);
        foreach (string m in Directory.GetFiles(dir, "shard.json", SearchOption.AllDirectories))
            File.WriteAllText(m, File.ReadAllText(m).Replace("\"days\": \"120\"", "\"days\": \"730\""));
        AssertRefused(["merge", dir], "was edited or corrupted", "sealSha256");
    }

    [Theory]
    [InlineData("days", "730", "last day 120 alive but shard.json says 730 days")]
    [InlineData("protocol", "allo-pbsc-mac", "protocol 'auto-cy-atg' but shard.json says 'allo-pbsc-mac'")]
    [InlineData("covariates", "disease=sle;age=40±10[18,65]", "disease 'ms' but shard.json says 'sle'")]
    public void Merge_ManifestResealedButRowsDisagree_Refused(string key, string value, string message)
    {
        // Even a manifest rewritten with a matching seal must agree with what its rows say.
        string dir = CopyShards(0, 1, 2);
        foreach (string path in Directory.GetFiles(dir, "shard.json", SearchOption.AllDirectories))
        {
            var m = ShardManifest.Read(path);
            var study = new SortedDictionary<string, string>(m.Study.ToDictionary(), StringComparer.Ordinal) { [key] = value };
            File.WriteAllText(path, (m with { Study = study }).ToJson());
        }
        AssertRefused(["merge", dir], message);
    }

    [Fact]
    public void Merge_KeyOnlyInLaterShard_Refused()
    {
        string dir = CopyShards(0, 1, 2);
        string path = Path.Combine(dir, "shard-2-of-3", "shard.json");
        var m = ShardManifest.Read(path);
        var study = new SortedDictionary<string, string>(m.Study.ToDictionary(), StringComparer.Ordinal) { ["extra"] = "x" };
        File.WriteAllText(path, (m with { Study = study }).ToJson());
        AssertRefused(["merge", dir], "from another study", "extra x differs from (none)");
    }

    [Fact]
    public void Merge_HugeShardCount_ClearErrorNotOutOfMemory()
    {
        string dir = CopyShards(0, 1, 2);
        foreach (string path in Directory.GetFiles(dir, "shard.json", SearchOption.AllDirectories))
            File.WriteAllText(path, (ShardManifest.Read(path) with { Shards = int.MaxValue }).ToJson());
        AssertRefused(["merge", dir], "shards 2147483647 is outside 1 to 25");
    }

    [Fact]
    public void Merge_NoOutOrNoShards_ExitsTwo()
    {
        Assert.Equal(2, Run(["merge", study.Shards]).Code);
        AssertRefused(["merge", TempDir()], "no shard.json and no shard-* folders");
        AssertRefused(["merge", Path.Combine(TempDir(), "nope")], "does not exist");
    }

    [Theory]
    [InlineData("3/3")]
    [InlineData("-1/3")]
    [InlineData("1/0")]
    [InlineData("1/26")]
    [InlineData("a/b")]
    [InlineData("2")]
    public void Shard_BadValue_ExitsTwoNamingOptionAndRange(string value)
    {
        var (code, _, err) = Run(["cohort", .. ShardedStudyFixture.Cohort, "--shard", value, "--out", TempDir()]);
        Assert.Equal(2, code);
        Assert.Contains($"--shard: '{value}' is not allowed", err);
        Assert.Contains("N from 1 to 25", err);
    }

    [Fact]
    public void Shard_FromSlurmArrayVariables_UsesIdMinusMin()
    {
        string dir = TempDir();
        var env = new Dictionary<string, string> { [Shard.TaskId] = "7", [Shard.TaskCount] = "3", [Shard.TaskMin] = "5" };
        var (code, _, err) = Run(["cohort", .. ShardedStudyFixture.Cohort, "--out", dir], n => env.GetValueOrDefault(n));
        Assert.True(code == 0, err);
        Assert.Equal(File.ReadAllBytes(Path.Combine(study.Shards, "shard-2-of-3", "patients.csv")), File.ReadAllBytes(Path.Combine(dir, "shard-2-of-3", "patients.csv")));
    }

    [Theory]
    [InlineData("3", "3", null, "SLURM_ARRAY_TASK_ID: '3' is not allowed; use a whole number from 0 to 2")]
    [InlineData("4", "3", "5", "SLURM_ARRAY_TASK_ID: '4' is not allowed; use a whole number from 5 to 7")]
    [InlineData("0", "x", null, "SLURM_ARRAY_TASK_COUNT: 'x' is not allowed; use a whole number from 1 to 25")]
    [InlineData("0", "26", null, "SLURM_ARRAY_TASK_COUNT: '26' is not allowed")]
    [InlineData("0", "2", "-1", "SLURM_ARRAY_TASK_MIN: '-1' is not allowed")]
    [InlineData("0", null, null, "SLURM_ARRAY_TASK_COUNT is not set")]
    public void Shard_BadSlurmVariables_ExitsTwoNamingVariable(string? id, string? count, string? min, string message)
    {
        var env = new Dictionary<string, string?> { [Shard.TaskId] = id, [Shard.TaskCount] = count, [Shard.TaskMin] = min };
        var (code, _, err) = Run(["cohort", .. ShardedStudyFixture.Cohort, "--out", TempDir()], n => env.GetValueOrDefault(n));
        Assert.Equal(2, code);
        Assert.Contains(message, err);
        Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Shard_Blocks_PartitionEveryIndexOnceInOrder()
    {
        for (int patients = 1; patients <= 40; patients++)
            for (int n = 1; n <= patients; n++)
            {
                int next = 0;
                for (int k = 0; k < n; k++)
                {
                    var s = new Shard(k, n, patients);
                    Assert.Equal(next, s.First);
                    Assert.InRange(s.Size, patients / n, patients / n + 1);
                    next += s.Size;
                }
                Assert.Equal(patients, next);
            }
    }
}
