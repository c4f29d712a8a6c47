using Reconstitution.Outcomes;
using Reconstitution.Physiology;
using Reconstitution.Protocols;

namespace Reconstitution.Tests.Protocols;

public sealed class ConditioningAgentDefinitionTests
{
    // Thiotepa as a user would define it (numbers illustrative for the test: stem-cell toxic alkylator, lymphotoxic).
    private const string ThiotepaFile = """
        {
          "name": "thiotepa-cy",
          "agents": [
            { "name": "thiotepa", "unit": "mg/kg", "maxSingleDose": 10,
              "logKillPerUnit": { "hsc": 0.9, "shortTermStemCells": 0.9, "mpp": 0.8, "progenitors": 0.6, "mitotic": 0.5,
                                  "postMitotic": 0.05, "thymocytes": 0.3, "tCells": 0.2, "treg": 0.2, "bCells": 0.2,
                                  "nkCells": 0.1, "autoreactive": 0.3, "thymus": 0.01, "niche": 0.02 },
              "organToxicity": { "liver": 0.05, "mucosa": 0.08 } }
          ],
          "conditioning": [
            { "agent": "thiotepa", "dose": 5, "unit": "mg/kg", "day": -4 },
            { "agent": "cyclophosphamide", "dose": 50, "day": -3 }
          ],
          "graft": { "source": "peripheralBlood", "donor": "self", "cd34PerKg": 5e6 }
        }
        """;

    [Fact]
    public void BuiltIn_EveryAgent_CarriesTheEffectsTableNumbers()
    {
        var table = ConditioningAgentEffects.Default;
        foreach (var agent in Enum.GetValues<ConditioningAgent>())
        {
            var d = ConditioningAgentDefinition.BuiltIn(agent);
            Assert.Same(d, ConditioningAgentDefinition.BuiltIn(agent));
            Assert.Equal(agent, d.BuiltInAgent);
            Assert.Equal(ConditioningAgents.UnitOf(agent), d.DoseUnit);
            Assert.Equal(ConditioningAgents.MaximumSingleDose(agent), d.MaximumSingleDose);
            Assert.Equal(table.SpreadDays(agent), d.SpreadDays);
            foreach (var g in Enum.GetValues<KillGroup>())
            {
                Assert.Equal(table.LogKillPerUnit(agent, g), d.LogKillPerUnit(g));
                Assert.Equal(table.Antibody(agent, g), d.Antibody(g));
            }
        }
    }

    [Fact]
    public void Constructor_BadValues_ThrowNamingTheParameter()
    {
        var kills = new Dictionary<KillGroup, double> { [KillGroup.Hsc] = 0.5 };
        Assert.Equal("name", Assert.Throws<ArgumentException>(() => new ConditioningAgentDefinition("busulfan", "mg/kg", 10, kills)).ParamName);
        Assert.Equal("name", Assert.Throws<ArgumentException>(() => new ConditioningAgentDefinition("2x", "mg/kg", 10, kills)).ParamName);
        Assert.Equal("doseUnit", Assert.Throws<ArgumentException>(() => new ConditioningAgentDefinition("x", " ", 10, kills)).ParamName);
        Assert.Equal("maximumSingleDose", Assert.ThrowsAny<ArgumentException>(() => new ConditioningAgentDefinition("x", "mg/kg", 0, kills)).ParamName);
        Assert.Equal("logKillPerUnit", Assert.ThrowsAny<ArgumentException>(() =>
            new ConditioningAgentDefinition("x", "mg/kg", 10, new Dictionary<KillGroup, double> { [KillGroup.TCells] = -1 })).ParamName);
        Assert.Equal("antibody", Assert.ThrowsAny<ArgumentException>(() => new ConditioningAgentDefinition("x", "mg/kg", 10, kills,
            new Dictionary<KillGroup, AntibodyEffect> { [KillGroup.Hsc] = new(0.1, 0, 5) })).ParamName);
        Assert.Equal("spreadDays", Assert.ThrowsAny<ArgumentException>(() => new ConditioningAgentDefinition("x", "mg/kg", 10, kills, spreadDays: 0)).ParamName);
        Assert.Equal("organToxicity", Assert.ThrowsAny<ArgumentException>(() => new ConditioningAgentDefinition("x", "mg/kg", 10, kills,
            organToxicity: new Dictionary<Organ, double> { [Organ.Heart] = double.NaN })).ParamName);
        Assert.Equal("dose", Assert.ThrowsAny<ArgumentException>(() => new ConditioningDose(new ConditioningAgentDefinition("x", "mg/kg", 10, kills), 11, -2)).ParamName);
    }

