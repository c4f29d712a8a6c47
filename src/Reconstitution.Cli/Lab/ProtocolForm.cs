using System.Globalization;
using System.Text.Json.Nodes;
using Reconstitution.Protocols;

namespace Reconstitution.Cli.Lab;

/// <summary>
/// The protocol editor of the lab, in one place: which fields of a <see cref="ProtocolDefinition"/> the form shows
/// (with labels, units and allowed ranges), the form values of a definition, and the definition of posted values.
/// </summary>
/// <remarks>
/// Keys are the fields' paths in a protocol file (<c>graft.cd34PerKg</c>, <c>conditioning[2].dose</c>), so a
/// <see cref="ProtocolFileException.Field"/> from an upload names the same field. The ranges are those the protocol
/// types enforce (ConditioningDose, GraftDefinition, SupportiveCareDefinition; docs/protocol-files.md); a test checks
/// that each form range agrees with the library, and the library's own checks run again when the definition is built.
/// When the protocol layer changes shape (e.g. several grafts), this file and its test are what changes.
/// </remarks>
internal static class ProtocolForm
{
    /// <summary>The most conditioning doses a form may hold.</summary>
    public const int MaxDoses = 60;

    public static readonly FormField Name = new("name", "Protocol name", FieldKind.Text)
    {
        Help = "1 to 64 letters, digits, '-' or '_'; it names the outputs.",
    };

    public static readonly FormField Description = new("description", "Description", FieldKind.Text) { BlankMeans = "no description" };

    public static readonly FormField Agent = new("agent", "Agent", FieldKind.Select)
    {
        Options = [.. Enum.GetValues<ConditioningAgent>().Select(a => new FieldOption(
            ConditioningAgents.FileName(a), AgentLabel(a), ConditioningAgents.UnitOf(a), ConditioningAgents.MaximumSingleDose(a)))],
    };

    public static readonly FormField Dose = new("dose", "Dose", FieldKind.Number) { Min = 0, MinExclusive = true, UnitFrom = "agent" };

    public static readonly FormField DoseDay = new("day", "Day", FieldKind.Integer)
    {
        Min = -30, Max = 365, Unit = "day", Help = "Day 0 is the graft infusion; conditioning is usually on days −7 to −1.",
    };

    public static readonly FormField GraftGiven = new("graft.given", "Give a graft", FieldKind.Checkbox);

    public static readonly FormField Source = new("graft.source", "Graft source", FieldKind.Select)
    {
        Options =
        [
            new(Camel(GraftSource.PeripheralBlood), "Peripheral blood stem cells (mobilised)"),
            new(Camel(GraftSource.BoneMarrow), "Bone marrow"),
            new(Camel(GraftSource.SingleCord), "One cord blood unit"),
            new(Camel(GraftSource.DoubleCord), "Two cord blood units"),
        ],
    };

    public static readonly FormField Donor = new("graft.donor", "Donor", FieldKind.Select)
    {
        Options =
        [
            new(Camel(DonorType.Self), "The patient (autologous)"),
            new(Camel(DonorType.MatchedSibling), "HLA-matched sibling"),
            new(Camel(DonorType.MatchedUnrelated), "HLA-matched unrelated donor"),
            new(Camel(DonorType.Mismatched), "HLA-mismatched donor"),
        ],
    };

    /// <summary>Appended to a built-in protocol's name once the form changes it (<c>auto-cy-atg</c> → <c>auto-cy-atg-edited</c>).</summary>
    public const string EditedSuffix = "-edited";

    public static readonly FormField Cd34 = new("graft.cd34PerKg", "CD34+ cells", FieldKind.Number) { Min = 0, MinExclusive = true, Max = 5e7, Unit = "cells/kg", Help = "Typical: 2e6 to 1e7 for blood stem cells, 2e5 for one cord unit. At most 5e7 for blood stem cells, 3e7 for marrow, 3e6 for one cord unit (protocol-file bounds)." };

    public static readonly FormField Cd3 = new("graft.cd3PerKg", "CD3+ T cells", FieldKind.Number) { Min = 0, Max = 1e10, Unit = "cells/kg", BlankMeans = "typical for the source" };

