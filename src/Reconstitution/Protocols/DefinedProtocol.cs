namespace Reconstitution.Protocols;

/// <summary>
/// Runs a <see cref="ProtocolDefinition"/>: conditioning doses on their days, each graft unit on its day, GVHD
/// prophylaxis from the first allogeneic unit (calcineurin inhibitor as a hazard factor, methotrexate 15 mg/m² on day +1
/// and 10 mg/m² on days +3, +6, +11 after that unit as a cytotoxic dose), and supportive care from the first conditioning day.
/// Built-in protocols and protocol files share this one code path. Immutable and thread-safe.
/// </summary>
/// <remarks>Use it to run a <see cref="ProtocolDefinition"/> (a file or one composed in C#); implement <see cref="IProtocol"/> instead when the treatment must react to the patient.</remarks>
public sealed class DefinedProtocol : IProtocol
{
    /// <summary>Creates the protocol.</summary>
    /// <param name="definition">The definition.</param>
    public DefinedProtocol(ProtocolDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        Definition = definition;
        int first = 0;
        foreach (var d in definition.Conditioning) first = Math.Min(first, d.Day);
        StartDay = first;
        AllogeneicUnits = CountAllogeneicUnits(definition);
    }

    /// <summary>The definition this protocol runs.</summary>
    public ProtocolDefinition Definition { get; }

    /// <inheritdoc />
    public string Name => Definition.Name;

    /// <inheritdoc />
    public string Description => Definition.Description ?? Definition.Name;

    /// <inheritdoc />
    public int StartDay { get; }

    /// <inheritdoc />
    /// <remarks>The allogeneic units of <see cref="ProtocolDefinition.Grafts"/> infused on the day of the first one (at most 4; one donor
    /// origin per unit only when there are two or more, so single-donor protocols keep the smaller network).</remarks>
    public int AllogeneicUnits { get; }

    /// <summary>
    /// The allogeneic units infused on the day of the first allogeneic infusion, at most 4 (0 without one): counted once, as
    /// the definition's units cannot change (<see cref="ProtocolDefinition.Grafts"/> is a copy; a unit's day and donor are
    /// init-only), instead of at every patient's set-up.
    /// </summary>
    private static int CountAllogeneicUnits(ProtocolDefinition definition)
    {
        int first = int.MaxValue, count = 0;
        foreach (var u in definition.Grafts)
        {
            if (u.IsAutologous) continue;
            if (u.Day < first) (first, count) = (u.Day, 0);
            if (u.Day == first) count++;
        }
        return Math.Min(count, 4);
    }

    /// <inheritdoc />
    public void Schedule(TreatmentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var def = Definition;
        context.ScheduleDoses(def.Conditioning);
        foreach (var unit in def.Grafts)
            context.Simulation.Schedule(unit.Day, () => { if (context.IsAlive) context.Infuse(unit); });
        if (def.Grafts.FirstOrDefault(u => !u.IsAutologous) is { } graft)
        {
            if (def.GvhdProphylaxis is { } gvhd)
            {
                context.Simulation.Schedule(graft.Day, () => context.SetGvhdProphylaxis(gvhd), priority: 1);
                if (gvhd.Methotrexate)
                {
                    context.ScheduleDoses([
                        new ConditioningDose(ConditioningAgent.Methotrexate, 15, graft.Day + 1),
                        new ConditioningDose(ConditioningAgent.Methotrexate, 10, graft.Day + 3),
                        new ConditioningDose(ConditioningAgent.Methotrexate, 10, graft.Day + 6),
                        new ConditioningDose(ConditioningAgent.Methotrexate, 10, graft.Day + 11)]);
                }
            }
        }
        if (def.Conditioning.Count > 0 || def.Graft is not null)
            context.StartSupportiveCare(def.SupportiveCare, StartDay);
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