    [Fact]
    public void Run_UserAgentWithABuiltInsNumbers_GivesTheSameCourseAsTheBuiltIn()
    {
        // One mechanism for every agent: a user-defined copy of melphalan's kill profile is the same drug.
        var melphalan = ConditioningAgentDefinition.BuiltIn(ConditioningAgent.Melphalan);
        var kills = Enum.GetValues<KillGroup>().Where(g => melphalan.LogKillPerUnit(g) > 0).ToDictionary(g => g, melphalan.LogKillPerUnit);
        var organs = Enum.GetValues<Organ>().Where(o => melphalan.OrganToxicityPerUnit(o) > 0).ToDictionary(o => o, melphalan.OrganToxicityPerUnit);
        var copy = new ConditioningAgentDefinition("melphalan-copy", melphalan.DoseUnit, melphalan.MaximumSingleDose, kills, organToxicity: organs);
        ProtocolDefinition With(ConditioningAgentDefinition agent) => new("mel")
        {
            Conditioning = [new ConditioningDose(agent, 200, -2)],
            Graft = new GraftDefinition(GraftSource.PeripheralBlood, DonorType.Self, 3e6),
        };
        var options = new PatientSimulationOptions { Days = 30 };
        var a = PatientSimulation.Run(PatientCovariates.Default, new DefinedProtocol(With(melphalan)), 5, 0, options);
        var b = PatientSimulation.Run(PatientCovariates.Default, new DefinedProtocol(With(copy)), 5, 0, options);
        Assert.Equal(a.Trajectory.Values(Measure.Anc).ToArray(), b.Trajectory.Values(Measure.Anc).ToArray());
        Assert.Equal(a.Outcome.NeutrophilEngraftmentDay, b.Outcome.NeutrophilEngraftmentDay);
    }

    [Fact]
    public void Run_UserAgent_LeavesExpOfMinusKTimesDose()
    {
        // Theory (docs/model.md §10): a dose d leaves e^(−k·d) of a group. Blood B cells on the morning of day −2 (observed after
        // the day's dose) against day −3, the untreated steady state; B cells are a large continuous pool, scaled exactly.
        var agent = new ConditioningAgentDefinition("b-cell-poison", "mg/kg", 10, new Dictionary<KillGroup, double> { [KillGroup.BCells] = 0.5 });
        double Surviving(double dose)
        {
            var p = new ProtocolDefinition("p") { Conditioning = [new ConditioningDose(agent, dose, -2)] };
            var course = PatientSimulation.Run(PatientCovariates.Default, new DefinedProtocol(p), 9, 0, new PatientSimulationOptions { Days = 1 });
            var days = course.Trajectory.Days.ToArray();
            var b = course.Trajectory.Values(Measure.B);
            return b[Array.IndexOf(days, -2.0)] / b[Array.IndexOf(days, -3.0)];
        }
        Assert.Equal(Math.Exp(-1.0), Surviving(2), 3);
        Assert.Equal(Math.Exp(-3.0), Surviving(6), 3);
    }

    [Fact]
    public void Parse_UserAgentInFile_ReadsAndRoundTrips()
    {
        var p = ProtocolFile.Parse(ThiotepaFile);
        var thiotepa = p.Conditioning[0].Definition;
        Assert.Equal("thiotepa", thiotepa.Name);
        Assert.Null(thiotepa.BuiltInAgent);
        Assert.Equal(0.9, thiotepa.LogKillPerUnit(KillGroup.Hsc));
        Assert.Equal(0.02, thiotepa.LogKillPerUnit(KillGroup.Niche));
        Assert.Equal(0.05, thiotepa.OrganToxicityPerUnit(Organ.Liver));
        Assert.Equal(0, thiotepa.OrganToxicityPerUnit(Organ.Heart));
        Assert.Throws<InvalidOperationException>(() => p.Conditioning[0].Agent);
        Assert.Equal(ConditioningAgent.Cyclophosphamide, p.Conditioning[1].Agent);
        var again = ProtocolFile.Parse(ProtocolFile.Write(p));
        Assert.Equal(p.Conditioning, again.Conditioning);
        var course = PatientSimulation.Run(PatientCovariates.Default, new DefinedProtocol(p), 2, 0, new PatientSimulationOptions { Days = 20 });
        Assert.Contains(course.Events, e => e.Kind == "conditioning" && e.Detail == "thiotepa 5 mg/kg");
    }

    [Theory]
    [InlineData("\"agent\": \"thiotepa\", \"dose\": 5", "\"agent\": \"thiopeta\", \"dose\": 5", "conditioning[0].agent", "not a known agent")]
    [InlineData("\"hsc\": 0.9", "\"hsc\": -0.9", "agents[0].logKillPerUnit.hsc", "allowed: 0 to 1000")]
    [InlineData("\"hsc\": 0.9", "\"hsx\": 0.9", "agents[0].logKillPerUnit.hsx", "not a kill group")]
    [InlineData("\"liver\": 0.05", "\"spleen\": 0.05", "agents[0].organToxicity.spleen", "not an organ")]
    [InlineData("\"liver\": 0.05", "\"liver\": 101", "agents[0].organToxicity.liver", "allowed: 0 to 100")]
    [InlineData("\"liver\": 0.05", "\"liver\": \"high\"", "agents[0].organToxicity.liver", "")]
    [InlineData("\"maxSingleDose\": 10", "\"maxSingleDose\": 4", "conditioning[0].dose", "")]
    [InlineData("\"unit\": \"mg/kg\", \"day\": -4", "\"unit\": \"mg/m2\", \"day\": -4", "conditioning[0].unit", "not the unit of thiotepa")]
    public void Parse_BadAgent_ErrorNamesLineAndField(string find, string replace, string field, string problem)
    {
        Assert.Contains(find, ThiotepaFile);
        var ex = Assert.Throws<ProtocolFileException>(() => ProtocolFile.Parse(ThiotepaFile.Replace(find, replace), "thiotepa.json"));
        Assert.Equal(field, ex.Field);
        Assert.True(ex.Line > 1, ex.Message);
        Assert.Contains(problem, ex.Problem);
        Assert.Contains("thiotepa.json", ex.Message);
    }
}
