using System.Runtime.InteropServices;

namespace Reconstitution.Numerics;

/// <summary>
/// Finished symbolic analyses of <see cref="SparseLu"/> (<see cref="SparseLuAnalysis"/>) by the pattern they were made for,
/// so that every factorisation of a pattern seen before — another patient's integrator on the same model structure, or the
/// same partition again — reads the kept analysis instead of redoing it. The same analysis, to the bit, as a fresh one.
/// </summary>
/// <remarks>
/// A <see cref="BoundedCache{TEntry}"/>: at most <c>capacity</c> analyses, insert-only (beyond that, new patterns are
/// analysed but not kept), lookups without a lock nor an allocation. Kept analyses are immutable. Thread-safe.
/// </remarks>
internal sealed class SymbolicAnalysisCache
{
    /// <summary>The cache the integrators share: 32 analyses, enough for the few partitions of each model structure in a run.</summary>
    public static SymbolicAnalysisCache Shared { get; } = new(32);

    private readonly BoundedCache<SparseLuAnalysis> _kept;

    /// <summary>Creates a cache of up to <paramref name="capacity"/> analyses.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is negative.</exception>
    public SymbolicAnalysisCache(int capacity) => _kept = new BoundedCache<SparseLuAnalysis>(capacity);

    /// <summary>Analyses kept.</summary>
    public int Count => _kept.Count;

    /// <summary>
    /// The analysis of the pattern (CSR <paramref name="rowOffsets"/>, <paramref name="columns"/>): the kept one, or one made
    /// now (and kept when there is room). Allocates only when it analyses.
    /// </summary>
    public SparseLuAnalysis For(ReadOnlySpan<int> rowOffsets, ReadOnlySpan<int> columns)
    {
        var hash = new HashCode();
        hash.AddBytes(MemoryMarshal.AsBytes(rowOffsets));
        hash.AddBytes(MemoryMarshal.AsBytes(columns));
        return _kept.FindOrAdd(hash.ToHashCode(), new Key(rowOffsets, columns)) ?? SparseLuAnalysis.Of(rowOffsets, columns);
    }

    /// <summary>A pattern looked up among the kept analyses; analysed under the cache's lock when it is new.</summary>
    private readonly ref struct Key(ReadOnlySpan<int> rowOffsets, ReadOnlySpan<int> columns) : BoundedCache<SparseLuAnalysis>.IKey
    {
        private readonly ReadOnlySpan<int> _rowOffsets = rowOffsets, _columns = columns;

        public bool Matches(SparseLuAnalysis kept) => kept.Matches(_rowOffsets, _columns);

        public SparseLuAnalysis Keep(int index) => SparseLuAnalysis.Of(_rowOffsets, _columns);
    }
}
