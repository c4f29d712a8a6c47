using Reconstitution.Protocols;

namespace Reconstitution.Tests.Protocols;

public class ProtocolFileTests
{
    private const string Valid = """
        {
          // MIST-like: cyclophosphamide 200 mg/kg and rabbit ATG, unmanipulated autologous graft
          "name": "auto-cy-atg",
          "description": "Cy 200 mg/kg + rabbit ATG 6 mg/kg",
          "conditioning": [
            { "agent": "cyclophosphamide", "dose": 50, "unit": "mg/kg", "day": -5 },
            { "agent": "rabbitAtg", "dose": 1.5, "day": -5 },
          ],
          "graft": { "source": "peripheralBlood", "donor": "self", "cd34PerKg": 5e6, "viability": 0.9 },
          "supportiveCare": { "gcsfStartDay": 5, "redCellTransfusionBelowHbGramsPerDeciliter": null }
        }
        """;

    [Fact]
    public void Parse_ValidFile_ReadsEveryField()
    {
        var p = ProtocolFile.Parse(Valid);
        Assert.Equal("auto-cy-atg", p.Name);
        Assert.Equal(2, p.Conditioning.Count);
        Assert.Equal(ConditioningAgent.RabbitAtg, p.Conditioning[1].Agent);
        Assert.Equal(-5, p.Conditioning[1].Day);
        Assert.Equal(GraftSource.PeripheralBlood, p.Graft!.Source);
        Assert.True(p.Graft.IsAutologous);
        Assert.Equal(5e6, p.Graft.Cd34PerKg);
        Assert.Equal(0.9, p.Graft.Viability);
        Assert.Equal(5, p.SupportiveCare.GcsfStartDay);
        Assert.Null(p.SupportiveCare.RedCellTransfusionBelowHbGramsPerDeciliter);     // explicitly none
        Assert.Equal(10, p.SupportiveCare.PlateletTransfusionBelowPerNanoliter);      // default kept
        Assert.Null(p.GvhdProphylaxis);
    }

    [Fact]
    public void WriteThenParse_RoundTripsToEqualContent()
    {
        var original = ProtocolFile.Parse(Valid);
        string written = ProtocolFile.Write(original);
        var again = ProtocolFile.Parse(written);
        Assert.Equal(written, ProtocolFile.Write(again));
        Assert.Equal(original.Graft, again.Graft);
        Assert.Equal(original.SupportiveCare, again.SupportiveCare);
        Assert.Equal(original.Conditioning.Select(d => (d.Agent, d.Dose, d.Day)), again.Conditioning.Select(d => (d.Agent, d.Dose, d.Day)));
    }

    [Fact]
    public void Parse_NullGraft_MeansNoGraft()
    {
        var p = ProtocolFile.Parse("""{ "name": "cy-only", "conditioning": [ { "agent": "cyclophosphamide", "dose": 50, "day": -2 } ], "graft": null }""");
        Assert.Null(p.Graft);
    }

    [Fact]
    public void Parse_MalformedJson_ReportsLineAndColumn()
    {
        var ex = Assert.Throws<ProtocolFileException>(() => ProtocolFile.Parse("{\n  \"name\": \"x\",\n  \"graft\": { \"source\": }\n}", "bad.json"));
        Assert.Equal(3, ex.Line);
        Assert.StartsWith("bad.json:3:", ex.Message);
        Assert.Contains("malformed JSON", ex.Message);
        Assert.DoesNotContain("LineNumber", ex.Message); // the parser's own zero-based position is not repeated
        Assert.DoesNotContain("BytePositionInLine", ex.Message);
    }

    [Fact]
    public void Parse_NegativeDose_NamesFieldLineColumnValueAndRange()
    {
        string json = "{\n  \"name\": \"x\",\n  \"conditioning\": [\n    { \"agent\": \"busulfan\", \"dose\": -3.2, \"day\": -4 }\n  ]\n}";
        var ex = Assert.Throws<ProtocolFileException>(() => ProtocolFile.Parse(json, "p.json"));
        Assert.Equal("conditioning[0].dose", ex.Field);
        Assert.Equal(4, ex.Line);
        Assert.Equal(36, ex.Column);           // the column where -3.2 starts
        Assert.Contains("-3.2", ex.Message);
        Assert.Contains("(0, 16]", ex.Message);
        Assert.Contains("mg/kg", ex.Message);
    }

    [Fact]
    public void Parse_UnknownAgent_ListsAllowedAgents()
    {
        var ex = Assert.Throws<ProtocolFileException>(() =>
            ProtocolFile.Parse("""{ "name": "x", "conditioning": [ { "agent": "cytoxan", "dose": 1, "day": -1 } ] }"""));
        Assert.Equal("conditioning[0].agent", ex.Field);
        Assert.Contains("'cytoxan'", ex.Message);
        Assert.Contains("cyclophosphamide", ex.Message);
        Assert.Contains("totalBodyIrradiation", ex.Message);
    }

    [Fact]
    public void Parse_MisspeltField_IsRejectedNotIgnored()
    {
        var ex = Assert.Throws<ProtocolFileException>(() =>
            ProtocolFile.Parse("""{ "name": "x", "graft": { "source": "boneMarrow", "donor": "matchedSibling", "cd34perkg": 3e6 } }"""));
        Assert.Equal("graft.cd34perkg", ex.Field);
        Assert.Contains("unknown field", ex.Message);
        Assert.Contains("cd34PerKg", ex.Message);
    }

    [Fact]
    public void Parse_WrongUnit_SaysTheAgentsUnit()
    {
        var ex = Assert.Throws<ProtocolFileException>(() =>
            ProtocolFile.Parse("""{ "name": "x", "conditioning": [ { "agent": "melphalan", "dose": 140, "unit": "mg/kg", "day": -1 } ] }"""));
        Assert.Contains("'mg/m2'", ex.Message);
    }

    [Fact]
    public void Parse_MissingRequiredField_NamesIt()
    {
        var ex = Assert.Throws<ProtocolFileException>(() =>
            ProtocolFile.Parse("""{ "name": "x", "graft": { "source": "singleCord", "cd34PerKg": 2e5 } }"""));
        Assert.Equal("graft", ex.Field);
        Assert.Contains("'donor'", ex.Message);
    }

    [Fact]
    public void Parse_ViabilityAboveOne_IsOutOfRange()
    {
        var ex = Assert.Throws<ProtocolFileException>(() =>
            ProtocolFile.Parse("""{ "name": "x", "graft": { "source": "singleCord", "donor": "mismatched", "cd34PerKg": 2e5, "viability": 1.5 } }"""));
        Assert.Equal("graft.viability", ex.Field);
        Assert.Contains("1.5", ex.Message);
        Assert.Contains("(0, 1]", ex.Message);
    }

    [Fact]
    public void Parse_StringWhereNumberExpected_SaysWhatWasFound()
    {
        var ex = Assert.Throws<ProtocolFileException>(() =>
            ProtocolFile.Parse("""{ "name": "x", "conditioning": [ { "agent": "fludarabine", "dose": "30", "day": -3 } ] }"""));
        Assert.Contains("expected a number, found the string \"30\"", ex.Message);
    }

    [Fact]
    public void Parse_InvalidName_IsRejected()
    {
        var ex = Assert.Throws<ProtocolFileException>(() => ProtocolFile.Parse("""{ "name": "my protocol!" }"""));
        Assert.Equal("name", ex.Field);
    }
}
