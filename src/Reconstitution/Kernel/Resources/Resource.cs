using Reconstitution.Validation;

namespace Reconstitution.Kernel.Resources;

/// <summary>
/// A pool of <see cref="Capacity"/> identical units (beds, apheresis slots, servers) that processes request,
/// hold, and release; requests that find every unit in use wait in first-come, first-served order.
/// </summary>
/// <remarks>
/// <para>
/// Use it for anything that is held for a while and then given back. Use <see cref="PriorityResource"/> when some
/// requests should be served before others, <see cref="PreemptiveResource"/> when they may also evict a holder,
/// <see cref="Container"/> for an amount (a continuous level), and <see cref="Store{T}"/> for distinct items.
/// </para>
/// <code>
/// var beds = new Resource(sim, capacity: 12, name: "beds");
/// IEnumerable&lt;SimEvent&gt; Patient()
/// {
///     using ResourceRequest bed = beds.Request();   // released when the block ends
///     yield return bed;                              // wait for a bed
///     yield return sim.Timeout(stayDays);
/// }
/// </code>
/// <para>
/// A request is served at the instant a unit is free: at <see cref="Request()"/> if one is free, else at the
/// <see cref="Release"/> (or cancellation, or preemption) that frees one, and the request event is triggered then
/// (priority 0, current time). Releasing a unit hands it to the head of the queue in the same call, so a unit is
/// never idle while someone waits. <see cref="ResourceEvent.Cancel"/> withdraws a waiting request or releases a
/// granted one.
/// </para>
/// <para>Not thread-safe: a resource belongs to one simulation.</para>
/// </remarks>
public class Resource : SharedResource
{
    private readonly RequestQueue _queue = new();
    private readonly bool _preemptive;

    /// <summary>The granted requests, kept only by a preemptive resource (to choose whom to evict).</summary>
    private readonly List<ResourceRequest>? _users;

    private int _inUse;
    private long _grants;

    /// <summary>Creates a resource with first-come, first-served requests.</summary>
    /// <param name="simulation">The simulation it belongs to.</param>
    /// <param name="capacity">The number of units, ≥ 1.</param>
    /// <param name="name">A name for messages and monitored series; default "resource".</param>
    /// <exception cref="ArgumentNullException"><paramref name="simulation"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is less than 1.</exception>
    public Resource(Simulation simulation, int capacity = 1, string? name = null)
        : this(simulation, capacity, name, preemptive: false)
    {
    }

    private protected Resource(Simulation simulation, int capacity, string? name, bool preemptive)
        : base(simulation, name, "resource")
    {
        Capacity = (int)Guard.InRange(capacity, 1, int.MaxValue);
        _preemptive = preemptive;
        if (preemptive) _users = [];
    }

    /// <summary>Gets the number of units.</summary>
    public int Capacity { get; }

    /// <summary>Gets the number of units held now (granted and not yet released).</summary>
    public int Count => _inUse;

    /// <summary>Gets the number of requests waiting for a unit.</summary>
    public int QueueLength => _queue.Count;

    /// <inheritdoc/>
    public override double Level => _inUse;

    /// <inheritdoc/>
    public override double CapacityLevel => Capacity;

    /// <inheritdoc/>
    public override int WaitingCount => _queue.Count;

    /// <summary>Requests a unit with priority 0: first come, first served (on a <see cref="PreemptiveResource"/> it may preempt worse priorities).</summary>
    /// <returns>The request: an event triggered when the unit is granted. Release it with <see cref="Release"/>, <see cref="ResourceEvent.Cancel"/> or <c>using</c>.</returns>
    public ResourceRequest Request() => RequestCore(0, _preemptive);

    /// <summary>Releases a granted request's unit; the unit goes at once to the first waiting request, if any.</summary>
    /// <param name="request">A request of this resource that holds a unit now.</param>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="request"/> belongs to another resource, or does not hold a unit (still waiting, already released, preempted or cancelled).</exception>
    public void Release(ResourceRequest request)
    {
        CheckOwn(request, nameof(request));
        if (request._status != RequestStatus.Served)
            throw new ArgumentException(
                $"Parameter 'request' ({request}) does not hold a unit of '{Name}'; only a granted request that was not released yet can be released.",
                nameof(request));
        ReleaseCore(request);
    }

    /// <summary>Makes a request with a rank (lower served first) and, on a preemptive resource, the right to evict.</summary>
    private protected ResourceRequest RequestCore(int priority, bool preempt)
    {
        var request = new ResourceRequest(this, priority, preempt && _preemptive, Simulation.ActiveProcess);
        if (_inUse < Capacity) Grant(request);
        else if (request.Preempt && (_queue.Head is null || _queue.Head._rank > priority) && FindVictim(request) is { } victim)
        {
            Evict(victim, request);
            Grant(request);
        }
        else
        {
            _queue.Enqueue(request);
        }

        Changed();
        return request;
    }

    /// <summary>Gets whether requests on this resource preempt by default.</summary>
    private protected bool IsPreemptive => _preemptive;

    internal override void Withdraw(ResourceEvent e)
    {
        switch (e._status)
        {
            case RequestStatus.Waiting:
                _queue.Remove(e);
                e._status = RequestStatus.Cancelled;
                Changed();
                break;
            case RequestStatus.Served:
                ReleaseCore((ResourceRequest)e);
                break;
        }
    }

    private void Grant(ResourceRequest request)
    {
        _inUse++;
        request._grantOrder = ++_grants;
        request._grantedAt = Simulation.Now;
        _users?.Add(request);
        request.Serve(null);
        Waited(Simulation.Now - request.RequestedAtDays);
    }

    private void ReleaseCore(ResourceRequest request)
    {
        request._status = RequestStatus.Released;
        request._releasedAt = Simulation.Now;
        _inUse--;
        _users?.Remove(request);
        while (_inUse < Capacity && _queue.Count > 0) Grant((ResourceRequest)_queue.Dequeue());
        Changed();
    }

    /// <summary>The holder to evict for <paramref name="request"/>: the worst rank strictly worse than its own, latest granted among equals; never one of the requesting process's own units.</summary>
    private ResourceRequest? FindVictim(ResourceRequest request)
    {
        ResourceRequest? victim = null;
        foreach (ResourceRequest user in _users!)
        {
            if (user._rank <= request._rank) continue;
            if (request.Owner is not null && ReferenceEquals(user.Owner, request.Owner)) continue;
            if (victim is null || user._rank > victim._rank || (user._rank == victim._rank && user._grantOrder > victim._grantOrder))
                victim = user;
        }

        return victim;
    }

    private void Evict(ResourceRequest victim, ResourceRequest by)
    {
        victim._status = RequestStatus.Preempted;
        victim._releasedAt = Simulation.Now;
        _inUse--;
        _users!.Remove(victim);
        if (victim.Owner is { IsAlive: true } owner) owner.Interrupt(new Preempted(victim, by));
    }
}
