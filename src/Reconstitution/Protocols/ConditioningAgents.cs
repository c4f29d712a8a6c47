namespace Reconstitution.Protocols;

/// <summary>Facts about <see cref="ConditioningAgent"/> values: units, names and allowed dose ranges.</summary>
/// <remarks>The units and dose limits of the built-in agents; for any agent (also user-defined) use <see cref="ConditioningAgentDefinition"/>.</remarks>
public static class ConditioningAgents
{
    /// <summary>The unit of one dose of <paramref name="agent"/>: <c>mg/kg</c>, <c>mg/m2</c>, <c>Gy</c> or <c>course</c>.</summary>
    /// <param name="agent">The agent.</param>
    /// <returns>The unit, as written in protocol files.</returns>
    public static string UnitOf(ConditioningAgent agent) => agent switch
    {
        ConditioningAgent.Cyclophosphamide or ConditioningAgent.Busulfan or ConditioningAgent.RabbitAtg
            or ConditioningAgent.HorseAtg => "mg/kg",
        ConditioningAgent.Melphalan or ConditioningAgent.Fludarabine or ConditioningAgent.Rituximab
            or ConditioningAgent.Methotrexate => "mg/m2",
        ConditioningAgent.TotalBodyIrradiation => "Gy",
        ConditioningAgent.Beam => "course",
        _ => throw new ArgumentOutOfRangeException(nameof(agent), agent, "Unknown conditioning agent."),
    };

    /// <summary>
    /// The largest single dose accepted, in the agent's unit: a plausibility limit that catches
    /// unit mistakes (mg instead of mg/kg), not a clinical recommendation.
    /// </summary>
    /// <param name="agent">The agent.</param>
    /// <returns>The maximum single dose.</returns>
    public static double MaximumSingleDose(ConditioningAgent agent) => agent switch
    {
        ConditioningAgent.Cyclophosphamide => 200,
        ConditioningAgent.Busulfan => 16,
        ConditioningAgent.Melphalan => 250,
        ConditioningAgent.Beam => 2,
        ConditioningAgent.Fludarabine => 200,
        ConditioningAgent.TotalBodyIrradiation => 16,
        ConditioningAgent.RabbitAtg => 15,
        ConditioningAgent.HorseAtg => 100,
        ConditioningAgent.Rituximab => 1000,
        ConditioningAgent.Methotrexate => 100,
        _ => throw new ArgumentOutOfRangeException(nameof(agent), agent, "Unknown conditioning agent."),
    };

    /// <summary>The agent's name in protocol files (camelCase), e.g. <c>totalBodyIrradiation</c>.</summary>
    /// <param name="agent">The agent.</param>
    /// <returns>The file name of the agent.</returns>
    public static string FileName(ConditioningAgent agent) => JsonNames.Of(agent);
}
