using Reconstitution.Cohorts;
using Reconstitution.Protocols;
using Reconstitution.Sensitivity;
using Xunit;

namespace Reconstitution.Tests.Sensitivity;

public sealed class SensitivityStudyTests
{
    private static SensitivityStudy Study(string protocol, SensitivityDesign design, ParameterSpace space, int patients, int days, params string[] endpoints) =>
        new(new CohortSpecification(BuiltInProtocols.Get(protocol)) { Patients = patients, Days = days, Seed = 3, Threads = 2 },
            space, design, [.. endpoints.Select(e => SensitivityEndpoint.Find(e)!)], noiseReplicates: 2, noisePoints: 2);

    // An autologous graft carries no donor T cells, so the acute-GVHD hazard is 0 whatever its maximum: the GVHD parameter
    // cannot move the engraftment day, and with common random numbers its total index must come out as 0 within noise
    // (|ST| ≤ 4 SE and not above the noise floor), while the CD34 dose, which sets how many progenitors engraft, must not.
    [Fact]
    public void Sobol_GvhdParameterOnAutologousEngraftment_TotalIndexIndistinguishableFromZero()
    {
        var space = ParameterSpace.Parse("""
            { "parameters": [
                { "name": "cd34PerKg", "distribution": "logUniform", "min": 1e6, "max": 1e7 },
                { "name": "risks.acuteGvhdMaxPerDay", "distribution": "uniform", "min": 0.0075, "max": 0.03 } ] }
            """);
        var study = Study("auto-cy-atg", SensitivityDesign.Sobol(2, 8), space, patients: 12, days: 40, "neutrophilEngraftmentDay");
        var result = study.Run()!;
        var gvhd = result.Get("neutrophilEngraftmentDay", "risks.acuteGvhdMaxPerDay", "ST");
        var dose = result.Get("neutrophilEngraftmentDay", "cd34PerKg", "ST");
        Assert.True(Math.Abs(gvhd.Value) <= 4 * gvhd.StandardError + 1e-12, $"GVHD ST {gvhd.Value} (se {gvhd.StandardError})");
        Assert.True(gvhd.CiLower <= 0 + 1e-12, $"GVHD ST interval [{gvhd.CiLower}, {gvhd.CiUpper}] excludes 0");
        Assert.True(dose.Value > 0.5 && dose.CiLower > gvhd.CiUpper, $"CD34 dose ST {dose.Value} [{dose.CiLower}, {dose.CiUpper}]");
    }

    // Evaluating the points in blocks (as shards do) gives the same outputs, hence the same bytes of every report.
    [Fact]
    public void Evaluate_InBlocks_SameOutputsAsOneRun()
    {
        var space = ParameterSpace.Parse("""{ "parameters": [ { "name": "homingEfficiency" }, { "name": "granulopoiesis.mitoticPoolDays" } ] }""");
        var study = Study("auto-cy-atg", SensitivityDesign.Morris(2, 2, seed: 4), space, patients: 4, days: 30, "neutrophilEngraftmentDay", "graftFailure");
        var whole = study.Evaluate(0, study.PointCount);
        var blocks = study.Evaluate(0, 3).Concat(study.Evaluate(3, 4)).Concat(study.Evaluate(7, study.PointCount - 7)).ToList();
        Assert.Equal(whole.Count, blocks.Count);
        for (int i = 0; i < whole.Count; i++) Assert.Equal(whole[i], blocks[i]);
        Assert.Equal(study.Analyse(whole).ToJson(), study.Analyse(blocks).ToJson());
        Assert.Equal(study.Analyse(whole).ToCsv(), study.Analyse(blocks).ToCsv());
    }

    [Fact]
    public void Points_DesignShareOneSeed_ReplicatesUseTheirOwn()
    {
        var space = ParameterSpace.Parse("""{ "parameters": [ { "name": "homingEfficiency" } ] }""");
        var study = Study("auto-cy-atg", SensitivityDesign.Morris(1, 3, seed: 1), space, patients: 2, days: 30, "graftFailure");
        Assert.Equal(6 + 2 * 2, study.PointCount);
        Assert.All(Enumerable.Range(0, 6), p => Assert.Equal(3UL, study.SeedOf(p)));
        Assert.Equal([4UL, 5UL, 4UL, 5UL], Enumerable.Range(6, 4).Select(study.SeedOf));
        Assert.Equal([0, 0, 1, 1], Enumerable.Range(6, 4).Select(study.DesignPointOf));
    }

    // A normal distribution reaches values the model refuses; the study says so before simulating, naming point and parameter.
    [Fact]
    public void Validate_ValueOutsideWhatTheModelAccepts_NamesPointAndParameter()
    {
        var space = ParameterSpace.Parse("""{ "parameters": [ { "name": "risks.fatalInfectionProbabilityOtherwise", "distribution": "normal", "mean": 0.01, "sd": 1 } ] }""");
        var study = Study("auto-cy-atg", SensitivityDesign.Morris(1, 4, seed: 2), space, patients: 2, days: 30, "graftFailure");
        var ex = Assert.ThrowsAny<ArgumentException>(study.Validate);
        Assert.Matches(@"^Design point \d+ \(risks\.fatalInfectionProbabilityOtherwise = -?[0-9.]+\): ", ex.Message);
        Assert.Contains("FatalInfectionProbabilityOtherwise", ex.Message);
    }

    // The agents' parameters reach the simulation through PatientSimulationOptions.Effects: a busulfan kill cannot act on a
    // cyclophosphamide protocol, so with common random numbers every elementary effect is exactly 0; cyclophosphamide's kill
    // of the dividing precursors deepens the nadir the graft must fill, so it moves the engraftment day. A deterministic test.
    [Fact]
    public void Morris_AgentParameters_InertAgentExactlyZeroAndTheProtocolsAgentActs()
    {
        var space = ParameterSpace.Parse("""
            { "parameters": [ { "name": "agent.busulfan.logKillPerUnit.hsc" }, { "name": "agent.cyclophosphamide.logKillPerUnit.mitotic", "min": 0, "max": 0.05 } ] }
            """);
        var study = Study("auto-cy-atg", SensitivityDesign.Morris(2, 3, seed: 5), space, patients: 6, days: 30, "neutrophilEngraftmentDay");
        var result = study.Run()!;
        var busulfan = result.Get("neutrophilEngraftmentDay", "agent.busulfan.logKillPerUnit.hsc", "muStar");
        var cyclophosphamide = result.Get("neutrophilEngraftmentDay", "agent.cyclophosphamide.logKillPerUnit.mitotic", "muStar");
        Assert.Equal(0, busulfan.Value);
        Assert.True(cyclophosphamide.Value > 0, $"cyclophosphamide μ* {cyclophosphamide.Value}");
    }

    [Fact]
    public void Validate_GraftParameterOnProtocolWithoutGraft_Refuses()
    {
        var space = ParameterSpace.Parse("""{ "parameters": [ { "name": "cd34PerKg" } ] }""");
        var study = Study("none", SensitivityDesign.Morris(1, 2, seed: 1), space, patients: 2, days: 30, "graftFailure");
        var ex = Assert.Throws<InvalidOperationException>(study.Validate);
        Assert.Contains("has no graft", ex.Message);
    }
}
