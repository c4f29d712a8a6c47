namespace Reconstitution.Protocols;

/// <summary>
/// A conditioning or immunosuppressive agent. Each has one dose unit, given by
/// <see cref="ConditioningAgents.UnitOf"/>; protocol files name agents in camelCase
/// (<c>cyclophosphamide</c>, <c>totalBodyIrradiation</c>, <c>rabbitAtg</c>, …).
/// </summary>
public enum ConditioningAgent
{
    /// <summary>Cyclophosphamide, mg/kg. Lymphoablative; spares stem cells (high ALDH1).</summary>
    Cyclophosphamide,

    /// <summary>Busulfan (intravenous), mg/kg. Myeloablative.</summary>
    Busulfan,

    /// <summary>Melphalan, mg/m².</summary>
    Melphalan,

    /// <summary>
    /// BEAM, in courses: one course is carmustine 300 mg/m² (day −6), etoposide 200 mg/m² and
    /// cytarabine 400 mg/m² (days −5…−2) and melphalan 140 mg/m² (day −1).
    /// </summary>
    Beam,

    /// <summary>Fludarabine, mg/m². Lymphodepleting.</summary>
    Fludarabine,

    /// <summary>Total body irradiation, Gy.</summary>
    TotalBodyIrradiation,

    /// <summary>Rabbit anti-thymocyte globulin, mg/kg. Depletes T cells for weeks (active half-life ≈ 6 days).</summary>
    RabbitAtg,

    /// <summary>Horse (equine) anti-thymocyte globulin, mg/kg. Shallower, shorter T-cell depletion than rabbit ATG.</summary>
    HorseAtg,

    /// <summary>Rituximab (anti-CD20), mg/m². Depletes B cells.</summary>
    Rituximab,

    /// <summary>Methotrexate, mg/m². Used after infusion as GVHD prophylaxis; slows engraftment.</summary>
    Methotrexate,
}
