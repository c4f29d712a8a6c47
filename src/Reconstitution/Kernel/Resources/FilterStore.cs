namespace Reconstitution.Kernel.Resources;

/// <summary>
/// A <see cref="Store{T}"/> whose gets may ask for an item that satisfies a filter (a graft matched to this
/// patient, a bed of the right kind).
/// </summary>
/// <remarks>
/// Waiting gets are served in arrival order; each takes the oldest item its filter accepts. A get whose filter
/// accepts no item does not block the gets behind it. A filter must be a pure function of the item (it is called
/// whenever the store changes). Not thread-safe.
/// </remarks>
/// <typeparam name="T">The item type.</typeparam>
public sealed class FilterStore<T> : Store<T>
{
    /// <summary>Creates a filter store.</summary>
    /// <param name="simulation">The simulation it belongs to.</param>
    /// <param name="capacity">The most items it holds, ≥ 1 (default: no practical limit).</param>
    /// <param name="name">A name for messages and monitored series; default "store".</param>
    /// <exception cref="ArgumentNullException"><paramref name="simulation"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is less than 1.</exception>
    public FilterStore(Simulation simulation, int capacity = int.MaxValue, string? name = null)
        : base(simulation, capacity, name)
    {
    }

    /// <summary>Takes the oldest item that <paramref name="filter"/> accepts, when there is one.</summary>
    /// <param name="filter">Returns true for an acceptable item.</param>
    /// <returns>The get event; its <see cref="StoreGet{T}.Item"/> is the item.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="filter"/> is null.</exception>
    public StoreGet<T> Get(Func<T, bool> filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return GetCore(filter);
    }
}
