using System.Globalization;
using System.Text.Json.Nodes;
using Reconstitution.Cli.Lab;
using Reconstitution.Protocols;

namespace Reconstitution.Tests.Lab;

public class ProtocolFormTests
{
    private static ProtocolDefinition Read(Dictionary<string, string> values) => ProtocolForm.Read(new FormReader(values));

    private static Dictionary<string, string> Values(string protocol = "auto-cy-atg") => ProtocolForm.ValuesOf(BuiltInProtocols.Get(protocol).Definition);

    [Fact]
    public void ValuesOfThenRead_EveryBuiltIn_GivesTheSameProtocolFile()
    {
        foreach (string name in BuiltInProtocols.Names)
        {
            var definition = BuiltInProtocols.Get(name).Definition;
            Assert.Equal(ProtocolFile.Write(definition), ProtocolFile.Write(Read(ProtocolForm.ValuesOf(definition))));
        }
    }

    [Fact]
    public void Read_EditedBuiltIn_IsRenamedAndReadsBackAsAProtocolFile()
    {
        var v = Values();
        v["graft.cd34PerKg"] = "2e6";
        var edited = Read(v);
        Assert.Equal("auto-cy-atg" + ProtocolForm.EditedSuffix, edited.Name);
        // The download is a file the command line accepts (a built-in's name on an edited copy would be refused).
        Assert.Equal(2e6, ProtocolFile.Parse(ProtocolFile.Write(edited)).Graft!.Cd34PerKg);
    }

    [Fact]
    public void Read_BadValues_OneMessagePerFieldNamingValueAndRange()
    {
        var v = Values();
        v["graft.cd34PerKg"] = "lots";
        v["graft.viability"] = "1.5";
        v["conditioning[0].dose"] = "250";
        v["conditioning[1].day"] = "-2.5";
        v["supportiveCare.gcsfStopAncPerNanoliter"] = "";
        v["name"] = "my protocol!";
        var ex = Assert.Throws<LabInputException>(() => Read(v));
        var byField = ex.Errors.ToDictionary(e => e.Field, e => e.Message);
        Assert.Equal(6, byField.Count);
        Assert.Equal("CD34+ cells: 'lots' is not a number; allowed above 0, at most 5e7 cells/kg.", byField["graft.cd34PerKg"]);
        Assert.Equal("Viability after thawing: 1.5 is too large; allowed above 0, at most 1 fraction.", byField["graft.viability"]);
        // A dose's range is its agent's: cyclophosphamide at most 200 mg/kg.
        Assert.Equal("Dose (dose 1): 250 is too large; allowed above 0, at most 200 mg/kg.", byField["conditioning[0].dose"]);
        Assert.Equal("Day (dose 2): -2.5 is not a whole number; allowed a whole number from -30 to 365 day.", byField["conditioning[1].day"]);
        Assert.Contains("a value is needed", byField["supportiveCare.gcsfStopAncPerNanoliter"]);
        Assert.Contains("'my protocol!' is not allowed", byField["name"]);
    }

    [Fact]
    public void Read_BlankOptionalFields_MeanNotGiven()
    {
        var v = Values("allo-pbsc-mac");
        v["supportiveCare.gcsfStartDay"] = "";
        v["conditioning[0].day"] = "\u221210";
        v["supportiveCare.plateletTransfusionBelowPerNanoliter"] = " ";
        v["gvhdProphylaxis.calcineurinInhibitor"] = "false";
        v["gvhdProphylaxis.methotrexate"] = "false";
        v["graft.given"] = "false";
        var p = Read(v);
        Assert.Null(p.SupportiveCare.GcsfStartDay);
        Assert.Null(p.SupportiveCare.PlateletTransfusionBelowPerNanoliter);
        Assert.Null(p.GvhdProphylaxis);
        Assert.Null(p.Graft);
        Assert.Equal(-10, p.Conditioning[0].Day);
    }

