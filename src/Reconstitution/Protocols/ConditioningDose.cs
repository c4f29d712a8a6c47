using Reconstitution.Validation;

namespace Reconstitution.Protocols;

/// <summary>One dose of a conditioning agent on one day. Immutable and thread-safe.</summary>
/// <remarks>
/// The agent is a built-in <see cref="ConditioningAgent"/> or any <see cref="ConditioningAgentDefinition"/> (a new drug).
/// The dose is in the agent's unit (<see cref="ConditioningAgentDefinition.DoseUnit"/>): mg/kg for
/// cyclophosphamide, busulfan and ATG; mg/m² for melphalan, fludarabine, rituximab and
/// methotrexate; Gy for total body irradiation; courses for BEAM. The day is relative to graft
/// infusion (day 0): conditioning is usually on days −7…−1.
/// </remarks>
public sealed record ConditioningDose
{
    /// <summary>Creates a dose of a built-in agent, validating it.</summary>
    /// <param name="agent">The agent.</param>
    /// <param name="dose">The dose in the agent's unit; in (0, <see cref="ConditioningAgents.MaximumSingleDose"/>].</param>
    /// <param name="day">The day relative to infusion; in [−30, 365].</param>
    public ConditioningDose(ConditioningAgent agent, double dose, int day)
        : this(EnumMembers.IsDefined(agent)
            ? ConditioningAgentDefinition.BuiltIn(agent)
            : throw new ArgumentOutOfRangeException(nameof(agent), agent, $"Unknown agent; allowed: {JsonNames.AllOf<ConditioningAgent>()}."), dose, day)
    {
    }

    /// <summary>Creates a dose of any agent (built-in or user-defined), validating it.</summary>
    /// <param name="agent">The agent's definition.</param>
    /// <param name="dose">The dose in the agent's unit; in (0, <see cref="ConditioningAgentDefinition.MaximumSingleDose"/>].</param>
    /// <param name="day">The day relative to infusion; in [−30, 365].</param>
    public ConditioningDose(ConditioningAgentDefinition agent, double dose, int day)
    {
        ArgumentNullException.ThrowIfNull(agent);
        Guard.PositiveAtMost(dose, agent.MaximumSingleDose, nameof(dose), agent.DoseUnit);
        Guard.InRange(day, -30, 365, nameof(day));
        Definition = agent;
        Dose = dose;
        Day = day;
    }

    /// <summary>The built-in agent.</summary>
    /// <exception cref="InvalidOperationException">The agent is user-defined (it has no <see cref="ConditioningAgent"/> value): use <see cref="Definition"/>.</exception>
    public ConditioningAgent Agent => Definition.BuiltInAgent
        ?? throw new InvalidOperationException($"'{Definition.Name}' is a user-defined agent, not a built-in ConditioningAgent; use Definition.");

    /// <summary>The agent's definition (name, unit, kills); for a built-in agent its default numbers.</summary>
    public ConditioningAgentDefinition Definition { get; }

    /// <summary>The dose, in the agent's unit.</summary>
    public double Dose { get; }

    /// <summary>The day relative to infusion (day 0).</summary>
    public int Day { get; }

    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append(System.Globalization.CultureInfo.InvariantCulture, $"Agent = {Definition.Name}, Dose = {Dose} {Definition.DoseUnit}, Day = {Day}");
        return true;
    }
}
