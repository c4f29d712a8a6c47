using Reconstitution.Kernel;

namespace Reconstitution.Tests.Kernel;

public partial class SimulationTests
{
    private sealed class RecordingAdvancer(Simulation sim, string name, List<string> log) : IStateAdvancer
    {
        public void AdvanceTo(double timeDays) => log.Add($"{name}:{sim.Now}->{timeDays}");
    }

    [Fact]
    public void Advancers_CalledInAttachOrder_WhenClockMoves_BeforeEvents_AndAtUntil()
    {
        var sim = new Simulation();
        var log = new List<string>();
        sim.AddAdvancer(new RecordingAdvancer(sim, "a", log));
        sim.AddAdvancer(new RecordingAdvancer(sim, "b", log));
        sim.Schedule(0, () => log.Add("event@0"));
        sim.Schedule(2, () => log.Add("event@2"));
        sim.Schedule(2, () => log.Add("event@2'"));
        sim.Run(3);
        Assert.Equal(
            ["event@0", "a:0->2", "b:0->2", "event@2", "event@2'", "a:2->3", "b:2->3"],
            log);
    }

    [Fact]
    public void Advancers_NotCalledWhenRunUntilNow_OrAfterStop()
    {
        var sim = new Simulation(1);
        var log = new List<string>();
        sim.AddAdvancer(new RecordingAdvancer(sim, "a", log));
        sim.Run(1);
        Assert.Empty(log);
        sim.Schedule(2, () => sim.Stop());
        sim.Run(5);
        Assert.Equal(["a:1->2"], log);
    }

    [Fact]
    public void Advancer_SchedulingInsideAdvanceTo_Throws()
    {
        var sim = new Simulation();
        sim.AddAdvancer(new SchedulingAdvancer(sim));
        sim.Schedule(1, () => { });
        var ex = Assert.Throws<InvalidOperationException>(() => sim.Run());
        Assert.Contains("AdvanceTo", ex.Message);
    }

    private sealed class SchedulingAdvancer(Simulation sim) : IStateAdvancer
    {
        public void AdvanceTo(double timeDays) => sim.Timeout(1);
    }

    [Fact]
    public void AddAdvancer_NullOrDuplicate_Throws()
    {
        var sim = new Simulation();
        var a = new RecordingAdvancer(sim, "a", []);
        sim.AddAdvancer(a);
        Assert.Throws<ArgumentException>(() => sim.AddAdvancer(a));
        Assert.Throws<ArgumentNullException>(() => sim.AddAdvancer(null!));
    }

    [Fact]
    public void Advancer_TriggeringOrInterruptingInsideAdvanceTo_ThrowsAndLeavesStateUnchanged()
    {
        var sim = new Simulation();
        SimEvent e = sim.Event("flag");
        Process p = sim.Process(Waiter());
        var advancer = new MeddlingAdvancer(e, p);
        sim.Run(0); // p starts and waits on e
        sim.AddAdvancer(advancer);
        sim.Run(1); // AdvanceTo(1): both attempts throw inside; the advancer swallows them
        Assert.Equal(2, advancer.Failures);
        Assert.Equal(EventState.Pending, e.State);
        e.Succeed();
        sim.Run(2);
        Assert.False(p.IsAlive); // still waiting on e, not detached by the failed interrupt

        IEnumerable<SimEvent> Waiter()
        {
            yield return e;
        }
    }

    private sealed class MeddlingAdvancer(SimEvent e, Process p) : IStateAdvancer
    {
        public int Failures { get; private set; }

        public void AdvanceTo(double timeDays)
        {
            try { e.Succeed(); } catch (InvalidOperationException) { Failures++; }
            try { p.Interrupt(); } catch (InvalidOperationException) { Failures++; }
        }
    }
}

