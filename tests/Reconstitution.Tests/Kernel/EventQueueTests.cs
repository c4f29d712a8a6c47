using FsCheck;
using FsCheck.Fluent;
using Reconstitution.Kernel;

namespace Reconstitution.Tests.Kernel;

public class EventQueueTests
{
    [Fact]
    public void Pop_ReturnsEventsInTimeThenPriorityThenInsertionOrder()
    {
        var sim = new Simulation();
        var queue = new EventQueue();
        var a = sim.Event("a"); var b = sim.Event("b"); var c = sim.Event("c"); var d = sim.Event("d");
        queue.Push(a, 2, 0);
        queue.Push(b, 1, 5);
        queue.Push(c, 1, -5);
        queue.Push(d, 1, 5);
        Assert.Equal(4, queue.Count);
        Assert.Equal(1.0, queue.MinTime);
        Assert.Equal(["c", "b", "d", "a"], Enumerable.Range(0, 4).Select(_ => Release(queue, queue.Pop()).Name));
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public void PushAndPop_Interleaved_MatchesSortedModel()
    {
        // Operations: a non-negative code pushes an event at time (code % 7) * 0.5 with priority
        // (code / 7 % 3) − 1 (so ties on time and on priority are frequent); −1 pops. The model
        // is a list ordered by (time, priority, insertion number).
        var op = Gen.Frequency(
            (3, Gen.Choose(0, 200)),
            (2, Gen.Constant(-1)));
        Prop.ForAll(Gen.ArrayOf(op).ToArbitrary(), ops =>
        {
            var sim = new Simulation();
            var queue = new EventQueue();
            var model = new List<(double Time, int Priority, int Seq, SimEvent Event)>();
            int seq = 0;
            foreach (int code in ops)
            {
                if (code >= 0)
                {
                    double time = code % 7 * 0.5;
                    int priority = code / 7 % 3 - 1;
                    var e = sim.Event();
                    queue.Push(e, time, priority);
                    model.Add((time, priority, seq++, e));
                }
                else if (model.Count > 0)
                {
                    var expected = model.OrderBy(m => m.Time).ThenBy(m => m.Priority).ThenBy(m => m.Seq).First();
                    model.Remove(expected);
                    if (queue.MinTime != expected.Time) return false;
                    SimEvent popped = queue.Pop();
                    queue.Release(popped);
                    if (!ReferenceEquals(popped, expected.Event)) return false;
                }

                if (queue.Count != model.Count) return false;
            }

            return true;
        }).CheckThrowOnFailure();
    }

    [Fact]
    public void Push_ManyEvents_GrowsAndKeepsOrder()
    {
        var sim = new Simulation();
        var queue = new EventQueue();
        var rng = new Random(3);
        var times = new List<double>();
        for (int i = 0; i < 5000; i++)
        {
            double t = rng.Next(1000) / 10.0;
            times.Add(t);
            queue.Push(sim.Event(), t, 0);
        }

        times.Sort();
        foreach (double t in times)
        {
            Assert.Equal(t, queue.MinTime);
            queue.Release(queue.Pop());
        }
    }

    [Fact]
    public void PushAndPop_RandomInterleavingsOfManyEvents_MatchSortedReference()
    {
        // Each case replays up to 3,000 operations drawn from its own seed: enough events for the
        // ladder's rungs, crowded buckets (a bottom of more than 32 entries becomes a heap), bursts
        // of simultaneous events (a rung of equal times) and times before the last pop (allowed by
        // the queue, though the simulation never does it). Half the popped events keep their slot
        // and are pushed again later, as pooled timeouts are.
        Prop.ForAll(Replays.ToArbitrary(), s => ReplayMatchesReference(s.Seed, s.Size, s.Backwards, peek: false)).CheckThrowOnFailure();
    }

    [Fact]
    public void PeekNext_AfterEachPop_IsTheNextPopAndKeepsTheOrder()
    {
        // The event loop peeks after every pop, to load the next event's process early; the peek fills an empty bottom at once
        // (rebuilding a rung from the top when the buckets are exhausted) instead of at the next pop. The same replays as above
        // with a peek after each pop: it must name the reference's next event, and the pushes and pops that follow must keep
        // the reference order.
        Prop.ForAll(Replays.ToArbitrary(), s => ReplayMatchesReference(s.Seed, s.Size, s.Backwards, peek: true)).CheckThrowOnFailure();
    }

    [Fact]
    public void Pop_HoldModel_TimesNeverDecreaseAndTiesKeepInsertionOrder()
    {
        // The simulation's use: every pop is followed by pushes at or after the popped time.
        // Delays mix exponential draws, zero and a coarse grid, so ties on time and priority are
        // frequent; among equal (time, priority) the pops must come in push order.
        var scenario = from seed in Gen.Choose(0, int.MaxValue) from initial in Gen.Choose(1, 1500) select (seed, initial);
        Prop.ForAll(scenario.ToArbitrary(), s =>
        {
            var rng = new Random(s.seed);
            var sim = new Simulation();
            var queue = new EventQueue();
            var pushOrder = new Dictionary<SimEvent, (double Time, int Priority, long Number)>();
            long number = 0;
            void Push(double time)
            {
                var e = sim.Event();
                int priority = rng.Next(-1, 2);
                queue.Push(e, time, priority);
                pushOrder[e] = (time, priority, number++);
            }

            for (int i = 0; i < s.initial; i++) Push(rng.Next(3) * 0.5);
            (double Time, int Priority, long Number) last = (double.NegativeInfinity, 0, -1);
            for (int pops = 0; queue.Count > 0; pops++)
            {
                SimEvent e = queue.Pop();
                queue.Release(e);
                var key = pushOrder[e];
                if (key.Time < last.Time) return false;
                if (key.Time == last.Time && key.Priority == last.Priority && key.Number < last.Number) return false;
                last = key;
                if (pops < 5 * s.initial) Push(key.Time + NextDelay(rng));
            }

            return number == 6L * s.initial;
        }).CheckThrowOnFailure();
    }

    [Theory]
    [InlineData(new[] { 1.7e308, -1.7e308, 0.0, -0.0, 1e-300, 5.0 })] // span overflows: no finite rung scale
    [InlineData(new[] { 0.0, double.Epsilon, 2 * double.Epsilon, 3 * double.Epsilon })] // subnormal gaps: infinite scale
    [InlineData(new[] { -1e6, -7.0, -7.0, 0.0, 3.0 })] // a clock that starts before 0
    public void Pop_ExtremeAndEqualTimes_KeepsTotalOrder(double[] times)
    {
        // Each time is pushed twice, then 100 events at the largest time with mixed priorities
        // (a bottom of more than 32 entries becomes a heap); each of the first 50 pops pushes one
        // more event at the popped time with priority 1.
        var sim = new Simulation();
        var queue = new EventQueue();
        var keys = new Dictionary<SimEvent, (double Time, int Priority, int Number)>();
        void Push(double time, int priority)
        {
            var e = sim.Event();
            keys[e] = (time, priority, keys.Count);
            queue.Push(e, time, priority);
        }

        foreach (double t in times.Concat(times)) Push(t, 0);
        for (int i = 0; i < 100; i++) Push(times.Max(), (i * 37 % 5) - 2);
        var popped = new List<SimEvent>();
        while (queue.Count > 0)
        {
            SimEvent e = queue.Pop();
            popped.Add(e);
            if (popped.Count <= 50) Push(keys[e].Time, 1);
        }

        Assert.Equal(keys.Keys.OrderBy(e => keys[e].Time).ThenBy(e => keys[e].Priority).ThenBy(e => keys[e].Number), popped);
    }

    // A replay: its seed, its number of operations, and whether some pushes go before the last pop.
    private static readonly Gen<(int Seed, int Size, bool Backwards)> Replays =
        from seed in Gen.Choose(0, int.MaxValue)
        from size in Gen.Choose(1, 3000)
        from backwards in Gen.Elements(false, true)
        select (seed, size, backwards);

    private static bool ReplayMatchesReference(int seed, int size, bool backwards, bool peek)
    {
        var rng = new Random(seed);
        var sim = new Simulation();
        var queue = new EventQueue();
        var reference = new SortedSet<(double Time, int Priority, long Number)>();
        var events = new Dictionary<long, SimEvent>();
        var kept = new Stack<SimEvent>();
        long number = 0;
        double now = 0;
        for (int i = 0; i < size || reference.Count > 0; i++)
        {
            if (i < size && (reference.Count == 0 || rng.NextDouble() < 0.55))
            {
                int burst = rng.Next(10) == 0 ? rng.Next(1, 80) : 1;
                for (int b = 0; b < burst; b++)
                {
                    double time = backwards && rng.Next(6) == 0 ? now - (rng.NextDouble() * 10) : now + NextDelay(rng);
                    int priority = rng.Next(-1, 2);
                    SimEvent e = kept.Count > 0 && rng.Next(2) == 0 ? kept.Pop() : sim.Event();
                    queue.Push(e, time, priority);
                    reference.Add((time, priority, number));
                    events[number++] = e;
                }
            }
            else
            {
                var first = reference.Min;
                reference.Remove(first);
                if (queue.MinTime != first.Time) return false;
                SimEvent popped = queue.Pop();
                if (!ReferenceEquals(popped, events[first.Number])) return false;
                if (rng.Next(2) == 0) queue.Release(popped);
                else kept.Push(popped);
                now = first.Time;
                if (peek && !ReferenceEquals(queue.PeekNext(), reference.Count > 0 ? events[reference.Min.Number] : null)) return false;
            }

            if (queue.Count != reference.Count) return false;
        }

        return true;
    }

    /// <summary>A delay ≥ 0 from a mixture: exponential (mean 1), zero, a coarse grid, very long, very short.</summary>
    private static double NextDelay(Random rng) => rng.Next(8) switch
    {
        0 or 1 or 2 => -Math.Log(1 - rng.NextDouble()),
        3 => 0.0,
        4 => rng.Next(8) * 0.25,
        5 => rng.NextDouble() * 1e6,
        6 => rng.NextDouble() * 1e-9,
        _ => -Math.Log(1 - rng.NextDouble()) * 1e-3,
    };

    private static SimEvent Release(EventQueue queue, SimEvent e)
    {
        queue.Release(e);
        return e;
    }
}
