using System.Diagnostics;
using System.Text.Json;
using Reconstitution.Cli;

namespace Reconstitution.Tests.Cli;

/// <summary>
/// The real process under signals (issue 20): SIGTERM is handled like Ctrl+C, and SIGKILL leaves a folder that says it
/// is incomplete, with no file under a real name that is not whole. Runs the CLI as a child process.
/// </summary>
public class SignalTests
{
    private static readonly string Cli = typeof(CliApp).Assembly.Location;

    private static Process Start(string workingDirectory, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add(Cli);
        foreach (string a in args) info.ArgumentList.Add(a);
        return Process.Start(info)!;
    }

    private static string TempDir() => Directory.CreateTempSubdirectory("recon-signal").FullName;

    private static string Status(string dir) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "run.json"))).RootElement.GetProperty("status").GetString()!;

    // A long single-threaded cohort; returns once at least one patient's row is in the streamed temporary file.
    private static Process StartLongCohort(string dir)
    {
        var p = Start(dir, "cohort", "--protocol", "auto-cy-atg", "--patients", "100000", "--days", "3650", "--threads", "1", "--out", dir, "--quiet");
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(120))
        {
            if (p.HasExited) throw new InvalidOperationException("the run ended early: " + p.StandardError.ReadToEnd());
            var temporary = Directory.GetFiles(dir, ".patients.csv.*.tmp").FirstOrDefault();
            if (temporary is not null && File.ReadAllLines(temporary).Length >= 2) return p;
            Thread.Sleep(100);
        }
        p.Kill();
        throw new TimeoutException("no patient finished within 120 s");
    }

    [Fact]
    public void Sigterm_LikeCtrlC_Exits130WithFinishedPatientsAndCancelledManifest()
    {
        string dir = TempDir();
        using var p = StartLongCohort(dir);
        // The shell's built-in kill: no procps package needed.
        using (var kill = Process.Start("/bin/sh", ["-c", "kill -TERM " + p.Id])) kill.WaitForExit();
        Assert.True(p.WaitForExit(30_000), "SIGTERM did not stop the run within 30 s");
        Assert.Equal(130, p.ExitCode);
        Assert.Equal("cancelled", Status(dir));
        var rows = File.ReadAllLines(Path.Combine(dir, "patients.csv"));
        Assert.True(rows.Length >= 2, "the finished patients were not written");
        Assert.Empty(Directory.GetFiles(dir, "*.tmp"));
        Assert.False(File.Exists(Path.Combine(dir, RunLock.FileName)));
    }

    [Fact]
    public void Sigkill_FolderSaysRunningWithNoHalfFile_NextRunCleansUp()
    {
        string dir = TempDir();
        Assert.Equal(0, CliApp.Run(["cohort", "--protocol", "auto-cy-atg", "--patients", "2", "--days", "10", "--out", dir, "--quiet"], TextWriter.Null, TextWriter.Null, environment: _ => null));
        using (var p = StartLongCohort(dir))
        {
            p.Kill();
            p.WaitForExit();
        }
        Assert.Equal("running", Status(dir));
        foreach (string f in new[] { "trajectory.csv", "summary.json", "bands.csv", "bands.svg", "lymphocytes.svg", "incidence.svg" })
            Assert.False(File.Exists(Path.Combine(dir, f)), $"{f} of the earlier, complete run is still there beside the killed rerun");
        Assert.False(File.Exists(Path.Combine(dir, "patients.csv")), "a streamed file appeared under its real name before the run ended");
        Assert.NotEmpty(Directory.GetFiles(dir, "*.tmp"));
        Assert.True(File.Exists(Path.Combine(dir, RunLock.FileName)));

        var err = new StringWriter();
        int code = CliApp.Run(["cohort", "--protocol", "auto-cy-atg", "--patients", "2", "--days", "10", "--out", dir, "--quiet"], TextWriter.Null, err, environment: _ => null);
        Assert.Equal(0, code);
        Assert.Contains("no longer running", err.ToString());
        Assert.Equal("complete", Status(dir));
        Assert.Empty(Directory.GetFiles(dir, "*.tmp"));
    }

    [Fact]
    public void Simulate_WithoutOut_WritesIntoItsOwnFolder()
    {
        string cwd = TempDir();
        using var p = Start(cwd, "simulate", "--protocol", "auto-cy-atg", "--days", "5", "--quiet");
        Assert.True(p.WaitForExit(120_000));
        Assert.Equal(0, p.ExitCode);
        Assert.True(File.Exists(Path.Combine(cwd, "out", "simulate", "counts.svg")));
        Assert.False(File.Exists(Path.Combine(cwd, "out", "patients.csv")));
    }
}
