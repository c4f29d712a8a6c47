namespace Reconstitution.Kernel.Resources;

/// <summary>
/// What processes share and queue for: the common base of <see cref="Resource"/> (and its priority and preemptive
/// kinds), <see cref="Container"/> and <see cref="Store{T}"/>.
/// </summary>
/// <remarks>
/// <para>
/// Every operation on a shared resource (a request, a put, a get) returns a <see cref="ResourceEvent"/> that is
/// triggered when it is served. Service happens at the instant it becomes possible (the call itself, or the release,
/// put, get or cancellation that made room), so the event is triggered then, with priority 0, and is processed in
/// the kernel's documented order (time, priority, insertion). Nothing here is random: the same calls give the same
/// service order.
/// </para>
/// <para>
/// The <see cref="Level"/> (units in use, amount held, items stored) and the number of waiting events can be
/// recorded by a <c>Reconstitution.Monitoring.ResourceMonitor</c>; without one each operation pays one null check.
/// </para>
/// <para>Not thread-safe: a shared resource belongs to one simulation.</para>
/// </remarks>
public abstract class SharedResource
{
    private protected SharedResource(Simulation simulation, string? name, string defaultName)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        Simulation = simulation;
        Name = name ?? defaultName;
    }

    /// <summary>Gets the simulation the resource belongs to.</summary>
    public Simulation Simulation { get; }

    /// <summary>Gets the resource's name, used in messages and as the prefix of monitored series.</summary>
    public string Name { get; }

    /// <summary>Gets what the resource holds now: units in use (<see cref="Resource"/>), the amount (<see cref="Container"/>), or the number of items (<see cref="Store{T}"/>).</summary>
    public abstract double Level { get; }

    /// <summary>Gets the most the resource can hold, in the units of <see cref="Level"/> (may be +∞ for a container).</summary>
    public abstract double CapacityLevel { get; }

    /// <summary>Gets how many events wait in the resource's queues (requests, or puts and gets).</summary>
    public abstract int WaitingCount { get; }

    /// <summary>Gets or sets the monitor notified of changes (one at a time).</summary>
    internal IResourceObserver? Observer { get; set; }

    /// <summary>Withdraws a waiting event, or releases a granted request (see <see cref="ResourceEvent.Cancel"/>).</summary>
    internal abstract void Withdraw(ResourceEvent e);

    /// <summary>Tells the monitor, if any, that the level or the queues changed.</summary>
    private protected void Changed() => Observer?.Changed(Level, WaitingCount);

    /// <summary>Tells the monitor, if any, that an event waited <paramref name="waitDays"/> before it was served.</summary>
    private protected void Waited(double waitDays) => Observer?.Waited(waitDays);

    /// <summary>Throws unless <paramref name="e"/> was made by this resource.</summary>
    private protected void CheckOwn(ResourceEvent e, string parameter)
    {
        ArgumentNullException.ThrowIfNull(e, parameter);
        if (!ReferenceEquals(e.Resource, this))
            throw new ArgumentException($"Parameter '{parameter}' ({e}) belongs to '{e.Resource.Name}', not to '{Name}'.", parameter);
    }
}