    public static readonly FormField Tnc = new("graft.totalNucleatedCellsPerKg", "Total nucleated cells", FieldKind.Number) { Min = 0, Max = 1e10, Unit = "cells/kg", BlankMeans = "typical for the source" };

    public static readonly FormField Viability = new("graft.viability", "Viability after thawing", FieldKind.Number) { Min = 0, MinExclusive = true, Max = 1, Unit = "fraction" };

    public static readonly FormField Depletion = new("graft.cd34SelectionLogDepletion", "CD34 selection", FieldKind.Number)
    {
        Min = 0, Max = 7, Unit = "log₁₀ T-cell depletion", BlankMeans = "unmanipulated graft", Help = "CD34 selection typically removes 3 to 5 logs of T cells.",
    };

    public static readonly FormField DoseCv = new("graft.cd34DoseCv", "CD34+ dose variation between patients", FieldKind.Number) { Min = 0, Max = 2, Unit = "coefficient of variation", Help = "0: every patient gets exactly the dose above." };

    public static readonly FormField MobilisationCy = new("graft.mobilisationCyclophosphamideMgPerKg", "Mobilisation cyclophosphamide", FieldKind.Number)
    {
        Min = 0, Max = 200, Unit = "mg/kg", BlankMeans = "mobilised with G-CSF alone",
    };

    public static readonly FormField GraftDay = new("graft.day", "Infusion day", FieldKind.Integer) { Min = 0, Max = 365, Unit = "day" };

    public static readonly FormField GcsfStart = new("supportiveCare.gcsfStartDay", "G-CSF from day", FieldKind.Integer) { Min = -10, Max = 60, Unit = "day", BlankMeans = "no G-CSF" };

    public static readonly FormField GcsfStop = new("supportiveCare.gcsfStopAncPerNanoliter", "G-CSF stops at ANC", FieldKind.Number) { Min = 0, MinExclusive = true, Max = 20, Unit = "×10⁹/L" };

    public static readonly FormField RedCells = new("supportiveCare.redCellTransfusionBelowHbGramsPerDeciliter", "Red cells transfused below Hb", FieldKind.Number)
    {
        Min = 3, Max = 12, Unit = "g/dL", BlankMeans = "never transfused",
    };

    public static readonly FormField Platelets = new("supportiveCare.plateletTransfusionBelowPerNanoliter", "Platelets transfused below", FieldKind.Number)
    {
        Min = 1, Max = 100, Unit = "×10⁹/L", BlankMeans = "never transfused",
    };

    public static readonly FormField Calcineurin = new("gvhdProphylaxis.calcineurinInhibitor", "Calcineurin inhibitor (ciclosporin or tacrolimus)", FieldKind.Checkbox);

    public static readonly FormField Methotrexate = new("gvhdProphylaxis.methotrexate", "Short-course methotrexate (days +1, +3, +6, +11)", FieldKind.Checkbox);

    /// <summary>The form's sections, for the page to draw.</summary>
    public static JsonArray Describe()
    {
        static JsonObject Section(string id, string title, string? help, params FormField[] fields)
        {
            var o = new JsonObject { ["id"] = id, ["title"] = title, ["fields"] = new JsonArray([.. fields.Select(f => (JsonNode)f.ToJson())]) };
            if (help is not null) o["help"] = help;
            return o;
        }
        var conditioning = new JsonObject
        {
            ["id"] = "conditioning",
            ["title"] = "Conditioning",
            ["help"] = "One row per dose. The dose's unit depends on the agent.",
            ["list"] = new JsonObject
            {
                ["key"] = "conditioning",
                ["maxRows"] = MaxDoses,
                ["columns"] = new JsonArray(Agent.ToJson(), Dose.ToJson(), DoseDay.ToJson()),
            },
        };
        return
        [
            Section("about", "Name and description", null, Name, Description),
            conditioning,
            Section("graft", "Graft", "Untick \"Give a graft\" for conditioning alone.", GraftGiven, Source, Donor, Cd34, Cd3, Tnc, Viability, Depletion, DoseCv, MobilisationCy, GraftDay),
            Section("supportiveCare", "Supportive care", null, GcsfStart, GcsfStop, RedCells, Platelets),
            Section("gvhdProphylaxis", "GVHD prophylaxis", "For grafts from another person; untick both for none.", Calcineurin, Methotrexate),
        ];
    }

