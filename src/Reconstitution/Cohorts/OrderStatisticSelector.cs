using System.Numerics;

namespace Reconstitution.Cohorts;

/// <summary>
/// Finds a few order statistics (the values of given ranks, as a sort would place them) of a list of floats without
/// sorting it, by radix selection: a histogram of the values' bit patterns over their range locates the bucket of each
/// rank, the values of those few buckets are gathered and searched the same way, down to a handful of values sorted
/// by insertion. Reuses its buffers; not thread-safe.
/// </summary>
/// <remarks>
/// Why: a cohort's exact bands need three quantiles (5, 50, 95 %, six order statistics) in each of thousands of cells of
/// about a thousand values. Sorting every cell (radix, four passes) cost ≈ 15 ns per value; selection reads the values
/// a few times (keys, their range, histogram, gather, then the few gathered ones) and writes almost nothing.
/// The order is the numeric order of the values (the bit patterns of <see cref="FloatOrderKey"/>, as <see cref="CellValueList.Sort"/>), so a
/// rank's value is bit for bit the value a sort puts there; values must not be NaN.
/// </remarks>
internal sealed class OrderStatisticSelector
{
    /// <summary>The most ranks one call may ask for.</summary>
    public const int MaxRanks = 8;

    private const int HistogramBits = 8;
    private const int Buckets = 1 << HistogramBits;
    // Below this many values, a copy is sorted by insertion instead of histogrammed.
    private const int SmallLength = 32;

    private uint[] _scratch = [];

    /// <summary>
    /// Writes to <paramref name="result"/>[i] the value of rank <paramref name="ranks"/>[i] of <paramref name="values"/>
    /// (rank 0 the smallest), as <c>values</c> sorted ascending would hold it.
    /// </summary>
    /// <param name="values">The values, none NaN; not modified.</param>
    /// <param name="ranks">At most <see cref="MaxRanks"/> ranks in any order (repeats allowed), each in [0, values.Length).</param>
    /// <param name="result">One value per rank.</param>
    public void Select(ReadOnlySpan<float> values, ReadOnlySpan<int> ranks, Span<float> result)
    {
        int n = values.Length;
        Check(n, ranks, result);
        if (ranks.IsEmpty) return;
        // The keys, then at most one gathered copy per level of at most as many keys (a level resolves HistogramBits bits
        // of the range, so at most 32 / HistogramBits levels), then an insertion-sorted copy of at most SmallLength.
        var keys = Scratch(n * (1 + 32 / HistogramBits) + SmallLength).AsSpan(0, n);
        for (int i = 0; i < n; i++) keys[i] = FloatOrderKey.Of(values[i]);
        SelectInOrder(keys, ranks, result, _scratch.AsSpan(n));
    }

    /// <summary>
    /// <see cref="Select"/> for values given as their <see cref="FloatOrderKey"/> keys: writes to <paramref name="result"/>[i]
    /// the value of rank <paramref name="ranks"/>[i], without copying the keys first (issue 15: the copy was one of the four
    /// passes over each cell of a cohort's bands).
    /// </summary>
    /// <param name="keys">The values' keys (<see cref="FloatOrderKey.Of"/>), none of a NaN; not modified.</param>
    /// <param name="ranks">At most <see cref="MaxRanks"/> ranks in any order (repeats allowed), each in [0, keys.Length).</param>
    /// <param name="result">One value per rank.</param>
    public void SelectFromKeys(ReadOnlySpan<uint> keys, ReadOnlySpan<int> ranks, Span<float> result)
    {
        int n = keys.Length;
        Check(n, ranks, result);
        if (ranks.IsEmpty) return;
        SelectInOrder(keys, ranks, result, Scratch(n * (32 / HistogramBits) + SmallLength));
    }

    private static void Check(int n, ReadOnlySpan<int> ranks, Span<float> result)
    {
        if (ranks.Length > MaxRanks) throw new ArgumentException($"{ranks.Length} ranks; allowed: at most {MaxRanks}.", nameof(ranks));
        if (result.Length < ranks.Length) throw new ArgumentException($"{result.Length} results for {ranks.Length} ranks.", nameof(result));
        foreach (int rank in ranks)
            if ((uint)rank >= (uint)n) throw new ArgumentOutOfRangeException(nameof(ranks), $"Rank {rank}; allowed: [0, {n}).");
    }

    private uint[] Scratch(int length)
    {
        if (_scratch.Length < length) _scratch = new uint[length];
        return _scratch;
    }

