using Reconstitution.Physiology;

namespace Reconstitution.Protocols;

/// <summary>
/// Organ-toxicity weights of the built-in conditioning agents (docs/model.md §18.2): the organ exposure, in units of the
/// organ's reference regimen, that one dose unit adds. Exposure 1 is, for the heart, cyclophosphamide 200 mg/kg; for the
/// liver, intravenous busulfan 12.8 mg/kg; for the lung, TBI 12 Gy; for the kidney, TBI 12 Gy; for the mucosa, melphalan
/// 200 mg/m². Stateless and thread-safe.
/// </summary>
internal static class OrganToxicityWeights
{
    /// <summary>The weight of a built-in agent on an organ, per dose unit (<see cref="ConditioningAgents.UnitOf"/>).</summary>
    public static double Of(ConditioningAgent agent, Organ organ) => (agent, organ) switch
    {
        // Cyclophosphamide cardiotoxicity is dose-dependent and acute: fatal heart failure in 8.5 % after 200, 1.2 % after 120 and
        // 0 % after 100 mg/kg (811 allogeneic recipients, Ann Hematol 2016;95:1145, doi 10.1007/s00277-016-2654-6). Reference 200 mg/kg.
        (ConditioningAgent.Cyclophosphamide, Organ.Heart) => 1.0 / 200,
        // Cyclophosphamide adds to busulfan's liver injury (its metabolites deplete hepatic glutathione; Bu/Cy has more SOS than
        // Bu/Flu): 120 mg/kg counts as a tenth of the busulfan reference (assumption, range 0.05–0.25; cyclophosphamide alone rarely causes SOS).
        (ConditioningAgent.Cyclophosphamide, Organ.Liver) => 0.1 / 120,
        (ConditioningAgent.Cyclophosphamide, Organ.Lung) => 0.1 / 120, // Cy pneumonitis is uncommon (assumption, 0.05–0.25 per 120 mg/kg)
        (ConditioningAgent.Busulfan, Organ.Liver) => 1.0 / 12.8, // SOS reference: IV Bu 12.8 mg/kg (Coppell et al., BBMT 2010;16:157)
        (ConditioningAgent.Busulfan, Organ.Lung) => 0.5 / 12.8, // busulfan lung (assumption: half the TBI 12 Gy reference, range 0.25–1)
        (ConditioningAgent.Busulfan, Organ.Mucosa) => 0.7 / 12.8, // assumption, range 0.4–1
        (ConditioningAgent.TotalBodyIrradiation, Organ.Lung) => 1.0 / 12, // IPS reference: TBI 12 Gy (Fukuda et al., Blood 2003;102:2777)
        (ConditioningAgent.TotalBodyIrradiation, Organ.Liver) => 0.4 / 12, // assumption, range 0.2–0.8
        (ConditioningAgent.TotalBodyIrradiation, Organ.Kidney) => 1.0 / 12, // kidney reference: TBI 12 Gy
        (ConditioningAgent.TotalBodyIrradiation, Organ.Mucosa) => 0.7 / 12, // assumption, range 0.4–1
        (ConditioningAgent.Melphalan, Organ.Mucosa) => 1.0 / 200, // mucositis reference: melphalan 200 mg/m²
        (ConditioningAgent.Melphalan, Organ.Liver) => 0.2 / 200, // assumption, range 0.1–0.4
        (ConditioningAgent.Beam, Organ.Mucosa) => 1.0, // BEAM contains melphalan 140 mg/m² plus three other agents (assumption, 0.7–1.3)
        (ConditioningAgent.Beam, Organ.Lung) => 0.3, // carmustine pneumonitis (assumption, 0.15–0.6)
        (ConditioningAgent.Beam, Organ.Liver) => 0.2, // assumption, 0.1–0.4
        _ => 0,
    };
}
