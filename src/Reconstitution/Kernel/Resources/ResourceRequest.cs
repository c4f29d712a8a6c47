namespace Reconstitution.Kernel.Resources;

/// <summary>
/// A request for one unit of a <see cref="Resource"/>: an event triggered when the unit is granted; the unit is
/// held until <see cref="Resource.Release"/>, <see cref="ResourceEvent.Cancel"/> (or <c>Dispose</c>), or preemption.
/// </summary>
/// <remarks>
/// Check <see cref="IsGranted"/> rather than the event's state after waiting on <c>AnyOf(request, timeout)</c>: a
/// request is granted at the instant a unit is free, and its event is processed slightly later in the same instant.
/// Not thread-safe.
/// </remarks>
public sealed class ResourceRequest : ResourceEvent
{
    internal double _grantedAt = double.NaN;
    internal double _releasedAt = double.NaN;
    internal long _grantOrder;

    internal ResourceRequest(Resource resource, int priority, bool preempt, Process? owner)
        : base(resource, priority)
    {
        Priority = priority;
        Preempt = preempt;
        Owner = owner;
    }

    /// <summary>Gets the request's priority: lower is served first (always 0 on a plain <see cref="Resource"/>).</summary>
    public int Priority { get; }

    /// <summary>Gets whether the request may evict a holder of worse priority (only on a <see cref="PreemptiveResource"/>).</summary>
    public bool Preempt { get; }

    /// <summary>Gets the process that made the request (the one interrupted if it is preempted), or null if made outside a process.</summary>
    public Process? Owner { get; }

    /// <summary>Gets whether the request holds a unit now.</summary>
    public bool IsGranted => _status == RequestStatus.Served;

    /// <summary>Gets whether the unit was taken away by a request of better priority.</summary>
    public bool WasPreempted => _status == RequestStatus.Preempted;

    /// <summary>Gets when the unit was granted, in days; NaN if not (yet).</summary>
    public double GrantedAtDays => _grantedAt;

    /// <summary>Gets when the unit was released or preempted, in days; NaN while held or never granted.</summary>
    public double ReleasedAtDays => _releasedAt;

    private protected override string Describe() => Priority == 0 ? "Request" : $"Request (priority {Priority})";
}
