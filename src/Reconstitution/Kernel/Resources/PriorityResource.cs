namespace Reconstitution.Kernel.Resources;

/// <summary>
/// A <see cref="Resource"/> whose waiting requests are served by priority (lower first), equal priorities in
/// arrival order. A request never takes a unit that is held: use <see cref="PreemptiveResource"/> for that.
/// </summary>
/// <remarks>
/// Use it when classes of customers are served in order of urgency, e.g. an emergency readmission before an
/// elective admission. <see cref="Resource.Request()"/> requests with priority 0. Not thread-safe.
/// </remarks>
public class PriorityResource : Resource
{
    /// <summary>Creates a resource whose waiting requests are served by priority.</summary>
    /// <param name="simulation">The simulation it belongs to.</param>
    /// <param name="capacity">The number of units, ≥ 1.</param>
    /// <param name="name">A name for messages and monitored series; default "resource".</param>
    /// <exception cref="ArgumentNullException"><paramref name="simulation"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is less than 1.</exception>
    public PriorityResource(Simulation simulation, int capacity = 1, string? name = null)
        : base(simulation, capacity, name, preemptive: false)
    {
    }

    private protected PriorityResource(Simulation simulation, int capacity, string? name, bool preemptive)
        : base(simulation, capacity, name, preemptive)
    {
    }

    /// <summary>Requests a unit with a priority.</summary>
    /// <param name="priority">Lower is served first (any int; negative is more urgent than the default 0).</param>
    /// <returns>The request; on a <see cref="PreemptiveResource"/> it may preempt (see there).</returns>
    public ResourceRequest Request(int priority) => RequestCore(priority, preempt: IsPreemptive);
}
