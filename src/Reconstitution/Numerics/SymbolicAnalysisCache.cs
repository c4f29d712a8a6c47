namespace Reconstitution.Numerics;

/// <summary>
/// Finished symbolic analyses of <see cref="SparseLu"/> (ordering, fill-in, entry map) by the pattern they were made for,
/// so that every factorisation of a pattern seen before — another patient's integrator on the same model structure, or the
/// same partition again — copies the analysis instead of redoing it. A copy gives the same factor, to the bit.
/// </summary>
/// <remarks>
/// Storage is allocated once, in the constructor: up to <c>capacity</c> analyses in one pool of
/// <c>poolSize</c> integers. Insert-only: when either is full, new patterns are analysed but not kept (no eviction, so a
/// kept pattern stays, and keeping one never allocates). Kept analyses are never written again. Thread-safe.
/// </remarks>
internal sealed class SymbolicAnalysisCache
{
    /// <summary>
    /// The cache the integrators share: 32 analyses in 2¹⁷ integers (512 KiB; the physiology's 123-component pattern
    /// takes ≈ 3,500), enough for the few partitions of each model structure in a run.
    /// </summary>
    public static SymbolicAnalysisCache Shared { get; } = new(32, 1 << 17);

    private readonly int[] _pool;
    private readonly Slot[] _slots;
    private readonly Lock _lock = new();
    private int _count, _used;
    private long _hits;

    /// <summary>Creates a cache of up to <paramref name="capacity"/> analyses in <paramref name="poolSize"/> integers.</summary>
    public SymbolicAnalysisCache(int capacity, int poolSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        ArgumentOutOfRangeException.ThrowIfNegative(poolSize);
        _slots = new Slot[capacity];
        _pool = new int[poolSize];
    }

    /// <summary>Analyses kept.</summary>
    public int Count { get { lock (_lock) return _count; } }

    /// <summary>Analyses served from the cache.</summary>
    public long Hits { get { lock (_lock) return _hits; } }

    /// <summary>Finds the analysis kept for the pattern (CSR <paramref name="rowOffsets"/>, <paramref name="columns"/>).</summary>
    public bool TryFind(ReadOnlySpan<int> rowOffsets, ReadOnlySpan<int> columns, out Analysis analysis)
    {
        lock (_lock)
        {
            for (int k = 0; k < _count; k++)
            {
                if (!Holds(_slots[k], rowOffsets, columns)) continue;
                _hits++;
                analysis = View(_slots[k]);
                return true;
            }
        }
        analysis = default;
        return false;
    }

    /// <summary>Keeps the analysis of a pattern unless the cache is full or holds the pattern already (copies every span).</summary>
    public void Add(ReadOnlySpan<int> rowOffsets, ReadOnlySpan<int> columns, ReadOnlySpan<int> order, ReadOnlySpan<int> position,
        ReadOnlySpan<int> rowStart, ReadOnlySpan<int> diagonal, ReadOnlySpan<int> factorColumns, ReadOnlySpan<int> entryOf)
    {
        int n = rowOffsets.Length - 1;
        int size = rowOffsets.Length + columns.Length + order.Length + position.Length + rowStart.Length + diagonal.Length + factorColumns.Length + entryOf.Length;
        lock (_lock)
        {
            if (_count == _slots.Length || size > _pool.Length - _used) return;
            for (int k = 0; k < _count; k++)
                if (Holds(_slots[k], rowOffsets, columns)) return;
            var slot = new Slot(_used, n, columns.Length, factorColumns.Length);
            Span<int> target = _pool.AsSpan(_used, size);
            int at = 0;
            Copy(rowOffsets, target, ref at);
            Copy(columns, target, ref at);
            Copy(order, target, ref at);
            Copy(position, target, ref at);
            Copy(rowStart, target, ref at);
            Copy(diagonal, target, ref at);
            Copy(factorColumns, target, ref at);
            Copy(entryOf, target, ref at);
            _used += size;
            _slots[_count++] = slot;
        }
    }

    private static void Copy(ReadOnlySpan<int> source, Span<int> target, ref int at)
    {
        source.CopyTo(target[at..]);
        at += source.Length;
    }

    private bool Holds(in Slot slot, ReadOnlySpan<int> rowOffsets, ReadOnlySpan<int> columns) =>
        slot.N == rowOffsets.Length - 1 && slot.PatternEntries == columns.Length
        && _pool.AsSpan(slot.Start, slot.N + 1).SequenceEqual(rowOffsets)
        && _pool.AsSpan(slot.Start + slot.N + 1, slot.PatternEntries).SequenceEqual(columns);

    private Analysis View(in Slot slot)
    {
        int n = slot.N, offset = slot.Start + n + 1 + slot.PatternEntries; // past the pattern
        int[] pool = _pool;
        ReadOnlyMemory<int> Next(int length)
        {
            var part = new ReadOnlyMemory<int>(pool, offset, length);
            offset += length;
            return part;
        }
        return new Analysis(Next(n), Next(n), Next(n + 1), Next(n), Next(slot.FactorEntries), Next(slot.PatternEntries));
    }

    /// <summary>Where a kept analysis lies in the pool.</summary>
    private readonly record struct Slot(int Start, int N, int PatternEntries, int FactorEntries);

    /// <summary>One kept analysis: <see cref="SparseLu"/>'s symbolic arrays for its pattern (read-only views of the pool).</summary>
    /// <param name="Order">Position p holds original row Order[p].</param>
    /// <param name="Position">The inverse of <paramref name="Order"/>.</param>
    /// <param name="RowStart">The factor's rows (permuted), CSR offsets.</param>
    /// <param name="Diagonal">Each factor row's diagonal entry.</param>
    /// <param name="FactorColumns">The factor's columns, row by row.</param>
    /// <param name="EntryOf">Each pattern entry's entry in the factor.</param>
    internal readonly record struct Analysis(ReadOnlyMemory<int> Order, ReadOnlyMemory<int> Position, ReadOnlyMemory<int> RowStart,
        ReadOnlyMemory<int> Diagonal, ReadOnlyMemory<int> FactorColumns, ReadOnlyMemory<int> EntryOf);
}
