using FsCheck;
using FsCheck.Fluent;
using Reconstitution.Cohorts;

namespace Reconstitution.Tests.Cohorts;

public class OrderedParallelRunnerTests
{
    [Fact]
    public void Run_AnyThreadCount_DeliversEveryIndexOnceInOrder()
    {
        Prop.ForAll(Gen.Choose(0, 300).ToArbitrary(), Gen.Choose(1, 8).ToArbitrary(), (count, threads) =>
        {
            var seen = new List<int>();
            int delivered = OrderedParallelRunner.Run(count, threads, i => i * i, (i, v) =>
            {
                if (v != i * i) throw new InvalidOperationException("wrong result for index");
                seen.Add(i);
            }, CancellationToken.None);
            return delivered == count && seen.SequenceEqual(Enumerable.Range(0, count));
        }).CheckThrowOnFailure();
    }

    [Fact]
    public void Run_BoundedWindow_NeverHoldsMoreThanWindowResults()
    {
        // A slow consumer: workers must wait rather than run arbitrarily far ahead.
        int inFlight = 0, maxInFlight = 0;
        OrderedParallelRunner.Run(200, 4, i =>
        {
            int now = Interlocked.Increment(ref inFlight);
            int seen;
            while ((seen = Volatile.Read(ref maxInFlight)) < now && Interlocked.CompareExchange(ref maxInFlight, now, seen) != seen) { }
            return i;
        }, (_, _) =>
        {
            Interlocked.Decrement(ref inFlight);
            Thread.SpinWait(2000);
        }, CancellationToken.None);
        Assert.InRange(maxInFlight, 1, 16 + 4);
    }

    [Fact]
    public void Run_Cancelled_DeliversContiguousPrefixThenThrows()
    {
        using var cts = new CancellationTokenSource();
        var seen = new List<int>();
        Assert.Throws<OperationCanceledException>(() =>
            OrderedParallelRunner.Run(10_000, 2, i => { Thread.Sleep(1); return i; }, (i, _) =>
            {
                seen.Add(i);
                if (i == 20) cts.Cancel();
            }, cts.Token));
        Assert.True(seen.Count > 20);
        Assert.Equal(Enumerable.Range(0, seen.Count), seen);
        Assert.True(seen.Count < 10_000);
    }

    [Fact]
    public void Run_WorkThrows_DeliversEarlierItemsAndRethrowsOriginal()
    {
        var seen = new List<int>();
        var ex = Assert.Throws<InvalidOperationException>(() =>
            OrderedParallelRunner.Run(100, 3, i => i == 37 ? throw new InvalidOperationException("patient 37 failed") : i,
                (i, _) => seen.Add(i), CancellationToken.None));
        Assert.Equal("patient 37 failed", ex.Message);
        Assert.Equal(Enumerable.Range(0, 37), seen);
    }
}
