namespace Reconstitution.Kernel.Resources;

/// <summary>
/// An event that asks a <see cref="SharedResource"/> for something (a unit of a <see cref="Resource"/>,
/// an amount of a <see cref="Container"/>, an item of a <see cref="Store{T}"/>) and is triggered when
/// it is served; until then it waits in that resource's queue.
/// </summary>
/// <remarks>
/// <para>
/// Yield it from a process to wait for service, or give it to <see cref="Simulation.AnyOf"/> /
/// <see cref="Simulation.AllOf"/> (a reneging customer waits for <c>AnyOf(request, sim.Timeout(patience))</c>
/// and then <see cref="Cancel"/>s the request if it was not served). It is triggered (with priority 0, at the
/// current time) at the instant it is served, and processed after the events already queued for that instant.
/// </para>
/// <para>
/// <see cref="Cancel"/> (or <see cref="Dispose"/>, so <c>using var req = ...</c> works in a process body)
/// withdraws a waiting event from the queue: it then stays pending for ever. On a granted
/// <see cref="ResourceRequest"/> it releases the unit. On anything else it does nothing.
/// </para>
/// <para>Not thread-safe: it belongs to one simulation.</para>
/// </remarks>
public abstract class ResourceEvent : SimEvent, IDisposable
{
    /// <summary>Neighbours in the resource's waiting queue (intrusive list: no allocation per enqueue).</summary>
    internal ResourceEvent? _prev, _next;

    /// <summary>Queue order: lower first; equal ranks in arrival order. 0 unless the resource has priorities.</summary>
    internal int _rank;

    internal RequestStatus _status;

    private readonly double _requestedAt;

    private protected ResourceEvent(SharedResource resource, int rank)
        : base(resource.Simulation, EventKind.Request)
    {
        Resource = resource;
        _rank = rank;
        _requestedAt = resource.Simulation.Now;
    }

    /// <summary>Gets the resource, container or store this event was made by.</summary>
    public SharedResource Resource { get; }

    /// <summary>Gets the time in days at which the event was made (joined the queue).</summary>
    public double RequestedAtDays => _requestedAt;

    /// <summary>Gets whether the event still waits in the queue (not served, not cancelled).</summary>
    public bool IsWaiting => _status == RequestStatus.Waiting;

    /// <summary>Gets whether the event was withdrawn by <see cref="Cancel"/> before it was served.</summary>
    public bool IsCancelled => _status == RequestStatus.Cancelled;

    /// <summary>
    /// Withdraws the event if it still waits (it leaves the queue and is never triggered); releases the unit of a
    /// granted <see cref="ResourceRequest"/>; otherwise does nothing. Safe to call more than once.
    /// </summary>
    public void Cancel() => Resource.Withdraw(this);

    /// <summary>The same as <see cref="Cancel"/>, so that <c>using var request = resource.Request();</c> releases on exit.</summary>
    public void Dispose() => Cancel();

    /// <summary>Describes the request: what it asks of which resource, and its state.</summary>
    /// <returns>A short description for messages and logs.</returns>
    public override string ToString() => $"{Describe()} of '{Resource.Name}' made at day {Format(_requestedAt)} ({_status.ToString().ToLowerInvariant()})";

    /// <summary>What the event asks for, e.g. "Request" or "Get 2.5".</summary>
    private protected abstract string Describe();

    /// <summary>Marks the event served and triggers it at the current time with <paramref name="value"/>.</summary>
    internal void Serve(object? value)
    {
        _status = RequestStatus.Served;
        TriggerInternal(value, null, 0);
    }
}

/// <summary>Where a <see cref="ResourceEvent"/> is in its life: waiting, served, then (requests only) released or preempted.</summary>
internal enum RequestStatus : byte
{
    Waiting,
    Served,
    Released,
    Preempted,
    Cancelled,
}
