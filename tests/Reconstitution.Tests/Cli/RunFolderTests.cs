using System.Diagnostics;
using System.Text.Json;
using Reconstitution.Cli;

namespace Reconstitution.Tests.Cli;

/// <summary>An output folder belongs to one run: lock, run.json, removal of an earlier run's files, atomic files (issue 20).</summary>
public class RunFolderTests
{
    private static readonly string[] Small = ["--protocol", "auto-cy-atg", "--patients", "3", "--days", "15", "--quiet"];

    private static (int Code, string Out, string Err) Run(string[] args, CancellationToken cancel = default)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = CliApp.Run(args, o, e, cancel, environment: _ => null);
        return (code, o.ToString(), e.ToString());
    }

    private static string TempDir() => Directory.CreateTempSubdirectory("recon-run").FullName;

    private static JsonElement Manifest(string dir) => JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "run.json"))).RootElement;

    [Fact]
    public void Cohort_FolderLockedByLiveRun_SecondRunExitsTwoNamingHolder()
    {
        string dir = TempDir();
        var app = new CliApp(TextWriter.Null, TextWriter.Null, default, interactive: false);
        using (var holder = RunFolder.Open(app, dir, "cohort (the first run)"))
        {
            var (code, _, err) = Run(["cohort", .. Small, "--out", dir]);
            Assert.Equal(2, code);
            Assert.Contains("in use by another run", err);
            Assert.Contains($"process {Environment.ProcessId}", err);
            Assert.Contains("cohort (the first run)", err);
            Assert.False(File.Exists(Path.Combine(dir, "patients.csv")), "the refused run wrote into the locked folder");
        }
        Assert.Equal(0, Run(["cohort", .. Small, "--out", dir]).Code); // released: the folder is free again
        Assert.False(File.Exists(Path.Combine(dir, RunLock.FileName)));
    }

    [Fact]
    public void Cohort_StaleLockOfDeadProcess_TakenOverWithNote()
    {
        string dir = TempDir();
        using var dead = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", "exit 0"]) { UseShellExecute = false })!;
        dead.WaitForExit();
        File.WriteAllText(Path.Combine(dir, RunLock.FileName),
            $$"""{ "pid": {{dead.Id}}, "processStartUtc": "2020-01-01T00:00:00Z", "host": "{{Environment.MachineName}}", "command": "cohort", "startedUtc": "2020-01-01T00:00:00Z" }""");
        var (code, _, err) = Run(["cohort", .. Small, "--out", dir]);
        Assert.Equal(0, code);
        Assert.Contains("no longer running", err);
        Assert.True(Manifest(dir).GetProperty("complete").GetBoolean());
    }

    [Fact]
    public void Cohort_Completed_RunJsonListsFilesAndSaysComplete()
    {
        string dir = TempDir();
        Assert.Equal(0, Run(["cohort", .. Small, "--out", dir]).Code);
        var m = Manifest(dir);
        Assert.Equal("reconstitution-run/1", m.GetProperty("format").GetString());
        Assert.Equal("complete", m.GetProperty("status").GetString());
        Assert.Equal("cohort", m.GetProperty("command").GetString());
        var files = m.GetProperty("files").EnumerateArray().Select(f => f.GetString()!).ToList();
        Assert.Equal(["patients.csv", "trajectory.csv", "summary.json", "bands.csv", "bands.svg", "lymphocytes.svg", "incidence.svg"], files);
        foreach (string f in files) Assert.True(File.Exists(Path.Combine(dir, f)), f);
        Assert.Empty(Directory.GetFiles(dir, "*.tmp"));
        Assert.False(File.Exists(Path.Combine(dir, RunLock.FileName)));
    }

    [Fact]
    public void Rerun_WithoutTrajectoriesOrAsSimulate_LeavesNoFileOfTheEarlierRun()
    {
        string dir = TempDir();
        Assert.Equal(0, Run(["cohort", .. Small, "--out", dir]).Code);
        Assert.Equal(0, Run(["cohort", .. Small, "--trajectories", "0", "--out", dir]).Code);
        Assert.False(File.Exists(Path.Combine(dir, "trajectory.csv")), "--trajectories 0 left the earlier trajectory.csv");
        Assert.Equal(0, Run(["simulate", "--protocol", "auto-cy-atg", "--days", "15", "--quiet", "--out", dir]).Code);
        foreach (string f in new[] { "bands.svg", "lymphocytes.svg", "incidence.svg" })
            Assert.False(File.Exists(Path.Combine(dir, f)), $"simulate left the cohort's {f}");
        Assert.True(File.Exists(Path.Combine(dir, "counts.svg")));
    }

    [Fact]
    public void Rerun_Cancelled_FolderSaysIncompleteAndHoldsNoFileOfTheEarlierRun()
    {
        string dir = TempDir();
        Assert.Equal(0, Run(["cohort", .. Small, "--out", dir]).Code);
        string earlierSummary = File.ReadAllText(Path.Combine(dir, "summary.json"));
        var (code, _, err) = Run(["cohort", .. Small, "--seed", "9", "--out", dir], new CancellationToken(canceled: true));
        Assert.Equal(130, code);
        Assert.Contains("cancelled", err);
        var m = Manifest(dir);
        Assert.Equal("cancelled", m.GetProperty("status").GetString());
        Assert.False(m.GetProperty("complete").GetBoolean());
        // No patient finished: no summary, bands or charts, and certainly not the earlier run's.
        foreach (string f in new[] { "summary.json", "bands.csv", "bands.svg", "lymphocytes.svg", "incidence.svg" })
            Assert.False(File.Exists(Path.Combine(dir, f)), $"{f} of the earlier run survived the rerun");
        Assert.Equal("patient", File.ReadAllLines(Path.Combine(dir, "patients.csv")).Single().Split(',')[0]);
        Assert.NotEqual(earlierSummary, File.Exists(Path.Combine(dir, "summary.json")) ? File.ReadAllText(Path.Combine(dir, "summary.json")) : "");
        Assert.Empty(Directory.GetFiles(dir, "*.tmp"));
    }

    [Fact]
    public void Cohort_SymlinkPlantedInOut_ReplacedNeverFollowed()
    {
        string dir = TempDir(), elsewhere = TempDir();
        string victim = Path.Combine(elsewhere, "precious.txt");
        File.WriteAllText(victim, "do not overwrite");
        foreach (string f in new[] { "patients.csv", "trajectory.csv", "summary.json", "run.json" })
            File.CreateSymbolicLink(Path.Combine(dir, f), victim);
        Assert.Equal(0, Run(["cohort", .. Small, "--out", dir]).Code);
        Assert.Equal("do not overwrite", File.ReadAllText(victim));
        foreach (string f in new[] { "patients.csv", "trajectory.csv", "summary.json", "run.json" })
            Assert.Null(new FileInfo(Path.Combine(dir, f)).LinkTarget);
    }

    [Fact]
    public void Out_Empty_ExitsTwo()
    {
        var (code, _, err) = Run(["cohort", .. Small, "--out", ""]);
        Assert.Equal(2, code);
        Assert.Contains("--out: an empty folder name is not allowed", err);
    }

    [Theory]
    [InlineData("--trajectories", "x")]
    [InlineData("--shard", "5/3")]
    [InlineData("--days", "0")]
    public void Cohort_BadOption_CreatesNoFolder(string option, string value)
    {
        string dir = Path.Combine(TempDir(), "never");
        Assert.Equal(2, Run(["cohort", .. Small, option, value, "--out", dir]).Code);
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void WriteFailure_LeavesNoHalfFileUnderRealNameAndNoTemporary()
    {
        // A folder planted where summary.json goes makes the rename fail after the CSVs were streamed: the run fails,
        // run.json says so, and no temporary is left behind.
        string dir = TempDir();
        Directory.CreateDirectory(Path.Combine(dir, "summary.json"));
        var (code, _, _) = Run(["cohort", .. Small, "--out", dir]);
        Assert.Equal(1, code);
        Assert.Equal("failed", Manifest(dir).GetProperty("status").GetString());
        Assert.Empty(Directory.GetFiles(dir, "*.tmp"));
        Assert.False(File.Exists(Path.Combine(dir, "bands.csv")));
    }

    [Fact]
    public void Rerun_RemovesLeftoverTemporariesButKeepsOtherFiles()
    {
        string dir = TempDir();
        File.WriteAllText(Path.Combine(dir, "notes.txt"), "mine");
        string leftover = Path.Combine(dir, ".patients.csv.0123456789abcdef0123456789abcdef.tmp");
        File.WriteAllText(leftover, "patient,age\n0,4");
        Directory.CreateDirectory(Path.Combine(dir, "shard-0-of-2"));
        Assert.Equal(0, Run(["cohort", .. Small, "--out", dir]).Code);
        Assert.False(File.Exists(leftover));
        Assert.Equal("mine", File.ReadAllText(Path.Combine(dir, "notes.txt")));
        Assert.True(Directory.Exists(Path.Combine(dir, "shard-0-of-2")));
    }

    [Fact]
    public void RealPath_RelativeAndAbsoluteLinksAndDotDot_ResolveToTheSameFolder()
    {
        string root = TempDir();
        string target = Directory.CreateDirectory(Path.Combine(root, "a", "target")).FullName;
        Directory.CreateSymbolicLink(Path.Combine(root, "absolute"), target);
        Directory.CreateSymbolicLink(Path.Combine(root, "a", "relative"), "target");
        Directory.CreateSymbolicLink(Path.Combine(root, "chain"), Path.Combine("a", "relative"));
        string real = RealPath.Of(target);
        Assert.Equal(real, RealPath.Of(Path.Combine(root, "absolute")));
        Assert.Equal(real, RealPath.Of(Path.Combine(root, "chain")));
        Assert.Equal(real, RealPath.Of(Path.Combine(root, "chain", "..", "target")));
        Assert.Equal(Path.Combine(real, "not-yet"), RealPath.Of(Path.Combine(root, "absolute", "not-yet")));
        Assert.False(RealPath.Same(Path.Combine(root, "a"), target));
    }
}