    // The values of the ranks (checked, not empty) of the keys into result; free: scratch for the levels.
    private static void SelectInOrder(ReadOnlySpan<uint> keys, ReadOnlySpan<int> ranks, Span<float> result, Span<uint> free)
    {
        // The ranks in ascending order, each with its place in the result (insertion: at most MaxRanks).
        Span<int> sorted = stackalloc int[MaxRanks];
        Span<int> place = stackalloc int[MaxRanks];
        for (int i = 0; i < ranks.Length; i++)
        {
            int j = i - 1;
            for (; j >= 0 && sorted[j] > ranks[i]; j--)
            {
                sorted[j + 1] = sorted[j];
                place[j + 1] = place[j];
            }
            sorted[j + 1] = ranks[i];
            place[j + 1] = i;
        }
        Span<uint> found = stackalloc uint[MaxRanks];
        SelectKeys(keys, sorted[..ranks.Length], found, free);
        for (int i = 0; i < ranks.Length; i++) result[place[i]] = FloatOrderKey.ValueOf(found[i]);
    }

    // The order statistics of keys (not modified) at ranks (ascending, in range) into result; free: scratch after the keys.
    private static void SelectKeys(ReadOnlySpan<uint> keys, ReadOnlySpan<int> ranks, Span<uint> result, Span<uint> free)
    {
        int n = keys.Length;
        if (n <= SmallLength)
        {
            var copy = free[..n];
            keys.CopyTo(copy);
            InsertionSort(copy);
            for (int i = 0; i < ranks.Length; i++) result[i] = copy[ranks[i]];
            return;
        }
        uint min = keys[0], max = keys[0];
        foreach (uint k in keys)
        {
            min = Math.Min(min, k);
            max = Math.Max(max, k);
        }
        if (min == max)
        {
            result[..ranks.Length].Fill(min);
            return;
        }
        // Buckets of equal width over [min, max]: at most 256, each key's bucket its offset from min shifted right.
        int shift = Math.Max(0, 32 - BitOperations.LeadingZeroCount(max - min) - HistogramBits);
        int buckets = (int)((max - min) >> shift) + 1;
        Span<int> counts = stackalloc int[Buckets];
        counts[..buckets].Clear();
        foreach (uint k in keys) counts[(int)((k - min) >> shift)]++;

        // Each rank's bucket and the number of keys in the buckets below it; the distinct buckets become slots.
        Span<int> slotOfRank = stackalloc int[MaxRanks];
        Span<int> below = stackalloc int[MaxRanks];
        Span<int> slotBucket = stackalloc int[MaxRanks];
        Span<sbyte> slotOfBucket = stackalloc sbyte[Buckets];
        slotOfBucket[..buckets].Fill(-1);
        int slots = 0;
        for (int b = 0, r = 0, cumulative = 0; r < ranks.Length; b++)
        {
            int next = cumulative + counts[b];
            if (ranks[r] < next)
            {
                slotBucket[slots] = b;
                slotOfBucket[b] = (sbyte)slots;
                for (; r < ranks.Length && ranks[r] < next; r++)
                {
                    slotOfRank[r] = slots;
                    below[r] = cumulative;
                }
                slots++;
            }
            cumulative = next;
        }

        // The keys of those buckets, gathered in one pass, each bucket's after the previous one's.
        Span<int> offset = stackalloc int[MaxRanks + 1];
        offset[0] = 0;
        for (int s = 0; s < slots; s++) offset[s + 1] = offset[s] + counts[slotBucket[s]];
        Span<int> fill = stackalloc int[MaxRanks];
        offset[..slots].CopyTo(fill);
        var gathered = free[..offset[slots]];
        foreach (uint k in keys)
        {
            int s = slotOfBucket[(int)((k - min) >> shift)];
            if (s >= 0) gathered[fill[s]++] = k;
        }

        // Each bucket searched for its ranks, counted from the bucket's first key.
        var rest = free[offset[slots]..];
        Span<int> inner = stackalloc int[MaxRanks];
        for (int r = 0; r < ranks.Length;)
        {
            int s = slotOfRank[r], end = r;
            for (; end < ranks.Length && slotOfRank[end] == s; end++) inner[end - r] = ranks[end] - below[end];
            SelectKeys(gathered[offset[s]..offset[s + 1]], inner[..(end - r)], result[r..end], rest);
            r = end;
        }
    }

    private static void InsertionSort(Span<uint> keys)
    {
        for (int i = 1; i < keys.Length; i++)
        {
            uint k = keys[i];
            int j = i - 1;
            for (; j >= 0 && keys[j] > k; j--) keys[j + 1] = keys[j];
            keys[j + 1] = k;
        }
    }
}
