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

    private static SimEvent Release(EventQueue queue, SimEvent e)
    {
        queue.Release(e);
        return e;
    }
}
