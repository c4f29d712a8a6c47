using Reconstitution.Physiology;
using Reconstitution.Protocols;

namespace Reconstitution.Sensitivity;

/// <summary>
/// The catalogue's notes on the built-in conditioning agents' pharmacodynamics (<see cref="ConditioningAgentEffects.Default"/>):
/// every non-zero log-kill (<c>agent.NAME.logKillPerUnit.GROUP</c>) and every antibody effect's numbers
/// (<c>agent.NAME.antibody.GROUP.maxRatePerDay</c>, <c>.ec50</c>, <c>.halfLifeDays</c>), and every non-zero organ-toxicity weight
/// (<c>agent.NAME.organToxicity.ORGAN</c>, docs/model.md §18.2), with the names protocol files use.
/// Data only: the rules below restate docs/model.md §10.1, where every value has its basis.
/// </summary>
/// <remarks>
/// A zero entry (e.g. cyclophosphamide on the niche) is not a parameter: a relative range around 0 is empty, and "the agent
/// does not touch this group" is a structural choice, not a number to vary. Calibrated values (the table was calibrated as
/// a whole so that Bu/Cy and TBI/Cy are myeloablative, §13.2; cyclophosphamide per mg/kg is the §13.4 design check) get
/// −20 %/+25 %, like other sourced values; assumptions without a stated range get half to twice their default.
/// </remarks>
internal static class AgentNotes
{
    private const string Table = " (docs/model.md §10.1)";

    /// <summary>The notes, keyed by catalogue name.</summary>
    public static IEnumerable<KeyValuePair<string, ParameterNotes.Note>> Rows()
    {
        var effects = ConditioningAgentEffects.Default;
        foreach (var agent in Enum.GetValues<ConditioningAgent>())
        {
            string unit = ConditioningAgents.UnitOf(agent);
            foreach (var group in Enum.GetValues<KillGroup>())
            {
                double k = effects.LogKillPerUnit(agent, group);
                if (k != 0) yield return new(LogKillName(agent, group), LogKill(agent, group, k, unit));
                if (effects.Antibody(agent, group) is not { } ab) continue;
                string rateUnit = ab.Ec50 == 0 ? "1/day per " + unit : "1/day";
                yield return new(AntibodyName(agent, group, "maxRatePerDay"), MaxRate(agent, group, ab, effects, rateUnit));
                if (ab.Ec50 != 0)
                    yield return new(AntibodyName(agent, group, "ec50"), Note(true, unit, ab.Ec50, RangeBasis.HalfToDouble,
                        "Concentration at half the maximal B-cell death rate (375 mg/m² depletes B cells for ≈ 4–6 months). Assumption" + Table + "."));
                yield return new(AntibodyName(agent, group, "halfLifeDays"), HalfLife(agent, ab.HalfLifeDays));
            }
            foreach (var organ in Enum.GetValues<Organ>())
                if (effects.OrganToxicityPerUnit(agent, organ) is var w and not 0) yield return new(OrganToxicityName(agent, organ), OrganWeight(agent, organ, w, unit));
        }
    }

    /// <summary>The catalogue name of an organ-toxicity weight: <c>agent.busulfan.organToxicity.liver</c>.</summary>
    public static string OrganToxicityName(ConditioningAgent agent, Organ organ) => $"agent.{JsonNames.Of(agent)}.organToxicity.{JsonNames.Of(organ)}";

