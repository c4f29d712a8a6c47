using System.Globalization;
using System.Text;
using System.Text.Json;
using Reconstitution.Physiology;

namespace Reconstitution.Protocols;

/// <summary>
/// Reads and writes protocol files: JSON documents that hold a <see cref="ProtocolDefinition"/>.
/// Stateless and thread-safe.
/// </summary>
/// <remarks>
/// <para>The format (every field is documented in docs/protocol-files.md):</para>
/// <code>
/// {
///   "name": "auto-cy-atg",
///   "description": "…",
///   "agents": [ { "name": "thiotepa", "unit": "mg/kg", "maxSingleDose": 10,
///                 "logKillPerUnit": { "hsc": 0.6, "progenitors": 0.5, "tCells": 0.1 } } ],
///   "conditioning": [ { "agent": "cyclophosphamide", "dose": 50, "unit": "mg/kg", "day": -5 } ],
///   "graft": { "source": "peripheralBlood", "donor": "self", "cd34PerKg": 5e6,
///              "cd3PerKg": null, "totalNucleatedCellsPerKg": null, "viability": 0.9,
///              "cd34SelectionLogDepletion": 4, "day": 0 },
///   "supportiveCare": { "gcsfStartDay": 5, "gcsfStopAncPerNanoliter": 1.0,
///                       "redCellTransfusionBelowHbGramsPerDeciliter": 7,
///                       "plateletTransfusionBelowPerNanoliter": 10 },
///   "gvhdProphylaxis": { "calcineurinInhibitor": true, "methotrexate": true }
/// }
/// </code>
/// <para>
/// <c>"graft": null</c> (or no <c>graft</c> field) means no graft. Comments and trailing commas are
/// allowed. Unknown fields are errors, so a misspelt field never passes silently. Every error is a
/// <see cref="ProtocolFileException"/> naming the line, column and field.
/// </para>
/// </remarks>
public static class ProtocolFile
{
    private static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>Reads a protocol file.</summary>
    /// <param name="path">The file's path.</param>
    /// <returns>The protocol definition.</returns>
    /// <exception cref="ProtocolFileException">The file is malformed or a value is invalid.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static ProtocolDefinition Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string source = Path.GetFileName(path);
        byte[] bytes = ProtocolFileReader.ReadBytes(path, source);
        return ProtocolFileReader.CheckName(Parse(bytes, source), bytes, source);
    }

    /// <summary>Parses protocol JSON text.</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="sourceName">A label for error messages, such as the file name.</param>
    /// <returns>The protocol definition.</returns>
    /// <exception cref="ProtocolFileException">The text is malformed or a value is invalid.</exception>
    public static ProtocolDefinition Parse(string json, string sourceName = "protocol")
    {
        ArgumentNullException.ThrowIfNull(json);
        return Parse(Encoding.UTF8.GetBytes(json), sourceName);
    }

    private static ProtocolDefinition Parse(byte[] bytes, string sourceName)
    {
        byte[] utf8 = ProtocolFileReader.Decode(bytes, sourceName);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw ProtocolFileReader.Malformed(ex, utf8, sourceName, "malformed JSON: " + FirstSentence(ex.Message));
        }
        using (document)
        {
            var map = JsonSourceMap.Build(utf8, ReaderOptions);
            var protocol = new DefinitionReader(sourceName, map).ReadProtocol(document.RootElement);
            if (ProtocolBounds.FindViolation(protocol) is var (field, problem))
            {
                // A single unit may be written as "graft" or as a one-element "grafts" array.
                if (field.StartsWith("graft.", StringComparison.Ordinal) && !map.Contains("graft")) field = "grafts[0]" + field[5..];
                var (line, column) = map.PositionOf(field);
                throw new ProtocolFileException(sourceName, line, column, field, problem);
            }
            return protocol;
        }
    }

    /// <summary>Writes a protocol definition as indented JSON that <see cref="Parse(string, string)"/> reads back to an equal definition.</summary>
    /// <param name="protocol">The protocol.</param>
    /// <returns>The JSON text, with a final newline.</returns>
    public static string Write(ProtocolDefinition protocol)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("name", protocol.Name);
            if (protocol.Description is not null) w.WriteString("description", protocol.Description);
            var userAgents = protocol.Conditioning.Select(d => d.Definition).Where(a => a.BuiltInAgent is null).DistinctBy(a => a.Name).ToList();
            if (userAgents.Count > 0)
            {
                w.WriteStartArray("agents");
                foreach (var agent in userAgents) WriteAgent(w, agent);
                w.WriteEndArray();
            }
            w.WriteStartArray("conditioning");
            foreach (var dose in protocol.Conditioning)
            {
                w.WriteStartObject();
                w.WriteString("agent", dose.Definition.Name);
                w.WriteNumber("dose", dose.Dose);
                w.WriteString("unit", dose.Definition.DoseUnit);
                w.WriteNumber("day", dose.Day);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            if (protocol.Grafts.Count > 1)
            {
                w.WriteStartArray("grafts");
                foreach (var unit in protocol.Grafts)
                {
                    w.WriteStartObject();
                    WriteGraftFields(w, unit);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            else if (protocol.Graft is { } g)
            {
                w.WriteStartObject("graft");
                WriteGraftFields(w, g);
                w.WriteEndObject();
            }
            else
            {
                w.WriteNull("graft");
            }
            var care = protocol.SupportiveCare;
            w.WriteStartObject("supportiveCare");
            WriteOptional(w, "gcsfStartDay", care.GcsfStartDay);
            w.WriteNumber("gcsfStopAncPerNanoliter", care.GcsfStopAncPerNanoliter);
            WriteOptional(w, "redCellTransfusionBelowHbGramsPerDeciliter", care.RedCellTransfusionBelowHbGramsPerDeciliter);
            WriteOptional(w, "plateletTransfusionBelowPerNanoliter", care.PlateletTransfusionBelowPerNanoliter);
            w.WriteEndObject();
            if (protocol.GvhdProphylaxis is { } p)
            {
                w.WriteStartObject("gvhdProphylaxis");
                w.WriteBoolean("calcineurinInhibitor", p.CalcineurinInhibitor);
                w.WriteBoolean("methotrexate", p.Methotrexate);
                w.WriteEndObject();
            }
            else
            {
                w.WriteNull("gvhdProphylaxis");
            }
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void WriteGraftFields(Utf8JsonWriter w, GraftDefinition g)
    {
        w.WriteString("source", JsonNames.Of(g.Source));
        w.WriteString("donor", JsonNames.Of(g.Donor));
        w.WriteNumber("cd34PerKg", g.Cd34PerKg);
        WriteOptional(w, "totalNucleatedCellsPerKg", g.TotalNucleatedCellsPerKg);
        WriteOptional(w, "cd3PerKg", g.Cd3PerKg);
        w.WriteNumber("viability", g.Viability);
        WriteOptional(w, "cd34SelectionLogDepletion", g.Cd34SelectionLogDepletion);
        if (g.Cd34DoseCv > 0) w.WriteNumber("cd34DoseCv", g.Cd34DoseCv);
        WriteOptional(w, "mobilisationCyclophosphamideMgPerKg", g.MobilisationCyclophosphamideMgPerKg);
        w.WriteNumber("day", g.Day);
    }

    private static void WriteAgent(Utf8JsonWriter w, ConditioningAgentDefinition agent)
    {
        w.WriteStartObject();
        w.WriteString("name", agent.Name);
        w.WriteString("unit", agent.DoseUnit);
        w.WriteNumber("maxSingleDose", agent.MaximumSingleDose);
        if (agent.SpreadDays != 1) w.WriteNumber("spreadDays", agent.SpreadDays);
        w.WriteStartObject("logKillPerUnit");
        foreach (var g in Enum.GetValues<KillGroup>())
            if (agent.LogKillPerUnit(g) > 0) w.WriteNumber(JsonNames.Of(g), agent.LogKillPerUnit(g));
        w.WriteEndObject();
        if (Enum.GetValues<KillGroup>().Any(g => agent.Antibody(g) is not null))
        {
            w.WriteStartObject("antibody");
            foreach (var g in Enum.GetValues<KillGroup>())
            {
                if (agent.Antibody(g) is not { } ab) continue;
                w.WriteStartObject(JsonNames.Of(g));
                w.WriteNumber("maxRatePerDay", ab.MaxRatePerDay);
                w.WriteNumber("ec50", ab.Ec50);
                w.WriteNumber("halfLifeDays", ab.HalfLifeDays);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        if (Enum.GetValues<Organ>().Any(o => agent.OrganToxicityPerUnit(o) > 0))
        {
            w.WriteStartObject("organToxicity");
            foreach (var o in Enum.GetValues<Organ>())
                if (agent.OrganToxicityPerUnit(o) > 0) w.WriteNumber(JsonNames.Of(o), agent.OrganToxicityPerUnit(o));
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter w, string name, double? value)
    {
        if (value is null) w.WriteNull(name);
        else w.WriteNumber(name, value.Value);
    }

    private static void WriteOptional(Utf8JsonWriter w, string name, int? value)
    {
        if (value is null) w.WriteNull(name);
        else w.WriteNumber(name, value.Value);
    }

    private static string FirstSentence(string message)
    {
        // System.Text.Json appends " Path: …" and/or " LineNumber: … | BytePositionInLine: …"; the file position is reported already.
        int cut = message.Length;
        foreach (string tail in new[] { " Path:", " LineNumber:" })
        {
            int at = message.IndexOf(tail, StringComparison.Ordinal);
            if (at > 0) cut = Math.Min(cut, at);
        }
        return message[..cut].Trim();
    }

    /// <summary>Turns a parsed document into a definition, reporting positions from the source map.</summary>
    private sealed class DefinitionReader(string source, JsonSourceMap map)
    {
        public ProtocolDefinition ReadProtocol(JsonElement root)
        {
            var fields = Object(root, "", ["name", "description", "agents", "conditioning", "graft", "grafts", "supportiveCare", "gvhdProphylaxis"]);
            if (fields.TryGetValue("agents", out var agents) && agents.ValueKind != JsonValueKind.Null) ReadAgents(agents);
            string name = Required(fields, "", "name", e => String(e, "name"));
            var protocol = Build("name", () => new ProtocolDefinition(name));
            if (fields.TryGetValue("description", out var description) && description.ValueKind != JsonValueKind.Null)
                protocol = protocol with { Description = String(description, "description") };
            if (fields.TryGetValue("conditioning", out var conditioning) && conditioning.ValueKind != JsonValueKind.Null)
                protocol = protocol with { Conditioning = ReadConditioning(conditioning) };
            bool hasGraft = fields.TryGetValue("graft", out var graft) && graft.ValueKind != JsonValueKind.Null;
            bool hasGrafts = fields.TryGetValue("grafts", out var grafts) && grafts.ValueKind != JsonValueKind.Null;
            if (hasGraft && hasGrafts) throw Error("grafts", "give either 'graft' (one unit) or 'grafts' (a list of units), not both.");
            if (hasGraft) protocol = protocol with { Graft = ReadGraft(graft, "graft") };
            if (hasGrafts) protocol = protocol with { Grafts = ReadGrafts(grafts) };
            if (fields.TryGetValue("supportiveCare", out var care) && care.ValueKind != JsonValueKind.Null)
                protocol = protocol with { SupportiveCare = ReadSupportiveCare(care) };
            if (fields.TryGetValue("gvhdProphylaxis", out var gvhd) && gvhd.ValueKind != JsonValueKind.Null)
                protocol = protocol with { GvhdProphylaxis = ReadGvhd(gvhd) };
            return protocol;
        }

        private readonly Dictionary<string, ConditioningAgentDefinition> _agents = new(StringComparer.Ordinal);

        private void ReadAgents(JsonElement array)
        {
            if (array.ValueKind != JsonValueKind.Array) throw Error("agents", $"expected an array of agent definitions, found {Describe(array)}.");
            int i = 0;
            foreach (var item in array.EnumerateArray())
            {
                string path = $"agents[{i++}]";
                var f = Object(item, path, ["name", "unit", "maxSingleDose", "spreadDays", "logKillPerUnit", "antibody", "organToxicity"]);
                string name = Required(f, path, "name", e => String(e, path + ".name"));
                string unit = Required(f, path, "unit", e => String(e, path + ".unit"));
                double max = Required(f, path, "maxSingleDose", e => Number(e, path + ".maxSingleDose"));
                int spread = f.TryGetValue("spreadDays", out var s) && s.ValueKind != JsonValueKind.Null ? Integer(s, path + ".spreadDays") : 1;
                var kills = new Dictionary<KillGroup, double>();
                var killObject = Required(f, path, "logKillPerUnit", e => e);
                foreach (var (group, value) in Groups(killObject, path + ".logKillPerUnit"))
                {
                    string at = $"{path}.logKillPerUnit.{JsonNames.Of(group)}";
                    double k = Number(value, at);
                    if (!(k >= 0 && k <= 1e3)) throw Error(at, $"log-kill per {unit} was {k.ToString(CultureInfo.InvariantCulture)}; allowed: 0 to 1000.");
                    kills[group] = k;
                }
                var antibodies = new Dictionary<KillGroup, AntibodyEffect>();
                if (f.TryGetValue("antibody", out var ab) && ab.ValueKind != JsonValueKind.Null)
                {
                    foreach (var (group, value) in Groups(ab, path + ".antibody"))
                    {
                        string at = $"{path}.antibody.{JsonNames.Of(group)}";
                        var e = Object(value, at, ["maxRatePerDay", "ec50", "halfLifeDays"]);
                        antibodies[group] = new AntibodyEffect(
                            Required(e, at, "maxRatePerDay", x => Number(x, at + ".maxRatePerDay")),
                            e.TryGetValue("ec50", out var ec) && ec.ValueKind != JsonValueKind.Null ? Number(ec, at + ".ec50") : 0,
                            Required(e, at, "halfLifeDays", x => Number(x, at + ".halfLifeDays")));
                    }
                }
                var organs = new Dictionary<Organ, double>();
                if (f.TryGetValue("organToxicity", out var tox) && tox.ValueKind != JsonValueKind.Null)
                {
                    if (tox.ValueKind != JsonValueKind.Object) throw Error(path + ".organToxicity", $"expected an object keyed by organ, found {Describe(tox)}.");
                    foreach (var property in tox.EnumerateObject())
                    {
                        string at = $"{path}.organToxicity.{property.Name}";
                        if (!JsonNames.TryParse(property.Name, out Organ organ))
                            throw Error(at, $"'{property.Name}' is not an organ; allowed: {JsonNames.AllOf<Organ>()}.");
                        double weight = Number(property.Value, at);
                        if (!(weight >= 0 && weight <= 100))
                            throw Error(at, $"organ exposure per {unit} was {weight.ToString(CultureInfo.InvariantCulture)}; allowed: 0 to 100 (reference exposures per dose unit, docs/model.md §18.2).");
                        organs[organ] = weight;
                    }
                }
                var agent = Build(path, () => new ConditioningAgentDefinition(name, unit, max, kills, antibodies, spread, organs),
                    ("name", ".name"), ("doseUnit", ".unit"), ("maximumSingleDose", ".maxSingleDose"), ("spreadDays", ".spreadDays"),
                    ("logKillPerUnit", ".logKillPerUnit"), ("antibody", ".antibody"), ("organToxicity", ".organToxicity"));
                if (!_agents.TryAdd(name, agent)) throw Error(path + ".name", $"agent '{name}' is defined twice.");
            }
        }

        /// <summary>The fields of an object keyed by kill-group names (<c>hsc</c>, <c>tCells</c> …).</summary>
        private List<(KillGroup Group, JsonElement Value)> Groups(JsonElement element, string path)
        {
            if (element.ValueKind != JsonValueKind.Object) throw Error(path, $"expected an object keyed by kill group, found {Describe(element)}.");
            var list = new List<(KillGroup, JsonElement)>();
            foreach (var property in element.EnumerateObject())
            {
                if (!JsonNames.TryParse(property.Name, out KillGroup group))
                    throw Error(path + "." + property.Name, $"'{property.Name}' is not a kill group; allowed: {JsonNames.AllOf<KillGroup>()}.");
                list.Add((group, property.Value));
            }
            return list;
        }

        private ConditioningAgentDefinition Agent(JsonElement e, string path)
        {
            string text = String(e, path);
            if (_agents.TryGetValue(text, out var defined)) return defined;
            if (JsonNames.TryParse(text, out ConditioningAgent builtIn)) return ConditioningAgentDefinition.BuiltIn(builtIn);
            string user = _agents.Count > 0 ? $"; defined in this file: {string.Join(", ", _agents.Keys)}" : "; define a new agent in the file's \"agents\" array";
            throw Error(path, $"'{text}' is not a known agent; built-in: {JsonNames.AllOf<ConditioningAgent>()}{user}.");
        }

        private List<ConditioningDose> ReadConditioning(JsonElement array)
        {
            if (array.ValueKind != JsonValueKind.Array) throw Error("conditioning", $"expected an array of doses, found {Describe(array)}.");
            var doses = new List<ConditioningDose>();
            int i = 0;
            foreach (var item in array.EnumerateArray())
            {
                string path = $"conditioning[{i++}]";
                var f = Object(item, path, ["agent", "dose", "unit", "day"]);
                var agent = Required(f, path, "agent", e => Agent(e, path + ".agent"));
                double dose = Required(f, path, "dose", e => Number(e, path + ".dose"));
                int day = Required(f, path, "day", e => Integer(e, path + ".day"));
                if (f.TryGetValue("unit", out var unit) && unit.ValueKind != JsonValueKind.Null)
                {
                    string given = String(unit, path + ".unit");
                    string expected = agent.DoseUnit;
                    if (given != expected)
                        throw Error(path + ".unit", $"'{given}' is not the unit of {agent.Name}; its doses are in '{expected}'.");
                }
                doses.Add(Build(path, () => new ConditioningDose(agent, dose, day), ("dose", ".dose"), ("day", ".day")));
            }
            return doses;
        }

        private List<GraftDefinition> ReadGrafts(JsonElement array)
        {
            if (array.ValueKind != JsonValueKind.Array) throw Error("grafts", $"expected an array of graft units, found {Describe(array)}.");
            var units = new List<GraftDefinition>();
            int i = 0;
            foreach (var item in array.EnumerateArray()) units.Add(ReadGraft(item, $"grafts[{i++}]"));
            return units;
        }

        private GraftDefinition ReadGraft(JsonElement element, string path)
        {
            var f = Object(element, path, ["source", "donor", "cd34PerKg", "totalNucleatedCellsPerKg", "cd3PerKg", "viability", "cd34SelectionLogDepletion", "cd34DoseCv", "mobilisationCyclophosphamideMgPerKg", "day"]);
            var source = Required(f, path, "source", e => Enum<GraftSource>(e, path + ".source", "graft source"));
            var donor = Required(f, path, "donor", e => Enum<DonorType>(e, path + ".donor", "donor"));
            double cd34 = Required(f, path, "cd34PerKg", e => Number(e, path + ".cd34PerKg"));
            var graft = Build(path, () => new GraftDefinition(source, donor, cd34), ("cd34PerKg", ".cd34PerKg"));
            graft = Optional(f, path, "totalNucleatedCellsPerKg", graft, (g, e) => g with { TotalNucleatedCellsPerKg = Number(e, path + ".totalNucleatedCellsPerKg") });
            graft = Optional(f, path, "cd3PerKg", graft, (g, e) => g with { Cd3PerKg = Number(e, path + ".cd3PerKg") });
            graft = Optional(f, path, "viability", graft, (g, e) => g with { Viability = Number(e, path + ".viability") });
            graft = Optional(f, path, "cd34SelectionLogDepletion", graft, (g, e) => g with { Cd34SelectionLogDepletion = Number(e, path + ".cd34SelectionLogDepletion") });
            graft = Optional(f, path, "cd34DoseCv", graft, (g, e) => g with { Cd34DoseCv = Number(e, path + ".cd34DoseCv") });
            graft = Optional(f, path, "mobilisationCyclophosphamideMgPerKg", graft, (g, e) => g with { MobilisationCyclophosphamideMgPerKg = Number(e, path + ".mobilisationCyclophosphamideMgPerKg") });
            graft = Optional(f, path, "day", graft, (g, e) => g with { Day = Integer(e, path + ".day") });
            if (!graft.HasCells)
                throw Error(Join(path, "cd34PerKg"), "a graft unit with no cells: give cd34PerKg > 0, or cd3PerKg > 0 for a donor lymphocyte infusion.");
            return graft;
        }

        private SupportiveCareDefinition ReadSupportiveCare(JsonElement element)
        {
            const string path = "supportiveCare";
            var f = Object(element, path, ["gcsfStartDay", "gcsfStopAncPerNanoliter", "redCellTransfusionBelowHbGramsPerDeciliter", "plateletTransfusionBelowPerNanoliter"]);
            var care = new SupportiveCareDefinition();
            // Present-but-null means "not given"; absent means the default.
            care = Nullable(f, path, "gcsfStartDay", care, (c, e) => c with { GcsfStartDay = e is null ? null : Integer(e.Value, path + ".gcsfStartDay") });
            care = Optional(f, path, "gcsfStopAncPerNanoliter", care, (c, e) => c with { GcsfStopAncPerNanoliter = Number(e, path + ".gcsfStopAncPerNanoliter") });
            care = Nullable(f, path, "redCellTransfusionBelowHbGramsPerDeciliter", care, (c, e) => c with { RedCellTransfusionBelowHbGramsPerDeciliter = e is null ? null : Number(e.Value, path + ".redCellTransfusionBelowHbGramsPerDeciliter") });
            care = Nullable(f, path, "plateletTransfusionBelowPerNanoliter", care, (c, e) => c with { PlateletTransfusionBelowPerNanoliter = e is null ? null : Number(e.Value, path + ".plateletTransfusionBelowPerNanoliter") });
            return care;
        }

        private GvhdProphylaxisDefinition ReadGvhd(JsonElement element)
        {
            const string path = "gvhdProphylaxis";
            var f = Object(element, path, ["calcineurinInhibitor", "methotrexate"]);
            var p = new GvhdProphylaxisDefinition();
            p = Optional(f, path, "calcineurinInhibitor", p, (x, e) => x with { CalcineurinInhibitor = Boolean(e, path + ".calcineurinInhibitor") });
            p = Optional(f, path, "methotrexate", p, (x, e) => x with { Methotrexate = Boolean(e, path + ".methotrexate") });
            return p;
        }

        private Dictionary<string, JsonElement> Object(JsonElement element, string path, string[] allowed)
        {
            if (element.ValueKind != JsonValueKind.Object) throw Error(path, $"expected an object, found {Describe(element)}.");
            var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var property in element.EnumerateObject())
            {
                string fieldPath = path.Length == 0 ? property.Name : path + "." + property.Name;
                if (Array.IndexOf(allowed, property.Name) < 0)
                    throw Error(fieldPath, $"unknown field '{property.Name}'; allowed fields: {string.Join(", ", allowed)}.");
                if (!fields.TryAdd(property.Name, property.Value))
                    throw Error(fieldPath, $"field '{property.Name}' appears twice.");
            }
            return fields;
        }

        private T Required<T>(Dictionary<string, JsonElement> fields, string path, string name, Func<JsonElement, T> read)
        {
            if (!fields.TryGetValue(name, out var value) || value.ValueKind == JsonValueKind.Null)
                throw Error(path, $"required field '{name}' is missing.");
            return read(value);
        }

        private T Optional<T>(Dictionary<string, JsonElement> fields, string path, string name, T current, Func<T, JsonElement, T> apply) =>
            fields.TryGetValue(name, out var value) && value.ValueKind != JsonValueKind.Null
                ? Build(Join(path, name), () => apply(current, value))
                : current;

        private T Nullable<T>(Dictionary<string, JsonElement> fields, string path, string name, T current, Func<T, JsonElement?, T> apply) =>
            fields.TryGetValue(name, out var value)
                ? Build(Join(path, name), () => apply(current, value.ValueKind == JsonValueKind.Null ? null : value))
                : current;

        /// <summary>Runs a constructor or initializer, turning its argument exception into a positioned file error.</summary>
        private T Build<T>(string path, Func<T> make, params (string Parameter, string Suffix)[] parameterPaths)
        {
            try
            {
                return make();
            }
            catch (ArgumentException ex)
            {
                string field = path;
                foreach (var (parameter, suffix) in parameterPaths)
                    if (string.Equals(ex.ParamName, parameter, StringComparison.OrdinalIgnoreCase)) field = path + suffix;
                string message = ex.Message;
                int cut = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
                if (cut > 0) message = message[..cut];
                cut = message.IndexOf("\nActual value", StringComparison.Ordinal);
                if (cut > 0) message = message[..cut];
                throw Error(field, message.Trim());
            }
        }

        private double Number(JsonElement e, string path)
        {
            if (e.ValueKind != JsonValueKind.Number || !e.TryGetDouble(out double v))
                throw Error(path, $"expected a number, found {Describe(e)}.");
            return v;
        }

        private int Integer(JsonElement e, string path)
        {
            if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt32(out int v))
                throw Error(path, $"expected a whole number, found {Describe(e)}.");
            return v;
        }

        private bool Boolean(JsonElement e, string path) => e.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Error(path, $"expected true or false, found {Describe(e)}."),
        };

        private string String(JsonElement e, string path)
        {
            if (e.ValueKind != JsonValueKind.String) throw Error(path, $"expected a string, found {Describe(e)}.");
            return e.GetString()!;
        }

        private TEnum Enum<TEnum>(JsonElement e, string path, string what) where TEnum : struct, System.Enum
        {
            string text = String(e, path);
            if (!JsonNames.TryParse(text, out TEnum value))
                throw Error(path, $"'{text}' is not a known {what}; allowed: {JsonNames.AllOf<TEnum>()}.");
            return value;
        }

        private ProtocolFileException Error(string path, string problem)
        {
            var (line, column) = map.PositionOf(path);
            return new ProtocolFileException(source, line, column, path, problem);
        }

        private static string Join(string path, string name) => path.Length == 0 ? name : path + "." + name;

        private static string Describe(JsonElement e) => e.ValueKind switch
        {
            JsonValueKind.String => $"the string \"{e.GetString()}\"",
            JsonValueKind.Number => "the number " + e.GetRawText(),
            JsonValueKind.Array => "an array",
            JsonValueKind.Object => "an object",
            JsonValueKind.True or JsonValueKind.False => e.GetRawText(),
            JsonValueKind.Null => "null",
            _ => e.ValueKind.ToString().ToLower(CultureInfo.InvariantCulture),
        };
    }
}
