namespace Reconstitution.Analysis;

/// <summary>
/// Sorting and order-statistic selection of finite doubles (optionally carrying an item each), written out for
/// <c>double</c> instead of calling <see cref="Array.Sort{T}(T[])"/>. Stateless and thread-safe.
/// </summary>
/// <remarks>
/// <para>
/// Why: <c>Array.Sort&lt;double&gt;</c>, <c>Array.Sort&lt;double, int&gt;</c> and a sort with a comparison over
/// <see cref="SurvivalObservation"/> are generic code that the library's precompiled (ReadyToRun) image cannot hold, so
/// every process JIT-compiled them and ran a cohort summary's sorts as unoptimised tier-0 code (twenty medians of
/// ≈ 1,000 values, the bootstrap, the risk sets; benchmarks/results/cohort.md, session 14). This code is precompiled.
/// </para>
/// <para>
/// The order is the numeric one (<c>&lt;</c>); the values must not be NaN. Equal values may end in any order, as with
/// <c>Array.Sort</c> (an introspective sort, not stable either), so a caller must not depend on the order of ties: equal
/// finite doubles are the same bits except ±0, and the type-7 quantile of two zeros of either sign is +0 whichever comes
/// first (x + f·(y − x) with x, y ∈ {−0, +0} is +0 under round-to-nearest).
/// </para>
/// <para>
/// The sort is a quicksort (Hoare's partition around the median of three, which splits runs of equal values evenly)
/// that recurses into the smaller side, finishes short ranges by insertion, and falls back to a heap sort past
/// 2·log₂ n levels, so it is O(n log n) on any input (Musser, Softw. Pract. Exp. 27(8), 1997). The selection is Hoare's
/// FIND with the same partition, falling back to sorting the range past the same depth.
/// </para>
/// </remarks>
internal static class FiniteOrder
{
    // Ranges this short are sorted by insertion (as Array.Sort's introsort does below 16).
    private const int InsertionLength = 16;

    /// <summary>Sorts <paramref name="keys"/> ascending, in place.</summary>
    /// <param name="keys">Values, none NaN.</param>
    public static void Sort(Span<double> keys) => Sort(keys, []);

    /// <summary>
    /// Sorts <paramref name="keys"/> ascending, in place, moving <paramref name="items"/>[i] with <paramref name="keys"/>[i]
    /// (when <paramref name="items"/> is not empty).
    /// </summary>
    /// <param name="keys">Values, none NaN.</param>
    /// <param name="items">Empty, or one item per key.</param>
    public static void Sort(Span<double> keys, Span<int> items)
    {
        if (!items.IsEmpty && items.Length != keys.Length)
            throw new ArgumentException($"{items.Length} items for {keys.Length} keys.", nameof(items));
        SortRange(keys, items, DepthLimit(keys.Length));
    }

    /// <summary><see cref="Sort(Span{double}, Span{int})"/> with the partitions allowed before a range is heap-sorted (tests: 0 heap-sorts at once).</summary>
    internal static void Sort(Span<double> keys, Span<int> items, int depth)
    {
        if (!items.IsEmpty && items.Length != keys.Length)
            throw new ArgumentException($"{items.Length} items for {keys.Length} keys.", nameof(items));
        SortRange(keys, items, depth);
    }

    /// <summary>
    /// The value of rank <paramref name="rank"/> (0 the smallest) of <paramref name="values"/>, as a sort would place it;
    /// reorders <paramref name="values"/> so that every value before that rank is ≤ it and every value after it is ≥ it.
    /// </summary>
    /// <param name="values">Values, none NaN; reordered.</param>
    /// <param name="rank">In [0, values.Length).</param>
    /// <returns>The value of that rank.</returns>
    public static double Select(Span<double> values, int rank) => Select(values, rank, DepthLimit(values.Length));

    /// <summary><see cref="Select(Span{double}, int)"/> with the partitions allowed before the range is sorted instead (tests: 0 sorts at once).</summary>
    internal static double Select(Span<double> values, int rank, int depth)
    {
        if ((uint)rank >= (uint)values.Length)
            throw new ArgumentOutOfRangeException(nameof(rank), $"Rank {rank}; allowed: [0, {values.Length}).");
        int lo = 0, hi = values.Length - 1;
        while (hi - lo + 1 > InsertionLength)
        {
            if (depth-- == 0)
            {
                SortRange(values[lo..(hi + 1)], [], 0);
                return values[rank];
            }
            int split = Partition(values, [], lo, hi);
            // values[lo … split] ≤ values[split + 1 … hi]
            if (rank <= split) hi = split;
            else lo = split + 1;
        }
        InsertionSort(values[lo..(hi + 1)], []);
        return values[rank];
    }

    /// <summary>The type-7 quantile (Hyndman &amp; Fan 1996) of <paramref name="values"/>, selected rather than sorted.</summary>
    /// <param name="values">At least one value, none NaN; reordered.</param>
    /// <param name="probability">In [0, 1].</param>
    /// <returns>The same bits as <c>SampleQuantiles.QuantileOfSorted</c> of the sorted values.</returns>
    public static double Quantile(Span<double> values, double probability)
    {
        double h = (values.Length - 1) * probability;
        int lo = (int)Math.Floor(h);
        int hi = Math.Min(lo + 1, values.Length - 1);
        double lower = Select(values, lo);
        // After the selection every value after rank lo is ≥ it, so rank lo + 1 is the smallest of them.
        double upper = lower;
        if (hi > lo)
        {
            upper = values[hi];
            for (int i = hi + 1; i < values.Length; i++) if (values[i] < upper) upper = values[i];
        }
        return lower + (h - lo) * (upper - lower);
    }

