namespace Reconstitution.Cohorts;

/// <summary>
/// An append-only list of values, each tagged with its cell (such as one measure on one day), kept in arrival order in
/// fixed chunks; grouped and sorted by cell only when asked. Not thread-safe.
/// </summary>
/// <remarks>
/// Why: <see cref="TrajectoryBands"/> keeps every value of a cohort for exact quantiles. Appending a patient's values to
/// one list writes memory sequentially, where one list per cell would touch a different cache line for every value;
/// chunks (64 KB, below the large-object heap) grow without copying and leave at most one chunk unused.
/// </remarks>
internal sealed class CellValueList
{
    private const int ChunkLength = 8192;
    private readonly List<Entry[]> _chunks = [];
    private Entry[] _last = [];             // the last chunk (none before the first)
    private int _lastCount = ChunkLength;   // entries used in the last chunk (a full "chunk" before the first)

    /// <summary>Appends a value of a cell.</summary>
    public void Add(int cell, float value)
    {
        if (_lastCount == ChunkLength) AddChunk();
        _last[_lastCount++] = new Entry(cell, value);
    }

    /// <summary>
    /// Appends value i, as a float, to cell <paramref name="firstCell"/> + <paramref name="offsets"/>[i]; a negative offset or
    /// a NaN value is skipped and a negative value is kept as 0.
    /// </summary>
    /// <returns>The number of values appended.</returns>
    public int AddSeries(int firstCell, ReadOnlySpan<int> offsets, ReadOnlySpan<double> values)
    {
        int added = 0;
        for (int i = 0; i < offsets.Length; i++)
        {
            int offset = offsets[i];
            double v = values[i];
            if (offset < 0 || double.IsNaN(v)) continue;
            if (_lastCount == ChunkLength) AddChunk();
            _last[_lastCount++] = new Entry(firstCell + offset, (float)Math.Max(v, 0));
            added++;
        }
        return added;
    }

    private void AddChunk()
    {
        _last = new Entry[ChunkLength];
        _chunks.Add(_last);
        _lastCount = 0;
    }

    /// <summary>Appends every value of <paramref name="other"/>.</summary>
    public void AddRange(CellValueList other)
    {
        if (ReferenceEquals(other, this)) throw new ArgumentException("A list cannot be appended to itself.", nameof(other));
        for (int c = 0; c < other._chunks.Count; c++)
            foreach (var e in other.Chunk(c)) Add(e.Cell, e.Value);
    }

    /// <summary>
    /// The values grouped by cell, each cell's sorted ascending: cell c holds <c>Values[Start[c] … Start[c + 1] − 1]</c>.
    /// A counting sort by cell (one pass to count, one to place), then a radix sort within each cell.
    /// </summary>
    /// <param name="cells">The number of cells; every cell index is below it.</param>
    public (int[] Start, float[] Values) SortByCell(int cells)
    {
        var start = new int[cells + 1];
        for (int c = 0; c < _chunks.Count; c++)
            foreach (var e in Chunk(c)) start[e.Cell + 1]++;
        for (int i = 1; i < start.Length; i++) start[i] += start[i - 1];
        var values = new float[start[cells]];
        var next = start[..cells];
        for (int c = 0; c < _chunks.Count; c++)
            foreach (var e in Chunk(c)) values[next[e.Cell]++] = e.Value;
        int largest = 0;
        for (int i = 0; i < cells; i++) largest = Math.Max(largest, start[i + 1] - start[i]);
        var buffer = new uint[2 * largest];
        for (int i = 0; i < cells; i++) Sort(values.AsSpan(start[i], start[i + 1] - start[i]), buffer);
        return (start, values);
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
            uint bits = BitConverter.SingleToUInt32Bits(values[i]);
            uint key = bits ^ ((uint)((int)bits >> 31) | 0x8000_0000u);
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
        for (int i = 0; i < n; i++)
        {
            uint key = keys[i];
            values[i] = BitConverter.UInt32BitsToSingle(key ^ (((key >> 31) - 1) | 0x8000_0000u));
        }
    }

    private ReadOnlySpan<Entry> Chunk(int index) => _chunks[index].AsSpan(0, index == _chunks.Count - 1 ? _lastCount : ChunkLength);

    private readonly record struct Entry(int Cell, float Value);
}