    // The sources and ranges of docs/model.md §18.2. A reference weight defines exposure 1 (its organ's hazard is calibrated at it), so
    // it gets −20 %/+25 % like a sourced value; the assumptions their documented ranges, per dose unit.
    private static ParameterNotes.Note OrganWeight(ConditioningAgent agent, Organ organ, double w, string doseUnit)
    {
        string unit = "reference exposures per " + doseUnit;
        string what = $"Organ exposure of the {JsonNames.Of(organ)} per {doseUnit} of {JsonNames.Of(agent)}";
        const string Section = " (docs/model.md §18.2).";
        return (agent, organ) switch
        {
            (ConditioningAgent.Cyclophosphamide, Organ.Heart) => Note(false, unit, w, RangeBasis.Quarter, what +
                ": the reference, 200 mg/kg = 1 (fatal heart failure 8.5 % after 200, 1.2 % after 120 mg/kg; Ann Hematol 2016;95:1145)" + Section),
            (ConditioningAgent.Busulfan, Organ.Liver) => Note(false, unit, w, RangeBasis.Quarter, what +
                ": the reference, IV 12.8 mg/kg = 1 (sinusoidal obstruction syndrome; Coppell et al., BBMT 2010;16:157)" + Section),
            (ConditioningAgent.TotalBodyIrradiation, Organ.Lung) => Note(false, unit, w, RangeBasis.Quarter, what +
                ": the reference, 12 Gy = 1 (idiopathic pneumonia syndrome; Fukuda et al., Blood 2003;102:2777)" + Section),
            (ConditioningAgent.TotalBodyIrradiation, Organ.Kidney) => Note(false, unit, w, RangeBasis.Quarter, what + ": the reference, 12 Gy = 1" + Section),
            (ConditioningAgent.Melphalan, Organ.Mucosa) => Note(false, unit, w, RangeBasis.Quarter, what + ": the reference, 200 mg/m² = 1 (severe oral mucositis)" + Section),
            (ConditioningAgent.Cyclophosphamide, Organ.Liver) => Range(true, unit, 0.05 / 120, 0.25 / 120, what +
                ": cyclophosphamide adds to busulfan's liver injury but alone rarely causes SOS. Assumption, 0.05–0.25 per 120 mg/kg" + Section),
            (ConditioningAgent.Cyclophosphamide, Organ.Lung) => Range(true, unit, 0.05 / 120, 0.25 / 120, what + ": Cy pneumonitis is uncommon. Assumption, 0.05–0.25 per 120 mg/kg" + Section),
            (ConditioningAgent.Busulfan, Organ.Lung) => Range(true, unit, 0.25 / 12.8, 1 / 12.8, what + ": busulfan lung. Assumption, 0.25–1 per 12.8 mg/kg" + Section),
            (ConditioningAgent.Busulfan, Organ.Mucosa) => Range(true, unit, 0.4 / 12.8, 1 / 12.8, what + ". Assumption, 0.4–1 per 12.8 mg/kg" + Section),
            (ConditioningAgent.TotalBodyIrradiation, Organ.Liver) => Range(true, unit, 0.2 / 12, 0.8 / 12, what + ". Assumption, 0.2–0.8 per 12 Gy" + Section),
            (ConditioningAgent.TotalBodyIrradiation, Organ.Mucosa) => Range(true, unit, 0.4 / 12, 1.0 / 12, what + ". Assumption, 0.4–1 per 12 Gy" + Section),
            (ConditioningAgent.Melphalan, Organ.Liver) => Range(true, unit, 0.1 / 200, 0.4 / 200, what + ". Assumption, 0.1–0.4 per 200 mg/m²" + Section),
            (ConditioningAgent.Beam, Organ.Mucosa) => Range(true, unit, 0.7, 1.3, what + ": BEAM holds melphalan 140 mg/m² and three other agents. Assumption, 0.7–1.3" + Section),
            (ConditioningAgent.Beam, Organ.Lung) => Range(true, unit, 0.15, 0.6, what + ": carmustine pneumonitis. Assumption, 0.15–0.6" + Section),
            (ConditioningAgent.Beam, Organ.Liver) => Range(true, unit, 0.1, 0.4, what + ". Assumption, 0.1–0.4" + Section),
            _ => Note(true, unit, w, RangeBasis.HalfToDouble, what + ". Assumption" + Section),
        };
    }

    /// <summary>The catalogue name of a log-kill: <c>agent.cyclophosphamide.logKillPerUnit.hsc</c>.</summary>
    public static string LogKillName(ConditioningAgent agent, KillGroup group) => $"agent.{JsonNames.Of(agent)}.logKillPerUnit.{JsonNames.Of(group)}";

    /// <summary>The catalogue name of an antibody field: <c>agent.rabbitAtg.antibody.tCells.maxRatePerDay</c>.</summary>
    public static string AntibodyName(ConditioningAgent agent, KillGroup group, string field) => $"agent.{JsonNames.Of(agent)}.antibody.{JsonNames.Of(group)}.{field}";

