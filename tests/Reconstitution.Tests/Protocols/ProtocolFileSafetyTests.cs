using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Reconstitution.Outcomes;
using Reconstitution.Physiology;
using Reconstitution.Protocols;

namespace Reconstitution.Tests.Protocols;

/// <summary>What a protocol file may be and hold (issue 20): kinds of file, encodings, domain bounds, contradictions, names.</summary>
public class ProtocolFileSafetyTests
{
    private static string TempDir() => Directory.CreateTempSubdirectory("recon-pf").FullName;

    private static string Write(string json, string name = "p.json")
    {
        string path = Path.Combine(TempDir(), name);
        File.WriteAllText(path, json);
        return path;
    }

    private static string Doses(string agent, double dose, int day, int count) =>
        JsonSerializer.Serialize(new { name = "many", conditioning = Enumerable.Repeat(new { agent, dose, day }, count) });

    private static ProtocolFileException Refused(string path, TimeSpan? within = null)
    {
        var clock = Stopwatch.StartNew();
        var ex = Assert.Throws<ProtocolFileException>(() => ProtocolFile.Read(path));
        Assert.True(clock.Elapsed < (within ?? TimeSpan.FromSeconds(5)), $"refusing took {clock.Elapsed}");
        return ex;
    }

    [Theory]
    [InlineData("cyclophosphamide", 200, 1000, "at most 100")]                      // > 600 s for one patient before
    [InlineData("cyclophosphamide", 200, 10, "adds up to 400 mg/kg; at most 200 mg/kg a day")]
    [InlineData("totalBodyIrradiation", 16, 50, "adds up to 32 Gy; at most 16 Gy a day")]
    public void Read_HangingDoseSchedules_RefusedWithinFiveSecondsNamingBound(string agent, double dose, int count, string message)
    {
        var ex = Refused(Write(Doses(agent, dose, -1, count)));
        Assert.Contains(message, ex.Message);
        Assert.StartsWith("conditioning[", ex.Field);
    }

    [Fact]
    public void Read_CourseAboveHighestInPractice_NamesAgentBoundAndWhy()
    {
        // Cyclophosphamide 60 mg/kg on each of four days: 240 > 200 mg/kg over the protocol.
        string json = JsonSerializer.Serialize(new { name = "cy240", conditioning = Enumerable.Range(-4, 4).Select(d => new { agent = "cyclophosphamide", dose = 60, day = d }) });
        var ex = Refused(Write(json));
        Assert.Equal("conditioning[3].dose", ex.Field);
        Assert.Contains("adds up to 240 mg/kg over the protocol; at most 200 mg/kg", ex.Message);
        Assert.Contains("transplant practice", ex.Message);
    }

    [Fact]
    public void Read_SixHundredThousandSmallDoses_RefusedBySizeAtOnce()
    {
        // A 46 MB file of ATG doses was accepted (19 s, 600 MB) before.
        string path = Path.Combine(TempDir(), "huge.json");
        using (var w = new StreamWriter(path))
        {
            w.Write("{ \"name\": \"huge\", \"conditioning\": [");
            for (int i = 0; i < 600_000; i++) w.Write((i == 0 ? "" : ",") + "{\"agent\":\"rabbitAtg\",\"dose\":0.001,\"day\":-1}");
            w.Write("] }");
        }
        var ex = Refused(path, TimeSpan.FromSeconds(2));
        Assert.Contains("larger than 1048576 bytes", ex.Message);
    }

    [Theory]
    [InlineData("""{ "name": "x", "graft": { "source": "doubleCord", "donor": "self", "cd34PerKg": 3e5 } }""", "graft.donor", "contradicts itself")]
    [InlineData("""{ "name": "x", "graft": { "source": "peripheralBlood", "donor": "self", "cd34PerKg": 5e6 }, "gvhdProphylaxis": { } }""", "gvhdProphylaxis", "autologous graft")]
    [InlineData("""{ "name": "x", "gvhdProphylaxis": { } }""", "gvhdProphylaxis", "without a graft")]
    [InlineData("""{ "name": "x", "graft": { "source": "singleCord", "donor": "mismatched", "cd34PerKg": 5e7 } }""", "graft.cd34PerKg", "more than a singleCord graft can carry")]
    [InlineData("""{ "name": "x", "graft": { "source": "boneMarrow", "donor": "matchedSibling", "cd34PerKg": 3e6, "totalNucleatedCellsPerKg": 9e9 } }""", "graft.totalNucleatedCellsPerKg", "at most 3e9")]
    public void Read_ContradictionOrImpossibleGraft_ErrorNamesField(string json, string field, string message)
    {
        var ex = Refused(Write(json));
        Assert.Equal(field, ex.Field);
        Assert.Contains(message, ex.Message);
        Assert.True(ex.Line >= 1 && ex.Column >= 1);
    }

    [Fact]
    public void Read_EveryBuiltInAsFile_PassesTheBounds()
    {
        foreach (string name in BuiltInProtocols.Names)
        {
            var definition = BuiltInProtocols.Get(name).Definition;
            Assert.Null(ProtocolBounds.FindViolation(definition));
            Assert.Equal(ProtocolFile.Write(definition), ProtocolFile.Write(ProtocolFile.Read(Write(ProtocolFile.Write(definition), name + ".json"))));
        }
    }