    /// <summary>
    /// The index of the last value ≤ <paramref name="value"/> in <paramref name="sorted"/> (ascending, distinct), or −1:
    /// what <c>Array.BinarySearch</c>'s index, or its complement minus one, gives for distinct values.
    /// </summary>
    /// <param name="sorted">Ascending, distinct values, none NaN.</param>
    /// <param name="value">Not NaN.</param>
    /// <returns>The index, in [−1, sorted.Length).</returns>
    public static int LastAtOrBefore(ReadOnlySpan<double> sorted, double value)
    {
        int lo = 0, hi = sorted.Length;   // the answer + 1 lies in [lo, hi]
        while (lo < hi)
        {
            int mid = lo + ((hi - lo) >> 1);
            if (sorted[mid] <= value) lo = mid + 1;
            else hi = mid;
        }
        return lo - 1;
    }

    /// <summary>The first <paramref name="count"/> values of <paramref name="values"/>, as an array of that length.</summary>
    public static double[] Trim(double[] values, int count)
    {
        if (count == values.Length) return values;
        var trimmed = new double[count];
        Array.Copy(values, trimmed, count);
        return trimmed;
    }

    /// <summary>The first <paramref name="count"/> values of <paramref name="values"/>, as an array of that length.</summary>
    public static int[] Trim(int[] values, int count)
    {
        if (count == values.Length) return values;
        var trimmed = new int[count];
        Array.Copy(values, trimmed, count);
        return trimmed;
    }

    private static int DepthLimit(int length) => 2 * (Math.Max(1, 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)length)));

    private static void SortRange(Span<double> keys, Span<int> items, int depth)
    {
        while (keys.Length > InsertionLength)
        {
            if (depth-- == 0)
            {
                HeapSort(keys, items);
                return;
            }
            int split = Partition(keys, items, 0, keys.Length - 1);
            int left = split + 1;
            // Recurse into the smaller side, loop on the larger: at most log₂ n frames.
            if (left < keys.Length - left)
            {
                SortRange(keys[..left], items.IsEmpty ? items : items[..left], depth);
                keys = keys[left..];
                if (!items.IsEmpty) items = items[left..];
            }
            else
            {
                SortRange(keys[left..], items.IsEmpty ? items : items[left..], depth);
                keys = keys[..left];
                if (!items.IsEmpty) items = items[..left];
            }
        }
        InsertionSort(keys, items);
    }

    // Hoare's partition of keys[lo … hi] (at least 3 values) around the median of the first, middle and last: returns j
    // with lo ≤ j < hi, keys[lo … j] ≤ pivot ≤ keys[j + 1 … hi]. Scanning stops at values equal to the pivot, so a range of
    // equal values splits in the middle.
    private static int Partition(Span<double> keys, Span<int> items, int lo, int hi)
    {
        int mid = lo + ((hi - lo) >> 1);
        if (keys[mid] < keys[lo]) Swap(keys, items, mid, lo);
        if (keys[hi] < keys[lo]) Swap(keys, items, hi, lo);
        if (keys[hi] < keys[mid]) Swap(keys, items, hi, mid);
        double pivot = keys[mid];
        int i = lo - 1, j = hi + 1;
        while (true)
        {
            do i++; while (keys[i] < pivot);
            do j--; while (keys[j] > pivot);
            if (i >= j) return j;
            Swap(keys, items, i, j);
        }
    }

    private static void InsertionSort(Span<double> keys, Span<int> items)
    {
        for (int i = 1; i < keys.Length; i++)
        {
            double k = keys[i];
            int item = items.IsEmpty ? 0 : items[i];
            int j = i - 1;
            for (; j >= 0 && keys[j] > k; j--)
            {
                keys[j + 1] = keys[j];
                if (!items.IsEmpty) items[j + 1] = items[j];
            }
            keys[j + 1] = k;
            if (!items.IsEmpty) items[j + 1] = item;
        }
    }

    private static void HeapSort(Span<double> keys, Span<int> items)
    {
        int n = keys.Length;
        for (int i = n / 2 - 1; i >= 0; i--) SiftDown(keys, items, i, n);
        for (int end = n - 1; end > 0; end--)
        {
            Swap(keys, items, 0, end);
            SiftDown(keys, items, 0, end);
        }
    }

    private static void SiftDown(Span<double> keys, Span<int> items, int root, int n)
    {
        while (true)
        {
            int child = 2 * root + 1;
            if (child >= n) return;
            if (child + 1 < n && keys[child + 1] > keys[child]) child++;
            if (!(keys[child] > keys[root])) return;
            Swap(keys, items, root, child);
            root = child;
        }
    }

    private static void Swap(Span<double> keys, Span<int> items, int a, int b)
    {
        (keys[a], keys[b]) = (keys[b], keys[a]);
        if (!items.IsEmpty) (items[a], items[b]) = (items[b], items[a]);
    }
}
