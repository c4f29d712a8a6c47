using Reconstitution.Validation;

namespace Reconstitution.Protocols;

/// <summary>One dose of a conditioning agent on one day. Immutable and thread-safe.</summary>
/// <remarks>
/// The dose is in the agent's unit (<see cref="ConditioningAgents.UnitOf"/>): mg/kg for
/// cyclophosphamide, busulfan and ATG; mg/m² for melphalan, fludarabine, rituximab and
/// methotrexate; Gy for total body irradiation; courses for BEAM. The day is relative to graft
/// infusion (day 0): conditioning is usually on days −7…−1.
/// </remarks>
public sealed record ConditioningDose
{
    /// <summary>Creates a dose, validating it.</summary>
    /// <param name="agent">The agent.</param>
    /// <param name="dose">The dose in the agent's unit; in (0, <see cref="ConditioningAgents.MaximumSingleDose"/>].</param>
    /// <param name="day">The day relative to infusion; in [−30, 365].</param>
    public ConditioningDose(ConditioningAgent agent, double dose, int day)
    {
        if (!Enum.IsDefined(agent)) throw new ArgumentOutOfRangeException(nameof(agent), agent, $"Unknown agent; allowed: {JsonNames.AllOf<ConditioningAgent>()}.");
        Guard.PositiveAtMost(dose, ConditioningAgents.MaximumSingleDose(agent), nameof(dose), ConditioningAgents.UnitOf(agent));
        Guard.InRange(day, -30, 365, nameof(day));
        Agent = agent;
        Dose = dose;
        Day = day;
    }

    /// <summary>The agent.</summary>
    public ConditioningAgent Agent { get; }

    /// <summary>The dose, in the agent's unit.</summary>
    public double Dose { get; }

    /// <summary>The day relative to infusion (day 0).</summary>
    public int Day { get; }
}
