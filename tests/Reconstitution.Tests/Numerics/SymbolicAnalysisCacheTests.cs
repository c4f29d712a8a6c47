using Reconstitution.Numerics;

namespace Reconstitution.Tests.Numerics;

/// <summary>The symbolic-analysis cache shared by every thread's LU factorisations (<see cref="SymbolicAnalysisCache.Shared"/>).</summary>
public sealed class SymbolicAnalysisCacheTests
{
    [Fact]
    public void Analyse_ManyThreadsAtOnceOnOneCache_SameResultsAsOneThreadWithoutCache()
    {
        // Twelve patterns (arrow and tridiagonal, 6–11 rows; an arrow and a tridiagonal pattern of one size have the same
        // entry count), each analysed, factored and solved twice per round by each of four threads in its own random order, all
        // starting together on a new cache each round (the cache is written while it fills, so the rounds repeat that phase).
        // Each result must equal, bit for bit, that of an uncached factorisation on one thread. The cache never evicts (room
        // for every pattern), so each round keeps each pattern exactly once, and every thread's factorisations of a pattern
        // read the one analysis kept for it (the same instance).
        const int threads = 4, rounds = 600;
        var patterns = new List<(int N, int[] Offsets, int[] Columns)>();
        for (int n = 6; n < 12; n++)
        {
            patterns.Add(Pattern(n, (i, j) => i == 0 || j == 0 || i == j));
            patterns.Add(Pattern(n, (i, j) => Math.Abs(i - j) <= 1));
        }
        var random = new Random(29);
        var values = patterns.Select(p => p.Columns.Select(_ => random.NextDouble() - 0.5).ToArray()).ToList();
        var rightSides = patterns.Select(p => Enumerable.Range(0, p.N).Select(_ => random.NextDouble()).ToArray()).ToList();
        var reference = patterns.Select((_, k) => Solve(k, null)).ToList();
        Assert.DoesNotContain(reference, r => r.Entries < 0);

        var caches = Enumerable.Range(0, rounds).Select(_ => new SymbolicAnalysisCache(32)).ToArray();
        var mismatches = new int[threads];
        var analyses = new SparseLuAnalysis?[rounds, threads, 2 * patterns.Count];
        using var start = new Barrier(threads);
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            var order = new Random(100 + t);
            int[] work = [.. Enumerable.Range(0, 2 * patterns.Count).Select(i => i % patterns.Count)];
            for (int round = 0; round < rounds; round++)
            {
                var cache = caches[round];
                order.Shuffle(work);
                var seen = new int[patterns.Count];
                start.SignalAndWait();
                for (int i = 0; i < work.Length; i++)
                {
                    int k = work[i];
                    try
                    {
                        var (entries, x, analysis) = Solve(k, cache);
                        analyses[round, t, 2 * k + seen[k]++] = analysis;
                        if (entries != reference[k].Entries || !x.Select(BitConverter.DoubleToInt64Bits).SequenceEqual(reference[k].X.Select(BitConverter.DoubleToInt64Bits)))
                            mismatches[t]++;
                    }
                    catch (Exception)
                    {
                        mismatches[t]++; // counted, not thrown: an exception on this thread would end the test process
                    }
                }
            }
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());

        Assert.Equal(new int[threads], mismatches);
        Assert.All(caches, cache => Assert.Equal(patterns.Count, cache.Count));
        for (int round = 0; round < rounds; round++)
            for (int k = 0; k < patterns.Count; k++)
                for (int t = 0; t < threads; t++)
                    for (int occurrence = 0; occurrence < 2; occurrence++)
                        Assert.Same(analyses[round, 0, 2 * k], analyses[round, t, 2 * k + occurrence]);

        (int Entries, double[] X, SparseLuAnalysis? Analysis) Solve(int k, SymbolicAnalysisCache? shared)
        {
            var (n, offsets, columns) = patterns[k];
            var lu = new SparseLu(n, shared);
            lu.Analyse(offsets, columns);
            bool factored = lu.Factor(4, values[k]);
            var x = (double[])rightSides[k].Clone();
            lu.Solve(x);
            return (factored ? lu.FactorEntries : -1, x, lu.Analysis);
        }
    }

    /// <summary>The CSR pattern (columns increasing) of the entries (i, j) of an n × n matrix for which <paramref name="holds"/> is true.</summary>
    private static (int N, int[] Offsets, int[] Columns) Pattern(int n, Func<int, int, bool> holds)
    {
        var offsets = new int[n + 1];
        var columns = new List<int>();
        for (int i = 0; i < n; i++)
        {
            offsets[i] = columns.Count;
            for (int j = 0; j < n; j++)
                if (holds(i, j)) columns.Add(j);
        }
        offsets[n] = columns.Count;
        return (n, offsets, [.. columns]);
    }
}
