using Reconstitution.Validation;

namespace Reconstitution.Kernel.Resources;

/// <summary>
/// A continuous amount (cryopreserved bags' volume, a blood bank's stock, a drug store) between 0 and
/// <see cref="Capacity"/> that processes put into and take out of; a put waits until the amount fits, a get until
/// enough is there.
/// </summary>
/// <remarks>
/// <para>
/// Puts and gets each wait in first-come, first-served order, and a waiting head blocks those behind it (a large
/// get is not overtaken by small ones, so nobody starves). After every put, get or cancellation the container serves
/// as many heads of both queues as it can, puts first; each served event is triggered at that instant.
/// The amount is conserved: <see cref="Level"/> = initial level + served puts − served gets, always within
/// [0, <see cref="Capacity"/>].
/// </para>
/// <para>Use <see cref="Resource"/> for units that are held and given back, <see cref="Store{T}"/> for distinct items. Not thread-safe.</para>
/// </remarks>
public sealed class Container : SharedResource
{
    private readonly RequestQueue _puts = new();
    private readonly RequestQueue _gets = new();
    private double _level;

    /// <summary>Creates a container.</summary>
    /// <param name="simulation">The simulation it belongs to.</param>
    /// <param name="capacity">The most it can hold, &gt; 0 (+∞ for no limit, the default).</param>
    /// <param name="initialLevel">The amount at the start, in [0, <paramref name="capacity"/>], finite.</param>
    /// <param name="name">A name for messages and monitored series; default "container".</param>
    /// <exception cref="ArgumentNullException"><paramref name="simulation"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is not &gt; 0, or <paramref name="initialLevel"/> is outside [0, capacity].</exception>
    public Container(Simulation simulation, double capacity = double.PositiveInfinity, double initialLevel = 0, string? name = null)
        : base(simulation, name, "container")
    {
        if (!(capacity > 0)) throw Guard.OutOfRange(nameof(capacity), capacity, "(0, +∞]");
        Capacity = capacity;
        _level = double.IsFinite(initialLevel)
            ? Guard.InRange(initialLevel, 0, capacity)
            : throw Guard.OutOfRange(nameof(initialLevel), initialLevel, $"[0, {capacity}] (finite)");
    }

    /// <summary>Gets the most the container can hold (+∞ if unlimited).</summary>
    public double Capacity { get; }

    /// <inheritdoc/>
    public override double Level => _level;

    /// <inheritdoc/>
    public override double CapacityLevel => Capacity;

    /// <inheritdoc/>
    public override int WaitingCount => _puts.Count + _gets.Count;

    /// <summary>Gets the number of puts waiting for room.</summary>
    public int PutQueueLength => _puts.Count;

    /// <summary>Gets the number of gets waiting for enough content.</summary>
    public int GetQueueLength => _gets.Count;

    /// <summary>Puts an amount in: the event is triggered when it fits (at once if it does now and no put waits).</summary>
    /// <param name="amount">The amount, finite, in (0, <see cref="Capacity"/>].</param>
    /// <returns>The put event; its value is the amount.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="amount"/> is not positive and finite, or exceeds the capacity (it could never fit).</exception>
    public ResourceEvent Put(double amount) => Enqueue(_puts, new Amount(this, CheckAmount(amount), put: true));

    /// <summary>Takes an amount out: the event is triggered when the container holds it (at once if it does now and no get waits).</summary>
    /// <param name="amount">The amount, finite, in (0, <see cref="Capacity"/>].</param>
    /// <returns>The get event; its value is the amount.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="amount"/> is not positive and finite, or exceeds the capacity (it could never be held).</exception>
    public ResourceEvent Get(double amount) => Enqueue(_gets, new Amount(this, CheckAmount(amount), put: false));

    internal override void Withdraw(ResourceEvent e)
    {
        if (e._status != RequestStatus.Waiting) return;
        (((Amount)e).IsPut ? _puts : _gets).Remove(e);
        e._status = RequestStatus.Cancelled;
        Settle();
        Changed();
    }

    private ResourceEvent Enqueue(RequestQueue queue, Amount e)
    {
        queue.Enqueue(e);
        Settle();
        Changed();
        return e;
    }

    /// <summary>Serves the heads of both queues while either can be served.</summary>
    private void Settle()
    {
        bool progress;
        do
        {
            progress = false;
            while (_puts.Head is Amount put && _level + put.Quantity <= Capacity)
            {
                _puts.Dequeue();
                _level += put.Quantity;
                put.Serve(put.Quantity);
                progress = true;
            }

            while (_gets.Head is Amount get && get.Quantity <= _level)
            {
                _gets.Dequeue();
                _level = Math.Max(0, _level - get.Quantity);
                get.Serve(get.Quantity);
                Waited(Simulation.Now - get.RequestedAtDays);
                progress = true;
            }
        }
        while (progress);
    }

    private double CheckAmount(double amount)
    {
        if (!(amount > 0 && amount <= Capacity) || !double.IsFinite(amount))
            throw Guard.OutOfRange("amount", amount, $"(0, {SimEvent.Format(Capacity)}] (finite; the capacity of container '{Name}')");
        return amount;
    }

    /// <summary>A put or a get of an amount.</summary>
    private sealed class Amount(Container container, double amount, bool put) : ResourceEvent(container, 0)
    {
        public double Quantity { get; } = amount;

        public bool IsPut { get; } = put;

        private protected override string Describe() => (IsPut ? "Put " : "Get ") + Format(Quantity);
    }
}
