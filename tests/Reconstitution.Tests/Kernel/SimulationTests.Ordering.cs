using Reconstitution.Kernel;

namespace Reconstitution.Tests.Kernel;

public partial class SimulationTests
{
    [Fact]
    public void SameTime_LowerPriorityFirst_ThenInsertionOrder()
    {
        var sim = new Simulation();
        var order = new List<string>();
        sim.Schedule(1, () => order.Add("p0-a"));
        sim.Schedule(1, () => order.Add("p5"), priority: 5);
        sim.Schedule(1, () => order.Add("p-1"), priority: -1);
        sim.Schedule(1, () => order.Add("p0-b"));
        sim.Schedule(0.5, () => order.Add("earlier"), priority: 100);
        sim.Run();
        Assert.Equal(["earlier", "p-1", "p0-a", "p0-b", "p5"], order);
    }

    [Fact]
    public void SameTime_EventTriggeredDuringProcessing_RunsAfterQueuedEqualPriority()
    {
        var sim = new Simulation();
        var order = new List<string>();
        SimEvent e = sim.Event();
        e.AddCallback(_ => order.Add("triggered-event"));
        sim.Schedule(1, () => { order.Add("first"); e.Succeed(); });
        sim.Schedule(1, () => order.Add("second"));
        sim.Run();
        Assert.Equal(["first", "second", "triggered-event"], order);
    }

    [Fact]
    public void Succeed_WithUrgentPriority_JumpsAheadOfQueuedEventsAtSameTime()
    {
        var sim = new Simulation();
        var order = new List<string>();
        SimEvent e = sim.Event();
        e.AddCallback(_ => order.Add("urgent"));
        sim.Schedule(1, () => { order.Add("first"); e.Succeed(priority: -1); });
        sim.Schedule(1, () => order.Add("second"));
        sim.Run();
        Assert.Equal(["first", "urgent", "second"], order);
    }

    [Fact]
    public void ProcessesStartedTogether_ResumeInStartOrder()
    {
        var sim = new Simulation();
        var order = new List<int>();
        for (int i = 0; i < 5; i++) sim.Process(Body(i));
        sim.Run();
        Assert.Equal([0, 1, 2, 3, 4, 0, 1, 2, 3, 4], order);

        IEnumerable<SimEvent> Body(int id)
        {
            order.Add(id);
            yield return sim.Timeout(1);
            order.Add(id);
        }
    }
}
