namespace Reconstitution.Numerics;

/// <summary>
/// Entries kept by the structure they were made for (generated code, a partition's layout), found by a key that compares
/// itself with each kept entry: bounded, insert-only, thread-safe, and allocation-free on a lookup.
/// </summary>
/// <remarks>
/// <para>Use it where many simulations of one process (a cohort's patients, on several threads) meet the same few
/// structures and each would otherwise rebuild what depends on the structure alone. The key (<see cref="IKey"/>, usually
/// a <c>ref struct</c> over the caller's spans) hashes nothing itself: the caller gives its hash, which screens the kept
/// entries before <see cref="IKey.Matches"/> compares every part, so a collision costs a comparison, never a wrong
/// entry.</para>
/// <para>Insert-only: at most <see cref="Capacity"/> entries, in the order they came; beyond that a new structure finds
/// nothing and its caller goes on without a kept entry (its array loops, a layout of its own). So an entry handed out is
/// never replaced or reused while someone holds it, and an entry may live in preallocated storage.</para>
/// <para>A lookup takes no lock: an entry is stored before the count that shows it is published. Adding takes a lock,
/// under which the key makes its entry (<see cref="IKey.Keep"/>).</para>
/// </remarks>
/// <typeparam name="TEntry">The kept entries.</typeparam>
internal sealed class BoundedCache<TEntry> where TEntry : class
{
    private readonly TEntry[] _entries;
    private readonly int[] _hashes;
    private readonly Lock _lock = new();
    private int _count;

    /// <summary>Creates an empty cache of at most <paramref name="capacity"/> entries.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is negative.</exception>
    public BoundedCache(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _entries = new TEntry[capacity];
        _hashes = new int[capacity];
    }

    /// <summary>The most entries kept.</summary>
    public int Capacity => _entries.Length;

    /// <summary>Entries kept.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>A structure to look up: compares itself with a kept entry, and makes the entry to keep for itself.</summary>
    public interface IKey
    {
        /// <summary>Whether <paramref name="kept"/> was made for this structure.</summary>
        bool Matches(TEntry kept);

        /// <summary>
        /// The entry to keep for this structure as the cache's entry number <paramref name="index"/> (called under the cache's
        /// lock, once per index), or null when it cannot be kept (storage of the caller's own is full).
        /// </summary>
        TEntry? Keep(int index);
    }

    /// <summary>
    /// The entry kept for <paramref name="key"/>'s structure, or one made and kept now; null when it is not kept and there
    /// is no room (or the key could not keep it).
    /// </summary>
    /// <param name="hash">The structure's hash (equal structures, equal hashes).</param>
    /// <param name="key">The structure.</param>
    public TEntry? FindOrAdd<TKey>(int hash, TKey key) where TKey : IKey, allows ref struct
    {
        int seen = Volatile.Read(ref _count);
        if (Find(hash, ref key, 0, seen) is { } found) return found;
        if (seen == _entries.Length) return null;
        lock (_lock)
        {
            // Another thread may have added entries (this structure's, even) since the count was read.
            if (Find(hash, ref key, seen, _count) is { } added) return added;
            if (_count == _entries.Length) return null;
            TEntry? kept = key.Keep(_count);
            if (kept is null) return null;
            _entries[_count] = kept;
            _hashes[_count] = hash;
            Volatile.Write(ref _count, _count + 1);
            return kept;
        }
    }

    private TEntry? Find<TKey>(int hash, ref TKey key, int from, int to) where TKey : IKey, allows ref struct
    {
        for (int k = from; k < to; k++)
            if (_hashes[k] == hash && key.Matches(_entries[k])) return _entries[k];
        return null;
    }
}