    /// <summary>The form values of a definition (the number of conditioning rows is the number of doses).</summary>
    public static Dictionary<string, string> ValuesOf(ProtocolDefinition p)
    {
        var v = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [Name.Key] = p.Name,
            [Description.Key] = p.Description ?? "",
        };
        for (int i = 0; i < p.Conditioning.Count; i++)
        {
            var d = p.Conditioning[i];
            v[Row(i, Agent)] = d.Definition.Name;   // a built-in agent's name is its protocol-file name
            v[Row(i, Dose)] = Num(d.Dose);
            v[Row(i, DoseDay)] = d.Day.ToString(CultureInfo.InvariantCulture);
        }
        var g = p.Graft ?? new GraftDefinition(GraftSource.PeripheralBlood, DonorType.Self, 5e6);
        v[GraftGiven.Key] = p.Graft is null ? "false" : "true";
        v[Source.Key] = Camel(g.Source);
        v[Donor.Key] = Camel(g.Donor);
        v[Cd34.Key] = Num(g.Cd34PerKg);
        v[Cd3.Key] = Num(g.Cd3PerKg);
        v[Tnc.Key] = Num(g.TotalNucleatedCellsPerKg);
        v[Viability.Key] = Num(g.Viability);
        v[Depletion.Key] = Num(g.Cd34SelectionLogDepletion);
        v[DoseCv.Key] = Num(g.Cd34DoseCv);
        v[MobilisationCy.Key] = Num(g.MobilisationCyclophosphamideMgPerKg);
        v[GraftDay.Key] = Num(g.Day);
        var c = p.SupportiveCare;
        v[GcsfStart.Key] = Num(c.GcsfStartDay);
        v[GcsfStop.Key] = Num(c.GcsfStopAncPerNanoliter);
        v[RedCells.Key] = Num(c.RedCellTransfusionBelowHbGramsPerDeciliter);
        v[Platelets.Key] = Num(c.PlateletTransfusionBelowPerNanoliter);
        v[Calcineurin.Key] = p.GvhdProphylaxis?.CalcineurinInhibitor == true ? "true" : "false";
        v[Methotrexate.Key] = p.GvhdProphylaxis?.Methotrexate == true ? "true" : "false";
        return v;
    }

    /// <summary>The definition of posted form values.</summary>
    /// <exception cref="LabInputException">One message per bad field.</exception>
    public static ProtocolDefinition Read(FormReader r)
    {
        string? name = r.Text(Name);
        if (name is not null && (name.Length > 64 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            r.Fail(Name.Key, $"{Name.Label}: '{(name.Length > 40 ? name[..37] + "…" : name)}' is not allowed; use 1 to 64 letters, digits, '-' or '_'.");
            name = null;
        }
        string? description = r.Text(Description);
        var doses = new List<ConditioningDose>();
        int rows = 0;
        while (r.Has(Row(rows, Agent))) rows++;
        if (rows > MaxDoses) r.Fail("conditioning", $"Conditioning: {rows} doses is too many; at most {MaxDoses}.");
        for (int i = 0; i < Math.Min(rows, MaxDoses); i++)
        {
            string n = $" (dose {i + 1})";
            string? agentName = r.Choice(Agent, Row(i, Agent), Agent.Label + n);
            var option = Agent.Options.FirstOrDefault(o => o.Value == agentName);
            double? dose = option is null ? null : r.Number(Dose, Row(i, Dose), option.Max, option.Unit, Dose.Label + n);
            int? day = r.Integer(DoseDay, Row(i, DoseDay), DoseDay.Label + n);
            if (option is not null && dose is { } x && day is { } d)
                doses.Add(new ConditioningDose(Enum.GetValues<ConditioningAgent>().First(a => ConditioningAgents.FileName(a) == option.Value), x, d));
        }
        GraftDefinition? graft = r.Flag(GraftGiven.Key) ? ReadGraft(r) : null;
        var care = new SupportiveCareDefinition
        {
            GcsfStartDay = r.Integer(GcsfStart),
            GcsfStopAncPerNanoliter = r.Number(GcsfStop) ?? 1.0,
            RedCellTransfusionBelowHbGramsPerDeciliter = r.Number(RedCells),
            PlateletTransfusionBelowPerNanoliter = r.Number(Platelets),
        };
        bool cni = r.Flag(Calcineurin.Key), mtx = r.Flag(Methotrexate.Key);
        r.ThrowIfAny();
        ProtocolDefinition definition;
        try
        {
            definition = new ProtocolDefinition(name!)
            {
                Description = description,
                Conditioning = doses,
                Graft = graft,
                SupportiveCare = care,
                GvhdProphylaxis = cni || mtx ? new GvhdProphylaxisDefinition(cni, mtx) : null,
            };
        }
        catch (ArgumentException ex)
        {
            // The form's ranges mirror the library's, so this is a backstop; the message still names the parameter.
            throw new LabInputException("", ex.Message);
        }
        // The limits a protocol file must respect (a day's and a course's total dose, graft contents, contradictions),
        // on the field that breaks them: the form's keys are the file's paths.
        if (ProtocolBounds.FindViolation(definition) is var (field, problem)) throw new LabInputException(field, problem);
        // Results are labelled with the protocol's name, and a protocol file may carry a built-in's name only if it is that
        // protocol (docs/protocol-files.md): an edited built-in becomes NAME-edited, in the results and the download.
        if (BuiltInProtocols.Names.Contains(definition.Name)
            && ProtocolFile.Write(definition) != ProtocolFile.Write(BuiltInProtocols.Get(definition.Name).Definition))
            definition = definition with { Name = definition.Name + EditedSuffix };
        return definition;
    }

    private static GraftDefinition? ReadGraft(FormReader r)
    {
        string? source = r.Choice(Source);
        string? donor = r.Choice(Donor);
        double? cd34 = r.Number(Cd34);
        double? cd3 = r.Number(Cd3), tnc = r.Number(Tnc), viability = r.Number(Viability), depletion = r.Number(Depletion);
        double? cv = r.Number(DoseCv), mobilisation = r.Number(MobilisationCy);
        int? day = r.Integer(GraftDay);
        if (source is null || donor is null || cd34 is null || viability is null || cv is null || day is null) return null;
        return new GraftDefinition(Parse<GraftSource>(source), Parse<DonorType>(donor), cd34.Value)
        {
            Cd3PerKg = cd3,
            TotalNucleatedCellsPerKg = tnc,
            Viability = viability.Value,
            Cd34SelectionLogDepletion = depletion,
            Cd34DoseCv = cv.Value,
            MobilisationCyclophosphamideMgPerKg = mobilisation,
            Day = day.Value,
        };
    }

    /// <summary>The key of a conditioning row's column, e.g. <c>conditioning[2].dose</c>.</summary>
    public static string Row(int index, FormField column) => $"conditioning[{index.ToString(CultureInfo.InvariantCulture)}].{column.Key}";

    private static string Num(double? v) => v is { } x ? FormField.Format(x) : "";

    // The camelCase names protocol files use for enum values.
    private static string Camel<T>(T value) where T : struct, Enum
    {
        string s = value.ToString();
        return char.ToLowerInvariant(s[0]) + s[1..];
    }

    private static T Parse<T>(string camel) where T : struct, Enum => Enum.GetValues<T>().First(v => Camel(v) == camel);

    private static string AgentLabel(ConditioningAgent a) => a switch
    {
        ConditioningAgent.Cyclophosphamide => "Cyclophosphamide",
        ConditioningAgent.Busulfan => "Busulfan (IV)",
        ConditioningAgent.Melphalan => "Melphalan",
        ConditioningAgent.Beam => "BEAM",
        ConditioningAgent.Fludarabine => "Fludarabine",
        ConditioningAgent.TotalBodyIrradiation => "Total body irradiation",
        ConditioningAgent.RabbitAtg => "Rabbit ATG",
        ConditioningAgent.HorseAtg => "Horse ATG",
        ConditioningAgent.Rituximab => "Rituximab",
        ConditioningAgent.Methotrexate => "Methotrexate",
        _ => a.ToString(),
    };
}