    private static ParameterNotes.Note LogKill(ConditioningAgent agent, KillGroup group, double k, string doseUnit)
    {
        string unit = "per " + doseUnit;
        bool stemOrProgenitor = group is KillGroup.Hsc or KillGroup.ShortTermStemCells or KillGroup.Mpp;
        bool marrow = stemOrProgenitor || group is KillGroup.Progenitors or KillGroup.Mitotic or KillGroup.PostMitotic or KillGroup.PlasmaCells;
        string what = $"Natural-log kill of {JsonNames.Of(group)} per {doseUnit} of {JsonNames.Of(agent)}";
        return (agent, group) switch
        {
            (ConditioningAgent.Cyclophosphamide, KillGroup.Autoreactive) => Range(true, unit, 0.024, 0.06, what +
                ": the cycling autoreactive clone is hit harder than resting T cells (post-transplant Cy: Luznik 2010, Kanakry 2013). Assumption, range 0.024–0.06" + Table + "."),
            (ConditioningAgent.Cyclophosphamide, KillGroup.Hsc) => Note(false, unit, k, RangeBasis.Quarter, what + ": stem cells spared by ALDH1 (DeZern 2011)" + Table + "."),
            (ConditioningAgent.Cyclophosphamide, KillGroup.PostMitotic) => Range(true, unit, 0.006, 0.01, what +
                ": high-dose Cy without stem cells makes every patient neutropenic for a median of 9 days (Blood 2009;114:3412). Assumption, range 0.006–0.01" + Table + "."),
            (ConditioningAgent.Cyclophosphamide, KillGroup.PlasmaCells) => Range(true, unit, 0, 0.004, what +
                ": long-lived plasma cells keep making autoantibody after high-dose Cy (Hoyer 2004). Assumption, range 0–0.004" + Table + "."),
            (ConditioningAgent.Cyclophosphamide, KillGroup.Treg) => Note(false, unit, k, RangeBasis.Quarter, what + ": Treg spared (Kanakry 2013)" + Table + "."),
            (ConditioningAgent.Cyclophosphamide, _) => Note(false, unit, k, RangeBasis.Quarter, what + ": the 50 mg/kg design check divided by 50 (docs/model.md §13.4)."),
            (ConditioningAgent.Busulfan, KillGroup.Progenitors) => Range(true, unit, 0.42, 0.8, what +
                ": stem-cell selective, committed progenitors relatively spared (Kuramoto 2004). Assumption, range 0.42–0.8" + Table + "."),
            (ConditioningAgent.Busulfan, KillGroup.Mitotic) => Range(true, unit, 0.3, 0.6, what + ": dividing precursors relatively spared (Kuramoto 2004). Assumption, range 0.3–0.6" + Table + "."),
            (ConditioningAgent.Busulfan, _) when stemOrProgenitor => Note(false, unit, k, RangeBasis.Quarter, what +
                ": calibrated so that Bu 12.8 mg/kg IV + Cy 120 mg/kg is myeloablative (stem-cell log-kill ≈ 13.8, docs/model.md §13.2)."),
            (ConditioningAgent.TotalBodyIrradiation, KillGroup.Thymocytes or KillGroup.TCells or KillGroup.Treg or KillGroup.BCells) => Range(true, unit, 0.8, 1.15, what +
                ": lymphocytes are the most radiosensitive blood cells; a surviving fraction of 0.1–0.2 after a 2 Gy fraction gives 0.8–1.15 per Gy" + Table + "."),
            (ConditioningAgent.TotalBodyIrradiation, _) when marrow => Note(false, unit, k, RangeBasis.Quarter, what +
                ": calibrated so that TBI 12 Gy + Cy 120 mg/kg is myeloablative (docs/model.md §13.2)."),
            (ConditioningAgent.Methotrexate, KillGroup.Mpp or KillGroup.Progenitors or KillGroup.Mitotic) => Note(false, unit, k, RangeBasis.Quarter, what +
                ": the design check's ×0.65 (progenitors, precursors) and ×0.8 (MPP) per ≈ 12 mg/m² dose" + Table + "."),
            _ => Note(true, unit, k, RangeBasis.HalfToDouble, what + ": chosen for the agent's class. Assumption, range ×0.5–×2" + Table + "."),
        };
    }

    private static ParameterNotes.Note MaxRate(ConditioningAgent agent, KillGroup group, AntibodyEffect ab, ConditioningAgentEffects effects, string unit)
    {
        string what = $"Extra death rate of {JsonNames.Of(group)} under {JsonNames.Of(agent)}";
        // The autoreactive clone dies 1–5× faster than resting T cells under ATG (activation-associated apoptosis).
        if (group == KillGroup.Autoreactive && effects.Antibody(agent, KillGroup.TCells) is { } t)
            return Range(true, unit, t.MaxRatePerDay, 5 * t.MaxRatePerDay, what +
                ": activated T cells die faster than resting ones (Genestier 1998). Assumption, 1–5× the T-cell rate" + Table + ".");
        if (agent == ConditioningAgent.RabbitAtg && group == KillGroup.TCells)
            return Note(false, unit, ab.MaxRatePerDay, RangeBasis.Quarter, what + ": 6 mg/kg gives 0.2 per day (Waller 2003; docs/model.md §13.4).");
        return Note(true, unit, ab.MaxRatePerDay, RangeBasis.HalfToDouble, what + ". Assumption" + Table + ".");
    }

    private static ParameterNotes.Note HalfLife(ConditioningAgent agent, double days) => agent == ConditioningAgent.RabbitAtg
        ? Note(false, "days", days, RangeBasis.Quarter, "Active half-life of rabbit ATG, ≈ 6 days (Waller 2003).")
        : Note(true, "days", days, RangeBasis.HalfToDouble, $"Active half-life of {JsonNames.Of(agent)}. Assumption" + Table + ".");

    private static ParameterNotes.Note Note(bool assumption, string unit, double value, RangeBasis basis, string source) => basis == RangeBasis.HalfToDouble
        ? new(assumption, unit, value / 2, value * 2, basis, source)
        : new(assumption, unit, value * 0.8, value * 1.25, basis, source);

    private static ParameterNotes.Note Range(bool assumption, string unit, double min, double max, string source) =>
        new(assumption, unit, min, max, RangeBasis.Documented, source);
}
