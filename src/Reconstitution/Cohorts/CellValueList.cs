using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Reconstitution.Cohorts;

/// <summary>
/// An append-only list of values, each belonging to a cell (such as one measure on one day), kept in arrival order in
/// fixed chunks as runs of consecutive cells; grouped (and sorted) by cell only when asked. Not thread-safe.
/// </summary>
/// <remarks>
/// Why: <see cref="TrajectoryBands"/> keeps every value of a cohort for exact quantiles. Appending a patient's values to
/// one list writes memory sequentially, where one list per cell would touch a different cache line for every value;
/// chunks grow without copying and leave at most one chunk unused. A chunk (128 KB) is large enough to be allocated on the
/// large-object heap, where the collector never copies it: chunks of 64 KB were young-generation objects that every
/// collection found alive and copied into an older generation (a cohort keeps up to 64 MB of them), and they used up the
/// young generation's budget, so collections came more often (benchmarks/results/cohort.md, session 15). A patient's
/// series covers consecutive cells (day after day), so a run stores its first cell once instead of a cell per value.
/// Values are kept as given (doubles), so that a binned sketch built from them later counts exactly what it would have
/// counted had it been fed the same values as they arrived; a list made to keep floats (<see cref="CellValueList(bool)"/>)
/// keeps each value as the float that grouping makes of it anyway, in half the memory.
/// </remarks>
internal sealed class CellValueList
{
    /// <summary>Values per chunk: 16,384 doubles, 131,072 bytes, above the large-object threshold (85,000 bytes).</summary>
    internal const int ChunkLength = 16384;
    /// <summary>Values per chunk of a list that keeps floats: 32,768 floats, the same 131,072 bytes.</summary>
    internal const int SingleChunkLength = 32768;
    private readonly bool _single;          // values kept as floats
    private readonly int _chunkLength;      // ChunkLength or SingleChunkLength
    private readonly List<double[]> _chunks = [];
    private readonly List<float[]> _singleChunks = [];
    private double[] _last = [];            // the last chunk (none before the first), of a list of doubles
    private float[] _lastSingle = [];       // the last chunk (none before the first), of a list of floats
    private int _lastCount;                 // values used in the last chunk (a full "chunk" before the first)
    // In order of position; a run never crosses a chunk's end. An array of its own rather than a List<Run>: the list's
    // methods over this struct are generic code outside the library's precompiled (ReadyToRun) image, so every run
    // JIT-compiled them, and the grouping at the end called its indexer as unoptimised tier-0 code for every run and
    // block of cells (benchmarks/results/cohort.md, session 14).
    private Run[] _runs = new Run[64];
    private int _runCount;
    private int _nextCell = -1;             // the cell that continues the last run

    /// <summary>Creates an empty list that keeps values as given (doubles).</summary>
    public CellValueList() : this(single: false)
    {
    }

    /// <summary>
    /// Creates an empty list that keeps values as given (<paramref name="single"/> false) or each as the float it rounds to
    /// (true): what <see cref="GroupByCell"/> and <see cref="GroupKeysByCell"/> give is the same to the bit either way,
    /// in half the memory (and half the pages to fault in and the bytes to write and read again) for floats. Only a list of
    /// doubles gives <see cref="RunAt"/> the values as they came (what a binned sketch of them needs).
    /// </summary>
    /// <param name="single">Whether to keep floats.</param>
    public CellValueList(bool single)
    {
        _single = single;
        _chunkLength = single ? SingleChunkLength : ChunkLength;
        _lastCount = _chunkLength;
    }

    /// <summary>Whether values are kept as floats.</summary>
    public bool KeepsFloats => _single;

    /// <summary>The number of values kept.</summary>
    public long Count => (long)((_single ? _singleChunks.Count : _chunks.Count) - 1) * _chunkLength + _lastCount;

    /// <summary>Appends a value of a cell (a non-negative index).</summary>
    public void Add(int cell, double value) => Append(cell, value);

