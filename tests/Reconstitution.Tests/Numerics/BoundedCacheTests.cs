using Reconstitution.Numerics;

namespace Reconstitution.Tests.Numerics;

public class BoundedCacheTests
{
    /// <summary>A structure of integers; its entry is a copy (or nothing when <paramref name="declines"/>).</summary>
    private readonly ref struct Key(ReadOnlySpan<int> structure, bool declines = false) : BoundedCache<int[]>.IKey
    {
        private readonly ReadOnlySpan<int> _structure = structure;

        public bool Matches(int[] kept) => _structure.SequenceEqual(kept);

        public int[]? Keep(int index) => declines ? null : _structure.ToArray();
    }

    [Fact]
    public void FindOrAdd_SameStructureAgain_TheKeptEntry()
    {
        var cache = new BoundedCache<int[]>(4);
        int[] kept = cache.FindOrAdd(7, new Key([1, 2, 3]))!;
        Assert.Same(kept, cache.FindOrAdd(7, new Key([1, 2, 3])));
        Assert.Equal([1, 2, 3], kept);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void FindOrAdd_EqualHashesOfOtherStructures_DistinctEntries()
    {
        // The hash only screens: a collision costs a comparison, never another structure's entry.
        var cache = new BoundedCache<int[]>(4);
        int[] a = cache.FindOrAdd(0, new Key([1, 2]))!, b = cache.FindOrAdd(0, new Key([2, 1]))!;
        Assert.Equal([1, 2], a);
        Assert.Equal([2, 1], b);
        Assert.Same(b, cache.FindOrAdd(0, new Key([2, 1])));
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public void FindOrAdd_BeyondCapacity_NullAndTheKeptEntriesStay()
    {
        var cache = new BoundedCache<int[]>(2);
        int[] first = cache.FindOrAdd(1, new Key([1]))!, second = cache.FindOrAdd(2, new Key([2]))!;
        Assert.Null(cache.FindOrAdd(3, new Key([3])));
        Assert.Same(first, cache.FindOrAdd(1, new Key([1])));
        Assert.Same(second, cache.FindOrAdd(2, new Key([2])));
        Assert.Equal(2, cache.Count);
        Assert.Equal(2, cache.Capacity);
    }

    [Fact]
    public void FindOrAdd_KeyDeclines_NothingKept()
    {
        var cache = new BoundedCache<int[]>(2);
        Assert.Null(cache.FindOrAdd(1, new Key([1], declines: true)));
        Assert.Equal(0, cache.Count);
        Assert.NotNull(cache.FindOrAdd(1, new Key([1])));
    }

    [Fact]
    public void Constructor_NegativeCapacity_Throws()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new BoundedCache<int[]>(-1));
        Assert.Equal("capacity", error.ParamName);
    }

    [Fact]
    public void FindOrAdd_ManyThreadsOnFewStructures_OneEntryPerStructure()
    {
        // Eight threads released together look up the same eight structures in different orders, many times; each structure
        // must be kept once and every thread must get that one entry (a smoke test of the lock-free lookup: a race that
        // kept a structure twice or handed out a half-written entry would show as a count above 8 or a wrong entry).
        var cache = new BoundedCache<int[]>(16);
        const int threads = 8, structures = 8, rounds = 2000;
        var found = new int[]?[threads, structures];
        using var start = new Barrier(threads);
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (int r = 0; r < rounds; r++)
            {
                int s = (t + r) % structures;
                int[] entry = cache.FindOrAdd(s, new Key([s, s + 100]))!;
                if (found[t, s] is null) found[t, s] = entry;
                else if (!ReferenceEquals(found[t, s], entry)) found[t, s] = [-1];
            }
        })).ToArray();
        foreach (var worker in workers) worker.Start();
        foreach (var worker in workers) worker.Join();
        Assert.Equal(structures, cache.Count);
        for (int s = 0; s < structures; s++)
        {
            int[] entry = cache.FindOrAdd(s, new Key([s, s + 100]))!;
            for (int t = 0; t < threads; t++) Assert.Same(entry, found[t, s]);
        }
    }
}
