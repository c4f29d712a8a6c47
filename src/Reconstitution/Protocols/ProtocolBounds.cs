using System.Globalization;

namespace Reconstitution.Protocols;

/// <summary>
/// Limits a protocol file must respect beyond each value's own range (docs/protocol-files.md §Bounds): how many doses,
/// how much of an agent on one day and over the whole protocol, how many cells a graft of each source carries, and
/// combinations that contradict each other. Stateless and thread-safe.
/// </summary>
/// <remarks>
/// The limits come from clinical practice with a margin, so that every protocol in use (and bolder explorations) passes,
/// while a file that no one could give (a unit mistake, a copy-paste loop, ten lethal doses on one day) is refused with
/// its reason instead of running for hours. They are plausibility limits, not clinical advice.
/// </remarks>
public static class ProtocolBounds
{
    /// <summary>The most conditioning doses a protocol may list: 100 (the longest schedules in use have about 20 entries).</summary>
    public const int MaximumDoses = 100;

    /// <summary>The most of <paramref name="agent"/> on one day, in its unit: the single-dose limit applies to a day's total.</summary>
    /// <param name="agent">The agent.</param>
    /// <returns>The daily maximum, <see cref="ConditioningAgents.MaximumSingleDose"/>.</returns>
    public static double MaximumDailyDose(ConditioningAgent agent) => ConditioningAgents.MaximumSingleDose(agent);

    /// <summary>
    /// The most of <paramref name="agent"/> over the whole protocol, in its unit: the highest course given in transplant
    /// practice, with a margin where courses vary (sources in docs/protocol-files.md §Bounds).
    /// </summary>
    /// <param name="agent">The agent.</param>
    /// <returns>The course maximum.</returns>
    public static double MaximumCourseDose(ConditioningAgent agent) => agent switch
    {
        ConditioningAgent.Cyclophosphamide => 200,      // Cy 50 mg/kg × 4 (MIST; aplastic anaemia): the highest course; beyond it, fatal cardiotoxicity
        ConditioningAgent.Busulfan => 16,               // oral 4 mg/kg × 4 (BuCy); intravenous 3.2 mg/kg × 4 = 12.8
        ConditioningAgent.Melphalan => 280,             // 200 mg/m² (myeloma) and 140 mg/m² (BEAM, FluMel) in use; 280 leaves a margin
        ConditioningAgent.Beam => 2,                    // one course per transplant
        ConditioningAgent.Fludarabine => 250,           // 150–180 mg/m² in reduced-intensity regimens; neurotoxic at much higher totals
        ConditioningAgent.TotalBodyIrradiation => 16,   // fractionated TBI up to 15.75 Gy
        ConditioningAgent.RabbitAtg => 20,              // 4.5–10 mg/kg in HSCT; 20 leaves a margin
        ConditioningAgent.HorseAtg => 160,              // 40 mg/kg × 4 (aplastic anaemia)
        ConditioningAgent.Rituximab => 3000,            // 375 mg/m² weekly × 4 = 1500, repeated once within the year
        ConditioningAgent.Methotrexate => 100,          // short course 15 + 10 + 10 + 10 = 45 mg/m²
        _ => throw new ArgumentOutOfRangeException(nameof(agent), agent, "Unknown conditioning agent."),
    };