    /// <summary>
    /// Appends value i, clamped at 0, to cell <paramref name="firstCell"/> + <paramref name="offsets"/>[i]; a negative
    /// offset or a NaN value is skipped.
    /// </summary>
    /// <returns>The number of values appended.</returns>
    /// <remarks>
    /// Each stretch of consecutive offsets without a NaN (a patient's daily readouts) is appended as one block
    /// (<see cref="AppendStretch"/>): the same values and runs as appending them one by one. The offsets are scanned alone
    /// for stretches of consecutive cells, and each stretch's values for a NaN on vector lanes (<see cref="ContainsNaN"/>);
    /// only a stretch that holds one is split value by value (issue 15: the scan of both, value by value, was ≈ 28 % of
    /// adding a patient to the bands).
    /// </remarks>
    public int AddSeries(int firstCell, ReadOnlySpan<int> offsets, ReadOnlySpan<double> values)
    {
        if (values.Length < offsets.Length) throw new ArgumentException($"{values.Length} values for {offsets.Length} offsets.", nameof(values));
        int added = 0;
        for (int i = 0; i < offsets.Length;)
        {
            int offset = offsets[i];
            if (offset < 0)
            {
                i++;
                continue;
            }
            int end = i + 1;
            while (end < offsets.Length && offsets[end] == offsets[end - 1] + 1) end++;
            added += AddConsecutive(firstCell + offset, values[i..end]);
            i = end;
        }
        return added;
    }

    /// <summary>Appends value j, clamped at 0, to cell <paramref name="cell"/> + j, skipping NaN values.</summary>
    /// <returns>The number of values appended.</returns>
    private int AddConsecutive(int cell, ReadOnlySpan<double> values)
    {
        if (!ContainsNaN(values))
        {
            AppendStretch(cell, values);
            return values.Length;
        }
        int added = 0;
        for (int i = 0; i < values.Length;)
        {
            if (double.IsNaN(values[i]))
            {
                i++;
                continue;
            }
            int end = i + 1;
            while (end < values.Length && !double.IsNaN(values[end])) end++;
            AppendStretch(cell + i, values[i..end]);
            added += end - i;
            i = end;
        }
        return added;
    }

