using System.Text.Json;
using Reconstitution.Cli;

namespace Reconstitution.Tests.Cli;

public sealed class ForecastCliTests
{
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = CliApp.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    private static string TempDir() => Directory.CreateTempSubdirectory("recon-forecast").FullName;

    private static string Counts(string dir, string rows)
    {
        string path = Path.Combine(dir, "counts.csv");
        File.WriteAllText(path, "day,measure,value\n" + rows);
        return path;
    }

    [Fact]
    public void Forecast_LabCounts_WritesJsonAndSvgAndPrintsTheTable()
    {
        string dir = TempDir();
        string counts = Counts(dir, "0,anc,1.55\n0,platelets,69\n2,anc,0.23\n2,platelets,63\n3,anc,< 0.1\n5,platelets,37\n");
        var (code, output, err) = Run("forecast", "--protocol", "auto-beam-atg-cd34", "--observed", counts, "--particles", "24", "--days", "42", "--out", dir);
        Assert.True(code == 0, err);
        Assert.Contains("Neutrophil engraftment", output);
        Assert.Contains("Platelet transfusion days", output);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "forecast.json")));
        Assert.Equal("auto-beam-atg-cd34", json.RootElement.GetProperty("protocol").GetString());
        Assert.Equal(6, json.RootElement.GetProperty("observations").GetInt32());
        Assert.Equal(42 + 1, json.RootElement.GetProperty("neutrophilEngraftment").GetProperty("probabilityByDay").GetArrayLength());
        Assert.Contains("<svg", File.ReadAllText(Path.Combine(dir, "forecast.svg")));
    }

    [Fact]
    public void Forecast_FolderLockedByLiveRun_ExitsTwoThenCompleteRunJsonAfterRelease()
    {
        string dir = TempDir();
        string counts = Counts(dir, "0,anc,1.55\n0,platelets,69\n2,anc,0.23\n");
        string[] args = ["forecast", "--protocol", "auto-cy-atg", "--observed", counts, "--particles", "16", "--days", "20", "--quiet", "--out", dir];
        using (RunFolder.Open(new CliApp(TextWriter.Null, TextWriter.Null, default, interactive: false), dir, "forecast (the first run)"))
        {
            var (locked, _, err) = Run(args);
            Assert.Equal(2, locked);
            Assert.Contains("in use by another run", err);
            Assert.False(File.Exists(Path.Combine(dir, "forecast.json")), "the refused run wrote into the locked folder");
        }
        var (code, _, err2) = Run(args);
        Assert.True(code == 0, err2);
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, RunFolder.ManifestName)));
        Assert.Equal("complete", manifest.RootElement.GetProperty("status").GetString());
        Assert.Equal("forecast", manifest.RootElement.GetProperty("command").GetString());
        Assert.Equal(["forecast.json", "forecast.svg"], manifest.RootElement.GetProperty("files").EnumerateArray().Select(f => f.GetString()!));
        Assert.True(File.Exists(counts), "the run removed the user's observations file");
    }

    [Theory]
    [InlineData("0,anc,1\n1,neutrophils,0.5\n", "line 3, field 'measure': 'neutrophils' is not a known measure")]
    [InlineData("0,anc,1\n1,platelets,-3\n", "line 3, field 'value': -3 is negative")]
    [InlineData("5,anc,1\n2,anc,1\n", "line 3, field 'day': day 2 comes after day 5 (line 2)")]
    [InlineData("0,anc,1500\n", "line 2, field 'value': 1500 is above the plausible maximum 100 ×10⁹/L of 'anc'")]
    [InlineData("", "no observations")]
    public void Forecast_BadObservationsFile_ExitsTwoNamingLineAndField(string rows, string message)
    {
        string dir = TempDir();
        var (code, _, err) = Run("forecast", "--protocol", "auto-beam-atg-cd34", "--observed", Counts(dir, rows), "--out", dir);
        Assert.Equal(2, code);
        Assert.Contains("counts.csv", err);
        Assert.Contains(message, err);
        Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.False(File.Exists(Path.Combine(dir, "forecast.json")));
    }

    [Theory]
    [InlineData("--particles", "3", "--particles: '3' is not allowed")]
    [InlineData("--days", "2", "--days: '2' is not allowed; use a whole number from 5 to 36500")]
    [InlineData("--age", "200", "--age: '200' is not allowed")]
    public void Forecast_BadOption_ExitsTwo(string option, string value, string message)
    {
        string dir = TempDir();
        var (code, _, err) = Run("forecast", "--protocol", "auto-beam-atg-cd34", "--observed", Counts(dir, "5,anc,1\n"), option, value, "--out", dir);
        Assert.Equal(2, code);
        Assert.Contains(message, err);
    }

    [Fact]
    public void Forecast_MissingObservedFile_ExitsTwo()
    {
        var (code, _, err) = Run("forecast", "--protocol", "auto-beam-atg-cd34", "--observed", "/nonexistent/counts.csv", "--out", TempDir());
        Assert.Equal(2, code);
        Assert.Contains("does not exist", err);
        Assert.Contains("--observed is required", Run("forecast", "--protocol", "auto-beam-atg-cd34", "--out", TempDir()).Err);
    }
}
