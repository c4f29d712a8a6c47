using System.Text.Json;
using Reconstitution.Cli;

namespace Reconstitution.Tests.Cli;

/// <summary>One small unsharded sensitivity run and the same run in 3 uneven shards, made once for the tests.</summary>
public sealed class SensitivityRunFixture
{
    public const string Space = """
        {
          "parameters": [
            { "name": "homingEfficiency" },
            { "name": "granulopoiesis.mitoticPoolDays", "distribution": "truncatedNormal", "mean": 5, "sd": 1, "min": 4, "max": 7 }
          ]
        }
        """;

    public SensitivityRunFixture()
    {
        Root = Directory.CreateTempSubdirectory("recon-sensitivity").FullName;
        SpaceFile = Path.Combine(Root, "space.json");
        File.WriteAllText(SpaceFile, Space);
        Single = Path.Combine(Root, "single");
        Shards = Path.Combine(Root, "shards");
        Merged = Path.Combine(Root, "merged");
        Check(CliApp.Run(["sensitivity", .. Args(SpaceFile), "--out", Single, "--threads", "2"], TextWriter.Null, TextWriter.Null));
        for (int k = 0; k < 3; k++)
            Check(CliApp.Run(["sensitivity", .. Args(SpaceFile), "--out", Shards, "--shard", $"{k}/3", "--threads", (k % 2 + 1).ToString()], TextWriter.Null, TextWriter.Null));
        Check(CliApp.Run(["sensitivity", "--merge", Shards, "--out", Merged, "--quiet"], TextWriter.Null, TextWriter.Null));
    }

    /// <summary>The study's options, with one option's value replaced when <paramref name="option"/> is given.</summary>
    public static string[] Args(string space, string? option = null, string? value = null)
    {
        string[] args = ["--protocol", "auto-cy-atg", "--space", space, "--method", "morris", "--samples", "2", "--patients-per-point", "4", "--days", "30",
            "--replicates", "1", "--seed", "9", "--candidates", "4", "--endpoints", "neutrophilEngraftmentDay,graftFailure", "--quiet"];
        if (option is null) return args;
        int at = Array.IndexOf(args, option);
        return at < 0 ? [.. args, option, value!] : [.. args[..(at + 1)], value!, .. args[(at + 2)..]];
    }

    public string Root { get; }

    public string SpaceFile { get; }

    public string Single { get; }

    public string Shards { get; }

    public string Merged { get; }

    private static void Check(int code)
    {
        if (code != 0) throw new InvalidOperationException($"fixture run failed with exit code {code}");
    }
}