    [Fact]
    public void Read_EditedFileWithBuiltInName_RefusedAtName()
    {
        string json = ProtocolFile.Write(BuiltInProtocols.Get("auto-cy-atg").Definition).Replace("\"dose\": 50", "\"dose\": 40");
        var ex = Refused(Write(json));
        Assert.Equal("name", ex.Field);
        Assert.Equal(2, ex.Line);
        Assert.Contains("name of a built-in protocol", ex.Message);
    }

    [Fact]
    public void Read_Folder_SaysFolderNotMissing()
    {
        var ex = Refused(TempDir());
        Assert.Contains("is a folder", ex.Message);
    }

    [Fact]
    public void Read_DevZeroAndFifo_RefusedBeforeReading()
    {
        if (!OperatingSystem.IsLinux()) return; // the file-type check uses Linux's statx
        Assert.Contains("character device", Refused("/dev/zero", TimeSpan.FromSeconds(1)).Message);
        string fifo = Path.Combine(TempDir(), "pipe.json");
        using (var mk = Process.Start("mkfifo", [fifo])) mk.WaitForExit();
        Assert.Contains("FIFO", Refused(fifo, TimeSpan.FromSeconds(1)).Message);
    }

    [Fact]
    public void Read_Utf8ByteOrderMark_Accepted()
    {
        string path = Path.Combine(TempDir(), "bom.json");
        File.WriteAllText(path, """{ "name": "with-bom" }""", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        Assert.Equal(0xEF, File.ReadAllBytes(path)[0]);
        Assert.Equal("with-bom", ProtocolFile.Read(path).Name);
    }

    [Fact]
    public void Read_InvalidUtf8_ReportsLineAndCharacterColumn()
    {
        string path = Path.Combine(TempDir(), "latin1.json");
        // Line 2, after "  \"description\": \"é" (é valid, two bytes, one character), a lone 0xE9 (Latin-1 é).
        var bytes = Encoding.UTF8.GetBytes("{ \"name\": \"x\",\n  \"description\": \"é").Concat(new byte[] { 0xE9 }).Concat(Encoding.UTF8.GetBytes("\" }")).ToArray();
        File.WriteAllBytes(path, bytes);
        var ex = Refused(path);
        Assert.Equal((2, 20), (ex.Line, ex.Column));
        Assert.Contains("not valid UTF-8", ex.Message);
    }

    [Fact]
    public void Parse_MalformedJsonAfterMultibyteCharacters_ColumnCountsCharacters()
    {
        // "ääää" is 8 bytes but 4 characters: the error column must count characters, as every other error does.
        var ex = Assert.Throws<ProtocolFileException>(() => ProtocolFile.Parse("{ \"name\": \"ääää\" \"x\": 1 }", "m.json"));
        Assert.Equal(1, ex.Line);
        Assert.Equal(18, ex.Column);
    }

    [Fact]
    public void Run_LongPatient_FirstCancellationStopsItWithinSeconds()
    {
        // Without background mortality and organ toxicity the patient lives the whole century. The token is cancelled from
        // inside the run, on day 1,000 (a protocol event), so the run is always in progress when it is cancelled, however
        // fast the simulation is; the daily check must then stop it before its next day.
        using var cancel = new CancellationTokenSource();
        var protocol = new CancelOnDay(BuiltInProtocols.Get("auto-cy-atg"), 1_000, cancel);
        var clock = Stopwatch.StartNew();
        Assert.ThrowsAny<OperationCanceledException>(() => PatientSimulation.Run(PatientCovariates.Default, protocol, 1, 0,
            new PatientSimulationOptions { Days = 36_500, Cancellation = cancel.Token, Risks = ClinicalRiskParameters.Default with { BackgroundMortality = false },
                OrganToxicity = OrganToxicityParameters.None }));
        Assert.True(protocol.CancelledAt is 1_000, $"cancelled at {protocol.CancelledAt}");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"stopping took {clock.Elapsed}");
    }

    /// <summary>A protocol that runs <paramref name="inner"/> and cancels <paramref name="source"/> on <paramref name="day"/>.</summary>
    private sealed class CancelOnDay(IProtocol inner, double day, CancellationTokenSource source) : IProtocol
    {
        public double? CancelledAt { get; private set; }
        public string Name => inner.Name;
        public string Description => inner.Description;
        public int StartDay => inner.StartDay;

        public void Schedule(TreatmentContext context)
        {
            inner.Schedule(context);
            context.Simulation.Schedule(day, () =>
            {
                CancelledAt = context.Simulation.Now;
                source.Cancel();
            });
        }
    }

    [Fact]
    public void Run_WithCancellableToken_SameCourseAsWithout()
    {
        var protocol = BuiltInProtocols.Get("auto-cy-atg");
        var plain = PatientSimulation.Run(PatientCovariates.Default, protocol, 3, 0, new PatientSimulationOptions { Days = 60 });
        using var cancel = new CancellationTokenSource();
        var watched = PatientSimulation.Run(PatientCovariates.Default, protocol, 3, 0, new PatientSimulationOptions { Days = 60, Cancellation = cancel.Token });
        Assert.Equal(plain.Trajectory.Values(Measure.Anc).ToArray(), watched.Trajectory.Values(Measure.Anc).ToArray());
        Assert.Equal(plain.Outcome, watched.Outcome);
    }
}
