using Reconstitution.Kernel;

namespace Reconstitution.Tests.Kernel;

public partial class SimulationTests
{
    [Fact]
    public void Constructor_Default_StartsAtZero()
    {
        var sim = new Simulation();
        Assert.Equal(0.0, sim.Now);
        Assert.Equal(0, sim.ProcessedEventCount);
        Assert.False(sim.IsFinished);
    }

    [Fact]
    public void Constructor_NegativeStart_IsAllowed()
    {
        var sim = new Simulation(-7);
        Assert.Equal(-7.0, sim.Now);
    }

    [Fact]
    public void Run_ProcessesEventsInTimeOrder_AndAdvancesClock()
    {
        var sim = new Simulation();
        var seen = new List<double>();
        sim.Schedule(3, () => seen.Add(sim.Now));
        sim.Schedule(1, () => seen.Add(sim.Now));
        sim.Schedule(2, () => seen.Add(sim.Now));
        sim.Run();
        Assert.Equal([1.0, 2.0, 3.0], seen);
        Assert.Equal(3.0, sim.Now);
        Assert.Equal(3, sim.ProcessedEventCount);
        Assert.True(sim.IsFinished);
    }

    [Fact]
    public void RunUntil_ProcessesEventsAtUntilInclusive_AndNotLater()
    {
        var sim = new Simulation();
        var seen = new List<double>();
        foreach (double t in new[] { 1.0, 2.0, 2.0, 2.5 }) sim.Schedule(t, () => seen.Add(sim.Now));
        sim.Run(2.0);
        Assert.Equal([1.0, 2.0, 2.0], seen);
        Assert.Equal(2.0, sim.Now);
        Assert.Equal(1, sim.QueuedEventCount);
    }

    [Fact]
    public void RunUntil_EmptyQueue_MovesClockToUntil_AndCanContinue()
    {
        var sim = new Simulation();
        sim.Run(10);
        Assert.Equal(10.0, sim.Now);
        Assert.False(sim.IsFinished);
        sim.Schedule(12, () => { });
        sim.Run(20);
        Assert.Equal(20.0, sim.Now);
        Assert.Equal(1, sim.ProcessedEventCount);
    }

    [Fact]
    public void RunUntil_Now_ProcessesEventsAtNowOnly()
    {
        var sim = new Simulation(5);
        int count = 0;
        sim.Schedule(5, () => count++);
        sim.Schedule(6, () => count++);
        sim.Run(5);
        Assert.Equal(1, count);
        Assert.Equal(5.0, sim.Now);
    }

    [Fact]
    public void Stop_InsideCallback_EndsRunAfterCurrentEvent_AndFinishes()
    {
        var sim = new Simulation();
        var seen = new List<int>();
        sim.Schedule(1, () => seen.Add(1));
        sim.Schedule(2, () => { seen.Add(2); sim.Stop(); });
        sim.Schedule(2, () => seen.Add(3));
        sim.Schedule(4, () => seen.Add(4));
        sim.Run(10);
        Assert.Equal([1, 2], seen);
        Assert.Equal(2.0, sim.Now); // a stopped Run(until) does not move the clock to until
        Assert.True(sim.IsFinished);
    }

    [Fact]
    public void Stop_OutsideRun_FinishesSimulation()
    {
        var sim = new Simulation();
        sim.Schedule(1, () => { });
        sim.Stop();
        Assert.True(sim.IsFinished);
        Assert.Throws<InvalidOperationException>(() => sim.Run());
    }

    [Fact]
    public void ScheduleAfter_RunsAtNowPlusDelay()
    {
        var sim = new Simulation(2);
        double at = double.NaN;
        sim.ScheduleAfter(1.5, () => at = sim.Now);
        sim.Run();
        Assert.Equal(3.5, at);
    }

    [Fact]
    public void Schedule_ReturnsEventThatProcessesCanWaitFor()
    {
        var sim = new Simulation();
        var order = new List<string>();
        SimEvent e = sim.Schedule(4, () => order.Add("callback"));
        sim.Process(Waiter());
        sim.Run();
        Assert.Equal(["callback", "resumed at 4"], order);

        IEnumerable<SimEvent> Waiter()
        {
            yield return e;
            order.Add($"resumed at {sim.Now}");
        }
    }
}
