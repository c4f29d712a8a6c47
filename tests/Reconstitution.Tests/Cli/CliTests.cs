using System.Text.Json;
using Reconstitution.Cli;
using Reconstitution.Protocols;

namespace Reconstitution.Tests.Cli;

public class CliTests
{
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = CliApp.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    private static string TempDir() => Directory.CreateTempSubdirectory("recon-cli").FullName;

    [Theory]
    [InlineData("--protocol nope", "--protocol: 'nope' is not a built-in protocol", "auto-cy-atg")]
    [InlineData("--protocol auto-cy-atg --patients 0", "--patients: '0' is not allowed", "from 1 to 10000000")]
    [InlineData("--protocol auto-cy-atg --days -5", "--days: '-5' is not allowed", "from 1 to 36500")]
    [InlineData("--protocol auto-cy-atg --disease flu", "--disease: 'flu' is not a known disease", "ms, ssc, sle")]
    [InlineData("--protocol auto-cy-atg --threads 0", "--threads: '0' is not allowed", "from 1 to 1024")]
    [InlineData("--protocol auto-cy-atg --seed -1", "--seed: '-1' is not allowed", "whole number")]
    [InlineData("--protocol auto-cy-atg --bogus 1", "Unrecognized command or argument '--bogus'", "--help")]
    public void Cohort_BadInput_ExitsTwoWithOneLineMessage(string args, string what, string allowed)
    {
        var (code, _, err) = Run(["cohort", .. args.Split(' '), "--out", TempDir()]);
        Assert.Equal(2, code);
        Assert.Contains(what, err);
        Assert.Contains(allowed, err);
        Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain("   at ", err);
    }