public class SensitivityCommandTests(SensitivityRunFixture run) : IClassFixture<SensitivityRunFixture>
{
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = CliApp.Run(args, o, e, environment: _ => null);
        return (code, o.ToString(), e.ToString());
    }

    [Fact]
    public void Merge_ThreeUnevenShards_ByteIdenticalToUnshardedRun()
    {
        foreach (string f in new[] { "sensitivity.csv", "sensitivity.json", "sensitivity.svg", "points.csv" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(run.Single, f)), File.ReadAllBytes(Path.Combine(run.Merged, f)));
        var csv = File.ReadAllLines(Path.Combine(run.Single, "sensitivity.csv"));
        Assert.Equal("endpoint,parameter,index,value,standardError,ci95Low,ci95High,noiseFloor,noiseShare", csv[0]);
        Assert.Equal(1 + 2 * 2 * 3, csv.Length); // 2 endpoints × 2 parameters × (muStar, mu, sigma)
    }

    // 'reconstitution merge' recognises sensitivity shards and gives the same result as 'sensitivity --merge'.
    [Fact]
    public void MergeCommand_SensitivityShards_SameBytesAsSensitivityMerge()
    {
        string outDir = Path.Combine(Directory.CreateTempSubdirectory("recon-sens-merge").FullName, "merged");
        var (code, _, err) = Run("merge", run.Shards, "--out", outDir, "--quiet");
        Assert.True(code == 0, err);
        foreach (string f in new[] { "sensitivity.csv", "sensitivity.json", "sensitivity.svg", "points.csv" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(run.Merged, f)), File.ReadAllBytes(Path.Combine(outDir, f)));
    }

    [Fact]
    public void Run_FolderLockedByLiveRun_ExitsTwoAndWritesNothing()
    {
        string dir = Directory.CreateTempSubdirectory("recon-sens-lock").FullName;
        using (RunFolder.Open(new CliApp(TextWriter.Null, TextWriter.Null, default, interactive: false), dir, "sensitivity (the first run)"))
        {
            var (code, _, err) = Run(["sensitivity", .. SensitivityRunFixture.Args(run.SpaceFile), "--out", dir]);
            Assert.Equal(2, code);
            Assert.Contains("in use by another run", err);
            Assert.False(File.Exists(Path.Combine(dir, "points.csv")), "the refused run wrote into the locked folder");
        }
    }

    [Fact]
    public void Run_SingleShardsAndMerge_EachFolderSaysCompleteAndListsItsFiles()
    {
        static (string Status, string Command, string[] Files) Manifest(string dir)
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, RunFolder.ManifestName)));
            var r = doc.RootElement;
            return (r.GetProperty("status").GetString()!, r.GetProperty("command").GetString()!, [.. r.GetProperty("files").EnumerateArray().Select(f => f.GetString()!)]);
        }
        static bool Same((string, string, string[]) a, (string, string, string[]) b) => a.Item1 == b.Item1 && a.Item2 == b.Item2 && a.Item3.SequenceEqual(b.Item3);
        string[] outputs = ["points.csv", "sensitivity.csv", "sensitivity.json", "sensitivity.svg"];
        Assert.Equal(("complete", "sensitivity", outputs), Manifest(run.Single), Same);
        Assert.Equal(("complete", "sensitivity --merge", outputs), Manifest(run.Merged), Same);
        for (int k = 0; k < 3; k++)
        {
            var shard = Manifest(Path.Combine(run.Shards, $"shard-{k}-of-3"));
            Assert.Equal(("complete", $"sensitivity --shard {k}/3", ["points.csv", SensitivityShards.ManifestName]), shard, Same);
        }
    }

    [Fact]
    public void Merge_OutIsAShardFolder_RefusesAndLeavesTheShardAlone()
    {
        string shard = Path.Combine(run.Shards, "shard-0-of-3");
        byte[] before = File.ReadAllBytes(Path.Combine(shard, "points.csv"));
        var (code, _, err) = Run("sensitivity", "--merge", run.Shards, "--out", shard);
        Assert.Equal(2, code);
        Assert.Contains("is the shard folder", err);
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(shard, "points.csv")));
    }

    [Fact]
    public void Merge_MissingShard_RefusesAndWritesNothing()
    {
        string dir = Directory.CreateTempSubdirectory("recon-sens-merge").FullName;
        foreach (int k in new[] { 0, 2 })
        {
            string from = Path.Combine(run.Shards, $"shard-{k}-of-3"), to = Path.Combine(dir, $"shard-{k}-of-3");
            Directory.CreateDirectory(to);
            foreach (string f in Directory.GetFiles(from)) File.Copy(f, Path.Combine(to, Path.GetFileName(f)));
        }
        string outDir = Path.Combine(dir, "merged");
        var (code, _, err) = Run("sensitivity", "--merge", dir, "--out", outDir);
        Assert.Equal(2, code);
        Assert.Contains("1 of 3 shards missing (shard 1)", err);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void Merge_ChangedPointsFile_Refuses()
    {
        string dir = Directory.CreateTempSubdirectory("recon-sens-merge").FullName;
        for (int k = 0; k < 3; k++)
        {
            string from = Path.Combine(run.Shards, $"shard-{k}-of-3"), to = Path.Combine(dir, $"shard-{k}-of-3");
            Directory.CreateDirectory(to);
            foreach (string f in Directory.GetFiles(from)) File.Copy(f, Path.Combine(to, Path.GetFileName(f)));
        }
        File.AppendAllText(Path.Combine(dir, "shard-1-of-3", "points.csv"), "x\n");
        var (code, _, err) = Run("sensitivity", "--merge", dir, "--out", Path.Combine(dir, "merged"));
        Assert.Equal(2, code);
        Assert.Contains("SHA-256", err);
    }

    [Fact]
    public void List_PrintsEveryGroupWithUnitsAndRanges()
    {
        var (code, output, _) = Run("sensitivity", "--list");
        Assert.Equal(0, code);
        Assert.Contains("granulopoiesis.mitoticPoolDays", output);
        Assert.Contains("risks.acuteGvhdMaxPerDay", output);
        Assert.Contains("cd34PerKg", output);
        Assert.Contains("autoimmunity.deathPerDay", output);
        Assert.Contains("agent.cyclophosphamide.logKillPerUnit.autoreactive", output);
        Assert.Contains("4–7", output);
    }

    [Fact]
    public void Run_AutoimmunityParameterWithoutDisease_ExitsTwoNamingIt()
    {
        string space = Path.Combine(run.Root, "clone.json");
        File.WriteAllText(space, """{ "parameters": [ { "name": "autoimmunity.deathPerDay" } ] }""");
        var (code, _, err) = Run(["sensitivity", .. SensitivityRunFixture.Args(space, "--disease", "none"), "--out", Path.Combine(run.Root, "never-clone")]);
        Assert.Equal(2, code);
        Assert.Contains("--space: Parameter 'autoimmunity.deathPerDay' applies to patients with an autoimmune disease; the cohort's disease is None.", err);
        Assert.False(Directory.Exists(Path.Combine(run.Root, "never-clone")));
    }

    [Fact]
    public void Run_UnknownParameterInSpace_ExitsTwoNamingFileLineAndField()
    {
        string space = Path.Combine(run.Root, "bad-name.json");
        File.WriteAllText(space, "{ \"parameters\": [\n  { \"name\": \"granulopoiesis.gcsfMaxBoost\" } ] }");
        var (code, _, err) = Run(["sensitivity", .. SensitivityRunFixture.Args(space), "--out", Path.Combine(run.Root, "never")]);
        Assert.Equal(2, code);
        Assert.Contains("bad-name.json:2:13: field 'parameters[0].name': unknown parameter 'granulopoiesis.gcsfMaxBoost'", err);
        Assert.False(Directory.Exists(Path.Combine(run.Root, "never")));
    }

    [Fact]
    public void Run_NegativeLogUniformBound_ExitsTwoNamingIt()
    {
        string space = Path.Combine(run.Root, "bad-log.json");
        File.WriteAllText(space, """{ "parameters": [ { "name": "stemCells.hscCount", "distribution": "logUniform", "min": -1e4, "max": 2e5 } ] }""");
        var (code, _, err) = Run(["sensitivity", .. SensitivityRunFixture.Args(space)]);
        Assert.Equal(2, code);
        Assert.Contains("field 'parameters[0].min': stemCells.hscCount: A log-uniform distribution needs a minimum > 0; it was -10000.", err);
    }

    [Theory]
    [InlineData("--method", "lhs", "--method: 'lhs' is not allowed; use morris or sobol.")]
    [InlineData("--samples", "1", "--samples: '1' is not allowed")]
    [InlineData("--levels", "3", "--levels: '3' is not allowed; use an even number")]
    [InlineData("--endpoints", "cure", "--endpoints: 'cure' is not an endpoint")]
    [InlineData("--candidates", "2", "--candidates: '2' is not allowed")]
    [InlineData("--shard", "3/3", "--shard: '3/3' is not allowed")]
    public void Run_BadOption_ExitsTwoWithOneLine(string option, string value, string message)
    {
        var (code, _, err) = Run(["sensitivity", .. SensitivityRunFixture.Args(run.SpaceFile, option, value)]);
        Assert.Equal(2, code);
        Assert.Contains(message, err);
        Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Run_WithoutSpace_ExplainsWhatIsNeeded()
    {
        var (code, _, err) = Run("sensitivity", "--protocol", "auto-cy-atg");
        Assert.Equal(2, code);
        Assert.Contains("--space FILE is required", err);
    }
}
