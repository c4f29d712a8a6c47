namespace Reconstitution.Kernel.Resources;

/// <summary>
/// A <see cref="PriorityResource"/> on which a request of better (lower) priority may evict a holder of worse
/// priority; the evicted process is interrupted with a <see cref="Preempted"/> cause.
/// </summary>
/// <remarks>
/// <para>
/// A preempting request that finds every unit in use, and would be first in the queue (no waiting request has its
/// priority or better), evicts the holder with the worst priority strictly worse than its own; among equal
/// priorities, the one granted last. The evicted request stops holding the unit at once (it must not be released);
/// its owner process, if alive, receives <see cref="Process.Interrupt"/> with a <see cref="Preempted"/> cause. A
/// process never preempts its own units. If there is no such holder, the request waits like any other.
/// </para>
/// <para>Not thread-safe.</para>
/// </remarks>
public sealed class PreemptiveResource : PriorityResource
{
    /// <summary>Creates a resource whose requests preempt holders of worse priority.</summary>
    /// <param name="simulation">The simulation it belongs to.</param>
    /// <param name="capacity">The number of units, ≥ 1.</param>
    /// <param name="name">A name for messages and monitored series; default "resource".</param>
    /// <exception cref="ArgumentNullException"><paramref name="simulation"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is less than 1.</exception>
    public PreemptiveResource(Simulation simulation, int capacity = 1, string? name = null)
        : base(simulation, capacity, name, preemptive: true)
    {
    }

    /// <summary>Requests a unit with a priority, choosing whether it may preempt.</summary>
    /// <param name="priority">Lower is served first.</param>
    /// <param name="preempt">True to evict a holder of worse priority when no unit is free; false to wait in the queue.</param>
    /// <returns>The request.</returns>
    public ResourceRequest Request(int priority, bool preempt) => RequestCore(priority, preempt);
}