    [Theory]
    [InlineData(new string[0], false)]
    [InlineData(new[] { "cohort", "--protocol", "auto-cy-atg", "--patients", "2", "--out", "/home/x", "--quiet" }, false)]
    [InlineData(new[] { "cohort", "--days", "-5" }, false)]
    [InlineData(new[] { "--help" }, true)]
    [InlineData(new[] { "cohort", "-h" }, true)]
    [InlineData(new[] { "cohort", "/h" }, true)]
    [InlineData(new[] { "cohort", "-?" }, true)]
    [InlineData(new[] { "cohort", "/?" }, true)]
    [InlineData(new[] { "--version" }, true)]
    [InlineData(new[] { "cohort", "--help:true" }, true)]
    [InlineData(new[] { "cohort", "--help=x" }, true)]
    [InlineData(new[] { "cohort", "-qh" }, true)]
    [InlineData(new[] { "cohort", "@args.rsp" }, true)]
    public void MayAskForHelpOrVersion_TrueForEveryTokenThatCanNameThem(string[] args, bool expected) =>
        Assert.Equal(expected, CliApp.MayAskForHelpOrVersion(args));

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("-?")]
    [InlineData("/h")]
    [InlineData("/?")]
    public void Help_EveryAlias_PrintsTheCommandsHelp(string alias)
    {
        // The help option is built only when a token may name it (CliApp.BuildRoot): every alias must still reach it, at the
        // root and after a command.
        var (code, output, err) = Run(alias);
        Assert.Equal(0, code);
        Assert.Equal("", err);
        foreach (string command in new[] { "cohort", "simulate", "protocols", "forecast" }) Assert.Contains(command, output);
        var (code2, cohortHelp, _) = Run("cohort", alias);
        Assert.Equal(0, code2);
        Assert.Contains("--protocol", cohortHelp);
        Assert.Contains("--trajectories", cohortHelp);
    }

    [Fact]
    public void Version_PrintsTheVersion()
    {
        var (code, output, err) = Run("--version");
        Assert.Equal(0, code);
        Assert.Equal("", err);
        Assert.Matches(@"^\d+\.\d+\.\d+", output);
    }

    [Fact]
    public void Cohort_MalformedProtocolFile_ExitsTwoWithLineAndColumn()
    {
        string dir = TempDir();
        string file = Path.Combine(dir, "bad.json");
        File.WriteAllText(file, "{\n  \"name\": \"x\",\n  \"graft\": { \"source\": \"moon\" }\n}\n");
        var (code, _, err) = Run("cohort", "--protocol", file, "--out", dir);
        Assert.Equal(2, code);
        Assert.Contains("bad.json:3:", err);
        Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Protocols_ListsEveryBuiltIn_AndShowRoundTrips()
    {
        var (code, output, _) = Run("protocols");
        Assert.Equal(0, code);
        foreach (var n in BuiltInProtocols.Names) Assert.Contains(n, output);
        var (code2, json, _) = Run("protocols", "--show", "auto-cy-atg");
        Assert.Equal(0, code2);
        Assert.Equal(ProtocolFile.Write(BuiltInProtocols.Get("auto-cy-atg").Definition), ProtocolFile.Write(ProtocolFile.Parse(json)));
        Assert.Equal(2, Run("protocols", "--show", "nope").Code);
    }

    [Fact]
    public void Cohort_OneVersusTwoThreads_ByteIdenticalFiles()
    {
        string a = TempDir(), b = TempDir();
        Assert.Equal(0, Run("cohort", "--protocol", "auto-cy-atg", "--patients", "5", "--days", "20", "--threads", "1", "--out", a, "--quiet").Code);
        Assert.Equal(0, Run("cohort", "--protocol", "auto-cy-atg", "--patients", "5", "--days", "20", "--threads", "2", "--out", b, "--quiet").Code);
        foreach (var f in new[] { "patients.csv", "summary.json", "trajectory.csv", "bands.csv" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(a, f)), File.ReadAllBytes(Path.Combine(b, f)));
        foreach (var f in new[] { "bands.svg", "lymphocytes.svg", "incidence.svg" })
            Assert.True(File.Exists(Path.Combine(a, f)), f);
    }

    [Fact]
    public void Cohort_Json_PrintsSummaryJson()
    {
        var (code, output, _) = Run("cohort", "--protocol", "auto-cy-atg", "--patients", "3", "--days", "15", "--out", TempDir(), "--json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal("auto-cy-atg", doc.RootElement.GetProperty("protocol").GetString());
        Assert.Equal(3, doc.RootElement.GetProperty("patients").GetInt32());
    }

    [Fact]
    public void Cohort_CancelledToken_ExitsWith130AndValidFiles()
    {
        string dir = TempDir();
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var o = new StringWriter();
        var e = new StringWriter();
        int code = CliApp.Run(["cohort", "--protocol", "auto-cy-atg", "--patients", "50", "--days", "15", "--out", dir, "--quiet"], o, e, cts.Token);
        Assert.Equal(130, code);
        Assert.Contains("cancelled; 0 of 50 patients finished", e.ToString());
        Assert.Equal("patient", File.ReadAllText(Path.Combine(dir, "patients.csv")).Split(',')[0]);
    }

    [Fact]
    public void Simulate_WritesFilesAndPrintsTable()
    {
        string dir = TempDir();
        var (code, output, err) = Run("simulate", "--protocol", "auto-cy-atg", "--days", "20", "--age", "35", "--weight", "60", "--out", dir);
        Assert.True(code == 0, err);
        Assert.Contains("Neutrophil engraftment", output);
        foreach (var f in new[] { "patients.csv", "trajectory.csv", "summary.json", "counts.svg" })
            Assert.True(File.Exists(Path.Combine(dir, f)), f);
        Assert.Contains("35,female,60,ms", File.ReadAllText(Path.Combine(dir, "patients.csv")));
    }

    [Fact]
    public void Simulate_AgeOutOfRange_ExitsTwo()
    {
        var (code, _, err) = Run("simulate", "--protocol", "auto-cy-atg", "--age", "200", "--out", TempDir());
        Assert.Equal(2, code);
        Assert.Contains("--age: '200' is not allowed; use a number from 0 to 120 years.", err);
    }
}

public class CliSweepCompareTests
{
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = CliApp.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    [Fact]
    public void Sweep_ThreeDoses_OneRowPerGridPointAndChart()
    {
        string dir = Directory.CreateTempSubdirectory("recon-sweep").FullName;
        var (code, _, err) = Run("sweep", "--protocol", "auto-cy-atg", "--vary", "cd34PerKg=1e6:9e6:3", "--patients", "2", "--days", "15", "--out", dir, "--quiet");
        Assert.True(code == 0, err);
        var lines = File.ReadAllLines(Path.Combine(dir, "sweep.csv"));
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("cd34PerKg,patients,neutrophilMedianDay", lines[0]);
        Assert.Equal(["1000000", "5000000", "9000000"], lines.Skip(1).Select(l => l.Split(',')[0]));
        Assert.True(File.Exists(Path.Combine(dir, "dose-response.svg")));
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "sweep.json")));
        Assert.Equal(3, doc.RootElement.GetProperty("points").GetArrayLength());
    }

    [Theory]
    [InlineData("foo=1", "'foo' is not a sweep parameter")]
    [InlineData("cd34PerKg=abc", "cd34PerKg value 'abc' is not allowed; use numbers from 10000 to 100000000 cells/kg")]
    [InlineData("cd34PerKg", "'cd34PerKg' is not allowed; use NAME=V1,V2")]
    public void Sweep_BadVary_ExitsTwo(string vary, string message)
    {
        var (code, _, err) = Run("sweep", "--protocol", "auto-cy-atg", "--vary", vary, "--out", Directory.CreateTempSubdirectory("recon-sweep").FullName);
        Assert.Equal(2, code);
        Assert.Contains(message, err);
    }

    [Fact]
    public void Compare_TwoProtocols_WritesComparison()
    {
        string dir = Directory.CreateTempSubdirectory("recon-compare").FullName;
        var (code, output, err) = Run("compare", "auto-cy-atg", "auto-beam-atg-cd34", "--patients", "3", "--days", "15", "--out", dir);
        Assert.True(code == 0, err);
        Assert.Contains("neutrophilEngraftmentMedianDay", output);
        foreach (var f in new[] { "a-patients.csv", "b-patients.csv", "compare.json", "compare.svg" })
            Assert.True(File.Exists(Path.Combine(dir, f)), f);
        Assert.Equal(2, Run("compare", "auto-cy-atg", "nope", "--out", dir).Code);
    }
}