    [Fact]
    public void Read_RowsAddedAndRemoved_FollowTheirIndices()
    {
        var v = Values("none");
        v["conditioning[0].agent"] = "totalBodyIrradiation";
        v["conditioning[0].dose"] = "2";
        v["conditioning[0].day"] = "-1";
        var p = Read(v);
        var dose = Assert.Single(p.Conditioning);
        Assert.Equal((ConditioningAgent.TotalBodyIrradiation, 2.0, -1), (dose.Agent, dose.Dose, dose.Day));
        for (int i = 1; i <= ProtocolForm.MaxDoses; i++)
        {
            v[$"conditioning[{i}].agent"] = "cyclophosphamide";
            v[$"conditioning[{i}].dose"] = "1";
            v[$"conditioning[{i}].day"] = "-1";
        }
        Assert.Contains(Assert.Throws<LabInputException>(() => Read(v)).Errors, e => e.Field == "conditioning" && e.Message.Contains("at most 60", StringComparison.Ordinal));
    }

    /// <summary>
    /// The form's ranges are the library's: a value at a form bound is accepted by the protocol file reader, and a value
    /// just beyond it is refused by the reader for the same field (keys are protocol-file paths).
    /// </summary>
    [Fact]
    public void FormRanges_AgreeWithTheProtocolFileReader()
    {
        FormField[] fields = [ProtocolForm.Cd34, ProtocolForm.Cd3, ProtocolForm.Tnc, ProtocolForm.Viability, ProtocolForm.Depletion, ProtocolForm.DoseCv,
            ProtocolForm.MobilisationCy, ProtocolForm.GraftDay, ProtocolForm.GcsfStart, ProtocolForm.GcsfStop, ProtocolForm.RedCells, ProtocolForm.Platelets];
        int checkedBounds = 0;
        foreach (var f in fields)
        {
            string[] path = f.Key.Split('.');
            double step = f.Kind == FieldKind.Integer ? 1 : Math.Max(Math.Abs(f.Max), 1) * 1e-6;
            AssertAccepted(path, f.Max);
            AssertRefused(path, f.Max + step, f.Key);
            if (f.MinExclusive) AssertRefused(path, f.Min, f.Key);
            else
            {
                AssertAccepted(path, f.Min);
                AssertRefused(path, f.Min - (f.Kind == FieldKind.Integer ? 1 : Math.Max(Math.Abs(f.Min), 1) * 1e-6), f.Key);
            }
            checkedBounds++;
        }
        foreach (var agent in ProtocolForm.Agent.Options)
        {
            string[] dose = ["conditioning", "0", "dose"];
            AssertAccepted(dose, agent.Max!.Value, agent.Value);
            AssertRefused(dose, agent.Max.Value * (1 + 1e-6), "conditioning[0].dose", agent.Value);
            AssertRefused(dose, 0, "conditioning[0].dose", agent.Value);
            checkedBounds++;
        }
        AssertAccepted(["conditioning", "0", "day"], ProtocolForm.DoseDay.Max);
        AssertRefused(["conditioning", "0", "day"], ProtocolForm.DoseDay.Min - 1, "conditioning[0].day");
        Assert.Equal(fields.Length + Enum.GetValues<ConditioningAgent>().Length, checkedBounds);
    }

    private static string With(string[] path, double value, string? agent)
    {
        var root = JsonNode.Parse(ProtocolFile.Write(BuiltInProtocols.Get("auto-cy-atg").Definition))!;
        JsonNode parent = root;
        for (int i = 0; i < path.Length - 1; i++) parent = int.TryParse(path[i], out int k) ? parent[k]! : parent[path[i]]!;
        parent[path[^1]] = value;
        if (agent is not null)
        {
            // The agent's dose alone: other doses of the same agent would count towards its course bound (ProtocolBounds).
            var first = root["conditioning"]![0]!.DeepClone();
            first["agent"] = agent;
            first.AsObject().Remove("unit");
            root["conditioning"] = new JsonArray(first);
        }
        return root.ToJsonString();
    }

    private static void AssertAccepted(string[] path, double value, string? agent = null) => ProtocolFile.Parse(With(path, value, agent));

    private static void AssertRefused(string[] path, double value, string field, string? agent = null)
    {
        var ex = Assert.Throws<ProtocolFileException>(() => ProtocolFile.Parse(With(path, value, agent)));
        Assert.Equal(field, ex.Field);
        // And the form refuses it too, on the same key.
        var values = ProtocolForm.ValuesOf(BuiltInProtocols.Get("auto-cy-atg").Definition);
        if (agent is not null) values["conditioning[0].agent"] = agent;
        values[field] = value.ToString("R", CultureInfo.InvariantCulture);
        Assert.Contains(Assert.Throws<LabInputException>(() => ProtocolForm.Read(new FormReader(values))).Errors, e => e.Field == field);
    }
}