    /// <summary>Whether some value is NaN: on vector lanes, each value compared with itself (false only for NaN).</summary>
    /// <remarks>Compiled fully optimised at its first call, as <see cref="ClampNonNegative(ReadOnlySpan{double}, Span{double})"/> and for its reason.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static bool ContainsNaN(ReadOnlySpan<double> values)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated && values.Length >= Vector256<double>.Count)
        {
            ref double from = ref MemoryMarshal.GetReference(values);
            var ordered = Vector256<double>.AllBitsSet;
            for (; i <= values.Length - Vector256<double>.Count; i += Vector256<double>.Count)
            {
                var v = Vector256.LoadUnsafe(ref from, (nuint)i);
                ordered &= Vector256.Equals(v, v);
            }
            // A lane's sign bit is clear once it met a NaN.
            if (Vector256.ExtractMostSignificantBits(ordered) != (1u << Vector256<double>.Count) - 1) return true;
        }
        for (; i < values.Length; i++)
            if (double.IsNaN(values[i])) return true;
        return false;
    }

    /// <summary>
    /// Appends <paramref name="values"/> (none NaN), clamped at 0, to cells <paramref name="cell"/>,
    /// <paramref name="cell"/> + 1, …: as many <see cref="Append"/> calls would, a chunk's share at a time.
    /// </summary>
    private void AppendStretch(int cell, ReadOnlySpan<double> values)
    {
        while (!values.IsEmpty)
        {
            if (_lastCount == _chunkLength) AddChunk();
            if (cell != _nextCell || _lastCount == 0) AddRun(cell);
            int take = Math.Min(values.Length, _chunkLength - _lastCount);
            if (_single) ClampNonNegative(values[..take], _lastSingle.AsSpan(_lastCount, take));
            else ClampNonNegative(values[..take], _last.AsSpan(_lastCount, take));
            _lastCount += take;
            cell += take;
            _nextCell = cell;
            values = values[take..];
        }
    }

    /// <summary>
    /// target[i] = Math.Max(source[i], 0) for values that are not NaN: the value where it is above 0, +0 elsewhere (−0
    /// included), on vector lanes as the value masked by its own "greater than 0" comparison.
    /// </summary>
    /// <remarks>
    /// Compiled fully optimised at its first call: the ahead-of-time (ReadyToRun) image holds no code for a method whose
    /// code depends on the processor's vector width, so it ran as unoptimised start-up code for its first thousand calls
    /// (the first ≈ 80 patients of a cohort) until the tiered compiler replaced it.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ClampNonNegative(ReadOnlySpan<double> source, Span<double> target)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref double from = ref MemoryMarshal.GetReference(source), to = ref MemoryMarshal.GetReference(target);
            for (; i <= source.Length - Vector256<double>.Count; i += Vector256<double>.Count)
            {
                var v = Vector256.LoadUnsafe(ref from, (nuint)i);
                (v & Vector256.GreaterThan(v, Vector256<double>.Zero)).StoreUnsafe(ref to, (nuint)i);
            }
        }
        for (; i < source.Length; i++) target[i] = source[i] > 0 ? source[i] : 0;
    }

    /// <summary>
    /// target[i] = (float)Math.Max(source[i], 0) for values that are not NaN: the float that <see cref="GroupByCell"/> makes
    /// of what <see cref="ClampNonNegative(ReadOnlySpan{double}, Span{double})"/> keeps (the same rounding, lane by lane).
    /// </summary>
    /// <remarks>Compiled fully optimised at its first call, as the double form and for its reason.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ClampNonNegative(ReadOnlySpan<double> source, Span<float> target)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref double from = ref MemoryMarshal.GetReference(source);
            ref float to = ref MemoryMarshal.GetReference(target);
            for (; i <= source.Length - Vector256<double>.Count; i += Vector256<double>.Count)
            {
                var v = Vector256.LoadUnsafe(ref from, (nuint)i);
                var clamped = v & Vector256.GreaterThan(v, Vector256<double>.Zero);
                Vector128.Narrow(clamped.GetLower(), clamped.GetUpper()).StoreUnsafe(ref to, (nuint)i);
            }
        }
        for (; i < source.Length; i++) target[i] = (float)(source[i] > 0 ? source[i] : 0);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]   // once per value (Add, AddRange)
    private void Append(int cell, double value)
    {
        if (_lastCount == _chunkLength) AddChunk();
        if (cell != _nextCell || _lastCount == 0) AddRun(cell);
        if (_single) _lastSingle[_lastCount++] = (float)value;
        else _last[_lastCount++] = value;
        _nextCell = cell + 1;
    }

    private void AddRun(int cell)
    {
        if (_runCount == _runs.Length)
        {
            var grown = new Run[2 * _runs.Length];   // not Array.Resize<Run>: generic code JIT-compiled in every run
            Array.Copy(_runs, grown, _runCount);
            _runs = grown;
        }
        _runs[_runCount++] = new Run(cell, Count);
    }

    private void AddChunk()
    {
        // Only the used part is ever read.
        if (_single)
        {
            _lastSingle = GC.AllocateUninitializedArray<float>(SingleChunkLength);
            _singleChunks.Add(_lastSingle);
        }
        else
        {
            _last = GC.AllocateUninitializedArray<double>(ChunkLength);
            _chunks.Add(_last);
        }
        _lastCount = 0;
    }

    /// <summary>Appends every value of <paramref name="other"/>.</summary>
    public void AddRange(CellValueList other)
    {
        if (ReferenceEquals(other, this)) throw new ArgumentException("A list cannot be appended to itself.", nameof(other));
        for (int r = 0; r < other._runCount; r++)
        {
            if (other._single)
            {
                var floats = other.SingleRunAt(r, out int first);
                for (int j = 0; j < floats.Length; j++) Append(first + j, floats[j]);
                continue;
            }
            var values = other.RunAt(r, out int cell);
            for (int j = 0; j < values.Length; j++) Append(cell + j, values[j]);
        }
    }

    /// <summary>The number of runs (<see cref="RunAt"/>): stretches of values of consecutive cells.</summary>
    public int RunCount => _runCount;

    /// <summary>The values of run <paramref name="index"/>: value j belongs to cell <paramref name="firstCell"/> + j.</summary>
    /// <exception cref="InvalidOperationException">The list keeps floats (<see cref="SingleRunAt"/>).</exception>
    public ReadOnlySpan<double> RunAt(int index, out int firstCell)
    {
        if (_single) throw new InvalidOperationException("This list keeps floats: read its runs with SingleRunAt.");
        var (chunk, offset, length) = Locate(index, out firstCell);
        return _chunks[chunk].AsSpan(offset, length);
    }

    /// <summary>The values of run <paramref name="index"/> of a list that keeps floats: value j belongs to cell <paramref name="firstCell"/> + j.</summary>
    /// <exception cref="InvalidOperationException">The list keeps doubles (<see cref="RunAt"/>).</exception>
    public ReadOnlySpan<float> SingleRunAt(int index, out int firstCell)
    {
        if (!_single) throw new InvalidOperationException("This list keeps doubles: read its runs with RunAt.");
        var (chunk, offset, length) = Locate(index, out firstCell);
        return _singleChunks[chunk].AsSpan(offset, length);
    }

    // Where run 'index' lies: its chunk, its offset there and its length.
    private (int Chunk, int Offset, int Length) Locate(int index, out int firstCell)
    {
        // The array has room beyond the runs kept: an index past them is refused as the list it replaced refused it.
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)_runCount, nameof(index));
        var run = _runs[index];
        long end = index + 1 < _runCount ? _runs[index + 1].Position : Count;
        firstCell = run.Cell;
        return ((int)(run.Position / _chunkLength), (int)(run.Position % _chunkLength), (int)(end - run.Position));
    }

    /// <summary>
    /// The values as floats grouped by cell, in arrival order within each cell: cell c holds
    /// <c>Values[Start[c] … Start[c + 1] − 1]</c>: <see cref="GroupKeysByCell"/>, each key turned back into its float. A
    /// counting sort by cell: one pass over the runs to count, one over the values to place, a block of cells at a time.
    /// </summary>
    /// <remarks>
    /// A run adds one value to each of its consecutive cells, so the counts are taken as differences (+1 at a run's first
    /// cell, −1 past its last) summed up once: two writes per run instead of one per value (issue 15).
    /// </remarks>
    /// <param name="cells">The number of cells; every cell index is below it.</param>
    public (int[] Start, float[] Values) GroupByCell(int cells)
    {
        var (start, keys) = GroupKeysByCell(cells);
        var values = new float[keys.Length];
        FloatOrderKey.ValuesOf(keys, values);
        return (start, values);
    }

    /// <summary>
    /// The values grouped by cell as in <see cref="GroupByCell"/>, each given as the key of its float (<see cref="FloatOrderKey.Of"/>):
    /// what <see cref="OrderStatisticSelector.SelectFromKeys"/> reads, without a pass over each cell to make them.
    /// </summary>
    /// <param name="cells">The number of cells; every cell index is below it.</param>
    public (int[] Start, uint[] Keys) GroupKeysByCell(int cells)
    {
        var start = CellStarts(cells);
        var grouped = new uint[start[cells]];
        for (int lo = 0; lo < cells; lo += BlockCells) PlaceKeysBlock(lo, Math.Min(cells, lo + BlockCells), start, grouped);
        return (start, grouped);
    }

    // Where each cell's values start when grouped (and, at index cells, their number).
    private int[] CellStarts(int cells)
    {
        // start[c + 1] first holds the change of the count at cell c, then (summed) the count of cell c, then (summed
        // again) the end of cell c.
        var start = new int[cells + 1];
        long end = Count;
        for (int r = _runCount - 1; r >= 0; r--)
        {
            var run = _runs[r];
            int length = (int)(end - run.Position), cell = run.Cell;
            end = run.Position;
            if ((uint)cell >= (uint)cells || length > cells - cell)
                throw new ArgumentOutOfRangeException(nameof(cells), cells, $"Parameter 'cells' was {cells}; a run covers cells {cell} to {cell + length - 1}.");
            start[cell + 1]++;
            if (cell + length < cells) start[cell + length + 1]--;
        }
        for (int i = 2; i < start.Length; i++) start[i] += start[i - 1];
        for (int i = 2; i < start.Length; i++) start[i] += start[i - 1];
        return start;
    }

    /// <summary>
    /// The values as floats grouped by cell, each cell's sorted ascending: cell c holds <c>Values[Start[c] … Start[c + 1] − 1]</c>
    /// (<see cref="GroupByCell"/>, then <see cref="SortCells"/>).
    /// </summary>
    /// <param name="cells">The number of cells; every cell index is below it.</param>
    public (int[] Start, float[] Values) SortByCell(int cells)
    {
        var (start, values) = GroupByCell(cells);
        SortCells(start, values);
        return (start, values);
    }

    /// <summary>Sorts each cell's values (cell c: <c>values[start[c] … start[c + 1] − 1]</c>) ascending, in place, by <see cref="Sort"/>.</summary>
    public static void SortCells(int[] start, float[] values)
    {
        int largest = 0;
        for (int i = 0; i + 1 < start.Length; i++) largest = Math.Max(largest, start[i + 1] - start[i]);
        // One thread: the callers already run in parallel (the end-of-run files are formatted at once, and a quantile read
        // waits for this sort); a parallel loop here, nested in theirs, waited up to a second for a thread-pool thread.
        var buffer = new uint[2 * largest];
        for (int i = 0; i + 1 < start.Length; i++) Sort(values.AsSpan(start[i], start[i + 1] - start[i]), buffer);
    }

    // Cells per block: a run holds one value per cell (a patient's consecutive days), so placing all cells at once would
    // write to as many cache lines as there are cells, one value at a time; a block's cells' lines (256 × 64 bytes) stay
    // in the first-level cache while every run's part in the block is placed.
    private const int BlockCells = 256;

    // Places the keys of the values of cells lo … hi − 1 (in arrival order) from keys[start[c]] on.
    private void PlaceKeysBlock(int lo, int hi, int[] start, uint[] keys)
    {
        Span<int> next = stackalloc int[hi - lo];
        start.AsSpan(lo, hi - lo).CopyTo(next);
        for (int r = 0; r < _runCount; r++)
        {
            if (_runs[r].Cell >= hi) continue;
            if (_single)
            {
                var floats = SingleRunAt(r, out int first);
                int begin = Math.Max(lo, first), stop = Math.Min(hi, first + floats.Length);
                for (int c = begin; c < stop; c++) keys[next[c - lo]++] = FloatOrderKey.Of(floats[c - first]);
                continue;
            }
            var values = RunAt(r, out int cell);
            int from = Math.Max(lo, cell), to = Math.Min(hi, cell + values.Length);
            for (int c = from; c < to; c++) keys[next[c - lo]++] = FloatOrderKey.Of((float)values[c - cell]);
        }
    }

    /// <summary>
    /// Sorts ascending by radix, least significant byte first, on the values' bit patterns mapped so that their unsigned
    /// order is the numeric order (sign bit flipped for positive values, all bits for negative ones). Equal values have
    /// equal bits (the values are never NaN) except ±0, which this sort puts −0 first (the bands never hold −0: they clamp
    /// at +0), so the result is the one any comparison sort gives, in O(n) instead of O(n log n): a cohort's cells hold
    /// hundreds to thousands of values.
    /// </summary>
    internal static void Sort(Span<float> values, Span<uint> buffer)
    {
        int n = values.Length;
        if (n < 64)
        {
            values.Sort();
            return;
        }
        Span<uint> keys = buffer[..n], other = buffer.Slice(n, n);
        Span<int> counts = stackalloc int[4 * 256];
        counts.Clear();
        for (int i = 0; i < n; i++)
        {
            uint key = FloatOrderKey.Of(values[i]);
            keys[i] = key;
            counts[(int)(key & 0xFF)]++;
            counts[256 + (int)((key >> 8) & 0xFF)]++;
            counts[512 + (int)((key >> 16) & 0xFF)]++;
            counts[768 + (int)(key >> 24)]++;
        }
        for (int pass = 0; pass < 4; pass++)
        {
            var count = counts.Slice(256 * pass, 256);
            int shift = 8 * pass;
            if (count[(int)((keys[0] >> shift) & 0xFF)] == n) continue;   // every key has the same digit here
            for (int d = 0, sum = 0; d < 256; d++) (count[d], sum) = (sum, sum + count[d]);
            foreach (uint key in keys) other[count[(int)((key >> shift) & 0xFF)]++] = key;
            var sorted = other;
            other = keys;
            keys = sorted;
        }
        FloatOrderKey.ValuesOf(keys, values);
    }

    private readonly record struct Run(int Cell, long Position);
}
