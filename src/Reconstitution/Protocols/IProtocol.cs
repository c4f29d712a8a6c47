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

    /// <summary>
    /// The allogeneic units the patient's model traces (docs/model.md §17): 0 when the protocol gives no allogeneic unit (the model
    /// then has no alloimmune transitions), 1 when every allogeneic unit shares one donor origin, 2–4 for that many units given on
    /// the day of the first allogeneic infusion (two cord units), each with its own donor origin, per-unit chimerism and unit-versus-unit
    /// competition. The default, 1, suits any protocol written in C#; override it to trace units.
    /// </summary>
    int AllogeneicUnits => 1;
}
