using Reconstitution.Validation;

namespace Reconstitution.Kernel.Resources;

/// <summary>
/// A store of distinct items (donor units, cryopreserved grafts, patients ready for the next step) with room for
/// <see cref="Capacity"/> of them: a put waits for room, a get waits for an item; items leave in the order they came.
/// </summary>
/// <remarks>
/// <para>
/// Puts and gets each wait in first-come, first-served order; after every put, get or cancellation the store
/// serves waiting puts while there is room, then waiting gets while there are items, and repeats until nothing
/// changes. A get's value (and <see cref="StoreGet{T}.Item"/>) is the item. Use <see cref="FilterStore{T}"/> when
/// a get wants a particular kind of item. Nothing is lost or duplicated: every item put is got at most once.
/// </para>
/// <para>Removing an item from the middle costs O(items) (a list); stores are meant for tens to thousands of items. Not thread-safe.</para>
/// </remarks>
/// <typeparam name="T">The item type.</typeparam>
public class Store<T> : SharedResource
{
    private readonly RequestQueue _puts = new();
    private readonly RequestQueue _gets = new();
    private readonly List<T> _items = [];

    /// <summary>Creates a store.</summary>
    /// <param name="simulation">The simulation it belongs to.</param>
    /// <param name="capacity">The most items it holds, ≥ 1 (default: no practical limit).</param>
    /// <param name="name">A name for messages and monitored series; default "store".</param>
    /// <exception cref="ArgumentNullException"><paramref name="simulation"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is less than 1.</exception>
    public Store(Simulation simulation, int capacity = int.MaxValue, string? name = null)
        : base(simulation, name, "store")
    {
        Capacity = (int)Guard.InRange(capacity, 1, int.MaxValue);
    }

    /// <summary>Gets the most items the store holds.</summary>
    public int Capacity { get; }

    /// <summary>Gets the number of items in the store.</summary>
    public int Count => _items.Count;

    /// <summary>Gets the items in the store, oldest first. A live view: it changes as items are put and got.</summary>
    public IReadOnlyList<T> Items => _items;

    /// <inheritdoc/>
    public override double Level => _items.Count;

    /// <inheritdoc/>
    public override double CapacityLevel => Capacity;

    /// <inheritdoc/>
    public override int WaitingCount => _puts.Count + _gets.Count;

    /// <summary>Gets the number of puts waiting for room.</summary>
    public int PutQueueLength => _puts.Count;

    /// <summary>Gets the number of gets waiting for an item.</summary>
    public int GetQueueLength => _gets.Count;

    /// <summary>Puts an item in: the event is triggered when there is room (at once if there is and no put waits).</summary>
    /// <param name="item">The item (may be null for reference types).</param>
    /// <returns>The put event; its value is the item.</returns>
    public ResourceEvent Put(T item)
    {
        var put = new StorePut(this, item);
        _puts.Enqueue(put);
        Settle();
        Changed();
        return put;
    }

    /// <summary>Takes the oldest item: the event is triggered when there is one for it (at once if there is and no get waits).</summary>
    /// <returns>The get event; its <see cref="StoreGet{T}.Item"/> is the item.</returns>
    public StoreGet<T> Get() => GetCore(null);

    /// <summary>Makes a get with an optional filter and serves what can be served.</summary>
    private protected StoreGet<T> GetCore(Func<T, bool>? filter)
    {
        var get = new StoreGet<T>(this, filter);
        _gets.Enqueue(get);
        Settle();
        Changed();
        return get;
    }

    internal override void Withdraw(ResourceEvent e)
    {
        if (e._status != RequestStatus.Waiting) return;
        (e is StorePut ? _puts : _gets).Remove(e);
        e._status = RequestStatus.Cancelled;
        Settle();
        Changed();
    }

    private void Settle()
    {
        bool progress;
        do
        {
            progress = false;
            while (_puts.Head is StorePut put && _items.Count < Capacity)
            {
                _puts.Dequeue();
                _items.Add(put.Item);
                put.Serve(put.Item);
                progress = true;
            }

            // Each waiting get, in arrival order, takes the oldest item its filter accepts. A get without a filter that
            // finds no item ends the pass (nobody behind it can do better); a filtered get that finds none is skipped.
            for (ResourceEvent? e = _gets.Head; e is not null && _items.Count > 0;)
            {
                var get = (StoreGet<T>)e;
                ResourceEvent? next = e._next;
                int index = get.Find(_items);
                if (index >= 0)
                {
                    T item = _items[index];
                    _items.RemoveAt(index);
                    _gets.Remove(get);
                    get.Complete(item);
                    Waited(Simulation.Now - get.RequestedAtDays);
                    progress = true;
                }

                e = next;
            }
        }
        while (progress);
    }

    /// <summary>A put of one item.</summary>
    private sealed class StorePut(Store<T> store, T item) : ResourceEvent(store, 0)
    {
        public T Item { get; } = item;

        private protected override string Describe() => "Put";
    }
}
