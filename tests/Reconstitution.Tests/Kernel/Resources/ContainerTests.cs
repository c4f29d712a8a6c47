using FsCheck;
using FsCheck.Fluent;
using Reconstitution.Kernel;
using Reconstitution.Kernel.Resources;

namespace Reconstitution.Tests.Kernel.Resources;

/// <summary>Container semantics: waiting puts and gets, head-of-line order, conservation of the amount.</summary>
public class ContainerTests
{
    [Fact]
    public void Get_WaitsUntilEnoughIsPut()
    {
        var sim = new Simulation();
        var c = new Container(sim, capacity: 10, initialLevel: 1, name: "bags");
        ResourceEvent get = c.Get(3);
        Assert.True(get.IsWaiting);
        sim.Schedule(1, () => c.Put(1));
        sim.Schedule(2, () => c.Put(1.5));
        sim.Run();
        Assert.Equal(2, get.TimeDays);
        Assert.Equal(3.0, get.Value);
        Assert.Equal(0.5, c.Level, 12);
    }

    [Fact]
    public void Put_WaitsForRoom_AndHeadBlocksSmallerGetsBehindIt()
    {
        var sim = new Simulation();
        var c = new Container(sim, capacity: 5, initialLevel: 4);
        ResourceEvent put = c.Put(3);
        Assert.True(put.IsWaiting);
        ResourceEvent big = c.Get(4);      // served at once: level 0, then the put fits: level 3
        Assert.Equal(EventState.Triggered, big.State);
        Assert.Equal(EventState.Triggered, put.State);
        Assert.Equal(3, c.Level);
        ResourceEvent large = c.Get(5);    // waits
        ResourceEvent small = c.Get(1);    // could be served, but waits behind the head
        Assert.True(small.IsWaiting);
        large.Cancel();                    // the head leaves: the small get is served at once
        Assert.Equal(EventState.Triggered, small.State);
        Assert.Equal(2, c.Level);
        sim.Run();
    }

    [Fact]
    public void Amount_IsConserved_AndStaysWithinCapacity()
    {
        // Random puts and gets (some cancelled) at random times: at every change 0 ≤ level ≤ capacity, and at the
        // end level = initial + Σ served puts − Σ served gets.
        var op = from time in Gen.Choose(0, 20) from amount in Gen.Choose(1, 40) from put in Gen.Elements(true, false) from cancelAfter in Gen.Choose(0, 8)
                 select (Time: time * 0.5, Amount: amount * 0.25, Put: put, CancelAfter: cancelAfter);
        Prop.ForAll(Gen.ArrayOf(op).ToArbitrary(), ops =>
        {
            var sim = new Simulation();
            var c = new Container(sim, capacity: 10, initialLevel: 5);
            var events = new List<(ResourceEvent Event, double Amount, bool Put)>();
            bool inRange = true;
            foreach (var o in ops)
            {
                sim.Schedule(o.Time, () =>
                {
                    ResourceEvent e = o.Put ? c.Put(o.Amount) : c.Get(o.Amount);
                    events.Add((e, o.Amount, o.Put));
                    inRange &= c.Level >= 0 && c.Level <= c.Capacity;
                    if (o.CancelAfter > 0) sim.ScheduleAfter(o.CancelAfter, () => { e.Cancel(); inRange &= c.Level >= 0 && c.Level <= c.Capacity; });
                });
            }

            sim.Run();
            double expected = 5 + events.Where(e => e.Event.State != EventState.Pending).Sum(e => e.Put ? e.Amount : -e.Amount);
            bool waitingConsistent = events.Count(e => e.Event.IsWaiting) == c.WaitingCount;
            return inRange && waitingConsistent && Math.Abs(c.Level - expected) < 1e-9;
        }).Check(ResourceProperties.Replay);
    }
}
