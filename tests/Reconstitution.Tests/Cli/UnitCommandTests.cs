using System.Text.Json;
using Reconstitution.Cli;

namespace Reconstitution.Tests.Cli;

/// <summary>The <c>reconstitution unit</c> command.</summary>
public class UnitCommandTests
{
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = CliApp.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    private static string TempDir() => Directory.CreateTempSubdirectory("recon-unit").FullName;

    [Fact]
    public void Unit_SmallRun_WritesFilesAndPrintsTable()
    {
        string dir = TempDir();
        var (code, stdout, err) = Run("unit", "--protocol", "auto-cy-atg", "--beds", "2", "--arrivals-per-month", "6", "--months", "2", "--days", "40", "--seed", "5", "--out", dir);
        Assert.True(code == 0, err);
        Assert.Contains("Bed occupancy", stdout);
        Assert.Contains("Stay, auto-cy-atg", stdout);
        foreach (string f in new[] { "unit-patients.csv", "unit-occupancy.csv", "unit-summary.json", "occupancy.svg" })
            Assert.True(new FileInfo(Path.Combine(dir, f)).Length > 0, f);
        string[] header = File.ReadLines(Path.Combine(dir, "unit-patients.csv")).First().Split(',');
        Assert.Equal("patient", header[0]);
        Assert.Contains("lengthOfStayDays", header);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "unit-summary.json")));
        Assert.Equal(2, json.RootElement.GetProperty("beds").GetInt32());
        Assert.Equal(0, json.RootElement.GetProperty("warmupMonths").GetDouble());
        Assert.Equal("auto-cy-atg", json.RootElement.GetProperty("lengthOfStay")[0].GetProperty("protocol").GetString());
        Assert.Contains("<svg", File.ReadAllText(Path.Combine(dir, "occupancy.svg")));
    }

    [Fact]
    public void Unit_FolderLockedByLiveRun_ExitsTwoThenCompleteRunJsonAfterRelease()
    {
        string dir = TempDir();
        string[] args = ["unit", "--protocol", "auto-cy-atg", "--beds", "2", "--arrivals-per-month", "4", "--months", "1", "--days", "30", "--quiet", "--out", dir];
        using (RunFolder.Open(new CliApp(TextWriter.Null, TextWriter.Null, default, interactive: false), dir, "unit (the first run)"))
        {
            var (locked, _, err) = Run(args);
            Assert.Equal(2, locked);
            Assert.Contains("in use by another run", err);
            Assert.False(File.Exists(Path.Combine(dir, "unit-patients.csv")), "the refused run wrote into the locked folder");
        }
        var (code, _, err2) = Run(args);
        Assert.True(code == 0, err2);
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, RunFolder.ManifestName)));
        Assert.Equal("complete", manifest.RootElement.GetProperty("status").GetString());
        Assert.Equal("unit", manifest.RootElement.GetProperty("command").GetString());
        Assert.Equal(["unit-patients.csv", "unit-occupancy.csv", "unit-summary.json", "occupancy.svg"],
            manifest.RootElement.GetProperty("files").EnumerateArray().Select(f => f.GetString()!));
        Assert.False(File.Exists(Path.Combine(dir, RunLock.FileName)));
    }

    [Theory]
    [InlineData("--beds 0", "--beds: '0' is not allowed", "from 1 to 10000")]
    [InlineData("--arrivals-per-month -1", "--arrivals-per-month: '-1' is not allowed", "per month")]
    [InlineData("--months 2 --warmup-months 2", "--warmup-months: '2' is not allowed", "less than --months (2)")]
    [InlineData("--max-wait x", "--max-wait: 'x' is not allowed", "0 to 3650")]
    [InlineData("--discharge-anc 0", "--discharge-anc: '0' is not allowed", "×10⁹/L")]
    public void Unit_BadInput_ExitsTwoWithOneLineMessage(string args, string what, string allowed)
    {
        var (code, _, err) = Run(["unit", "--protocol", "auto-cy-atg", .. args.Split(' '), "--out", TempDir()]);
        Assert.Equal(2, code);
        Assert.Contains(what, err);
        Assert.Contains(allowed, err);
        Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Unit_WithoutProtocol_ExitsTwoNamingTheOption()
    {
        var (code, _, err) = Run("unit", "--beds", "3", "--out", TempDir());
        Assert.Equal(2, code);
        Assert.Contains("--protocol is required", err);
    }
}
