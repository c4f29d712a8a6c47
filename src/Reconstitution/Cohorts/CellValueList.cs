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
    private int _lastCount = ChunkLength;   // entries used in the last chunk (a full "chunk" before the first)

    /// <summary>Appends a value of a cell.</summary>
    public void Add(int cell, float value)
    {
        if (_lastCount == ChunkLength)
        {
            _chunks.Add(new Entry[ChunkLength]);
            _lastCount = 0;
        }
        _chunks[^1][_lastCount++] = new Entry(cell, value);
    }

    /// <summary>Appends every value of <paramref name="other"/>.</summary>
    public void AddRange(CellValueList other)
    {
        for (int c = 0; c < other._chunks.Count; c++)
            foreach (var e in other.Chunk(c)) Add(e.Cell, e.Value);
    }

    /// <summary>
    /// The values grouped by cell, each cell's sorted ascending: cell c holds <c>Values[Start[c] … Start[c + 1] − 1]</c>.
    /// A counting sort by cell (one pass to count, one to place), then a sort within each cell.
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
        for (int i = 0; i < cells; i++) values.AsSpan(start[i], start[i + 1] - start[i]).Sort();
        return (start, values);
    }

    private ReadOnlySpan<Entry> Chunk(int index) => _chunks[index].AsSpan(0, index == _chunks.Count - 1 ? _lastCount : ChunkLength);

    private readonly record struct Entry(int Cell, float Value);
}
