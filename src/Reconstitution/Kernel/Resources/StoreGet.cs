namespace Reconstitution.Kernel.Resources;

/// <summary>A get from a <see cref="Store{T}"/> or <see cref="FilterStore{T}"/>: an event triggered with the item taken.</summary>
/// <typeparam name="T">The item type.</typeparam>
/// <remarks>Not thread-safe.</remarks>
public sealed class StoreGet<T> : ResourceEvent
{
    private readonly Func<T, bool>? _filter;
    private T _item = default!;

    internal StoreGet(Store<T> store, Func<T, bool>? filter)
        : base(store, 0)
    {
        _filter = filter;
    }

    /// <summary>Gets the item taken from the store.</summary>
    /// <exception cref="InvalidOperationException">No item was taken yet (the get waits, or was cancelled).</exception>
    public T Item => _status == RequestStatus.Served
        ? _item
        : throw new InvalidOperationException($"Get '{this}' has not taken an item yet; wait for it (yield it) before reading Item.");

    /// <summary>The index of the oldest item this get accepts, or −1.</summary>
    internal int Find(List<T> items)
    {
        if (_filter is null) return items.Count > 0 ? 0 : -1;
        for (int i = 0; i < items.Count; i++)
        {
            if (_filter(items[i])) return i;
        }

        return -1;
    }

    internal void Complete(T item)
    {
        _item = item;
        Serve(item);
    }

    private protected override string Describe() => _filter is null ? "Get" : "Filtered get";
}