    /// <summary>The most CD34+ cells per kg a graft of <paramref name="source"/> may carry: about ten times the high end of what such grafts hold.</summary>
    /// <param name="source">The graft source.</param>
    /// <returns>CD34+ cells per kg.</returns>
    public static double MaximumCd34PerKg(GraftSource source) => source switch
    {
        GraftSource.PeripheralBlood => 5e7,
        GraftSource.BoneMarrow => 3e7,
        GraftSource.SingleCord => 3e6,
        GraftSource.DoubleCord => 6e6,
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, "Unknown graft source."),
    };

    /// <summary>The most total nucleated cells per kg a graft of <paramref name="source"/> may carry (about ten times the high end).</summary>
    /// <param name="source">The graft source.</param>
    /// <returns>Total nucleated cells per kg.</returns>
    public static double MaximumTotalNucleatedCellsPerKg(GraftSource source) => source switch
    {
        GraftSource.PeripheralBlood => 1e10,
        GraftSource.BoneMarrow => 3e9,
        GraftSource.SingleCord => 3e8,
        GraftSource.DoubleCord => 6e8,
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, "Unknown graft source."),
    };

    /// <summary>A user-defined agent's course over the protocol: at most this many times its own maximum single dose.</summary>
    public const int UserAgentCourseDoses = 4;

    /// <summary>
    /// The first bound <paramref name="protocol"/> breaks, as the JSON path of the field that breaks it and the reason,
    /// or <c>null</c> when it respects them all.
    /// </summary>
    /// <param name="protocol">The protocol.</param>
    /// <returns>(field, problem) or null.</returns>
    public static (string Field, string Problem)? FindViolation(ProtocolDefinition protocol)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        var inv = CultureInfo.InvariantCulture;
        var doses = protocol.Conditioning;
        if (doses.Count > MaximumDoses)
            return (string.Create(inv, $"conditioning[{MaximumDoses}]"), string.Create(inv,
                $"{doses.Count} doses; at most {MaximumDoses} are allowed (the longest schedules in use list about 20). Give a day's dose as one entry."));
        var daily = new Dictionary<(ConditioningAgentDefinition, int), double>();
        var course = new Dictionary<ConditioningAgentDefinition, double>();
        for (int i = 0; i < doses.Count; i++)
        {
            var d = doses[i];
            var agent = d.Definition;
            string name = agent.Name, unit = agent.DoseUnit;
            double dailyMax = agent.BuiltInAgent is { } b ? MaximumDailyDose(b) : agent.MaximumSingleDose;
            double courseMax = agent.BuiltInAgent is { } c ? MaximumCourseDose(c) : UserAgentCourseDoses * agent.MaximumSingleDose;
            double day = daily[(agent, d.Day)] = daily.GetValueOrDefault((agent, d.Day)) + d.Dose;
            if (day > dailyMax * (1 + 1e-12))
                return (string.Create(inv, $"conditioning[{i}].dose"), string.Create(inv,
                    $"{name} on day {d.Day} adds up to {day:0.###} {unit}; at most {dailyMax:0.###} {unit} a day (the single-dose limit applies to a day's total)."));
            double total = course[agent] = course.GetValueOrDefault(agent) + d.Dose;
            if (total > courseMax * (1 + 1e-12))
            {
                string why = agent.BuiltInAgent is null
                    ? string.Create(inv, $"{UserAgentCourseDoses} times its maxSingleDose, the bound for a user-defined agent")
                    : "the highest course given in transplant practice";
                return (string.Create(inv, $"conditioning[{i}].dose"), string.Create(inv,
                    $"{name} adds up to {total:0.###} {unit} over the protocol; at most {courseMax:0.###} {unit} ({why}, docs/protocol-files.md)."));
            }
        }
        var units = protocol.Grafts;
        for (int i = 0; i < units.Count; i++)
        {
            var g = units[i];
            string at = units.Count == 1 ? "graft" : string.Create(inv, $"grafts[{i}]");
            string source = JsonNames.Of(g.Source);
            if (g.IsAutologous && g.Source is GraftSource.SingleCord or GraftSource.DoubleCord)
                return (at + ".donor", $"'self' with source '{source}' contradicts itself: a patient's own cord blood is not a graft for autoimmune disease (it would need to have been banked at birth); use a donor, or source peripheralBlood or boneMarrow.");
            if (g.Cd34PerKg > MaximumCd34PerKg(g.Source))
                return (at + ".cd34PerKg", string.Create(inv,
                    $"{g.Cd34PerKg:0.###e0} CD34+ cells/kg is more than a {source} graft can carry; at most {MaximumCd34PerKg(g.Source):0.###e0} (about ten times the richest such grafts)."));
            if (g.TotalNucleatedCellsPerKg is { } tnc && tnc > MaximumTotalNucleatedCellsPerKg(g.Source))
                return (at + ".totalNucleatedCellsPerKg", string.Create(inv,
                    $"{tnc:0.###e0} nucleated cells/kg is more than a {source} graft can carry; at most {MaximumTotalNucleatedCellsPerKg(g.Source):0.###e0} (about ten times the richest such grafts)."));
        }
        if (protocol.GvhdProphylaxis is not null && (protocol.Graft is null || protocol.Graft.IsAutologous))
            return ("gvhdProphylaxis", protocol.Graft is null
                ? "GVHD prophylaxis without a graft contradicts itself: there are no donor cells to cause GVHD; set it to null."
                : "GVHD prophylaxis with an autologous graft (donor 'self') contradicts itself: the patient's own cells cause no GVHD; set it to null.");
        return null;
    }
}
