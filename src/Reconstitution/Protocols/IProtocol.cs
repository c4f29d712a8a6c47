namespace Reconstitution.Protocols;

/// <summary>
/// A transplant protocol: puts its actions (conditioning, infusion, supportive care) on the kernel's
/// timetable and may react to the patient's state. Implement it to write your own protocol in C#; a
/// <see cref="DefinedProtocol"/> runs any <see cref="ProtocolDefinition"/> (built-ins and protocol files).
/// </summary>
/// <remarks>
/// Time is in days relative to graft infusion (day 0). <see cref="Schedule"/> is called once, at
/// <see cref="StartDay"/> − 1, before the simulation runs; it schedules events and processes on
/// <see cref="TreatmentContext.Simulation"/> and acts on the patient only through the context's methods
/// (so transfusions are counted and the graft is known to the clinical outcome model). Implementations
/// must not keep per-patient state in fields shared between patients: cohorts run patients in parallel.
/// </remarks>
public interface IProtocol
{
    /// <summary>The protocol's short stable name (e.g. <c>auto-cy-atg</c>).</summary>
    string Name { get; }

    /// <summary>A sentence describing the protocol.</summary>
    string Description { get; }

    /// <summary>The first day (relative to infusion, ≤ 0) on which the protocol acts; the patient is simulated from the day before.</summary>
    int StartDay { get; }

    /// <summary>Schedules the protocol's actions for one patient.</summary>
    /// <param name="context">The patient's treatment context.</param>
    void Schedule(TreatmentContext context);
}
