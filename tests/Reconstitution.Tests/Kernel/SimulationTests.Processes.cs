using Reconstitution.Kernel;

namespace Reconstitution.Tests.Kernel;

public partial class SimulationTests
{
    private static IEnumerable<SimEvent> Empty()
    {
        yield break;
    }

    [Fact]
    public void Process_StartsAtNow_AndWaitsForTimeouts()
    {
        var sim = new Simulation(1);
        var times = new List<double>();
        Process p = sim.Process(Body());
        Assert.True(p.IsAlive);
        Assert.Equal(EventState.Pending, p.State);
        sim.Run();
        Assert.Equal([1.0, 3.0, 3.0, 7.0], times);
        Assert.False(p.IsAlive);
        Assert.Equal(EventState.Processed, p.State);
        Assert.True(p.IsOk);

        IEnumerable<SimEvent> Body()
        {
            times.Add(sim.Now);
            yield return sim.Timeout(2);
            times.Add(sim.Now);
            yield return sim.Timeout(0);
            times.Add(sim.Now);
            yield return sim.Timeout(4);
            times.Add(sim.Now);
        }
    }

    [Fact]
    public void Process_CanWaitForAnotherProcess()
    {
        var sim = new Simulation();
        var log = new List<string>();
        Process child = sim.Process(Child(), "child");
        sim.Process(Parent());
        sim.Run();
        Assert.Equal(["child done at 5", "parent resumed at 5"], log);

        IEnumerable<SimEvent> Child()
        {
            yield return sim.Timeout(5);
            log.Add($"child done at {sim.Now}");
        }

        IEnumerable<SimEvent> Parent()
        {
            yield return child;
            log.Add($"parent resumed at {sim.Now}");
        }
    }

    [Fact]
    public void Process_BodyThrows_WaiterSeesFailure()
    {
        var sim = new Simulation();
        Exception? seen = null;
        Process failing = sim.Process(Failing());
        sim.Process(Waiter());
        sim.Run();
        Assert.IsType<ArithmeticException>(seen);

        IEnumerable<SimEvent> Failing()
        {
            yield return sim.Timeout(1);
            throw new ArithmeticException("boom");
        }

        IEnumerable<SimEvent> Waiter()
        {
            yield return failing;
            seen = failing.Failure;
        }
    }

    [Fact]
    public void Process_BodyThrows_NobodyWaits_RunRethrows()
    {
        var sim = new Simulation();
        sim.Process(Failing());
        var ex = Assert.Throws<ArithmeticException>(() => sim.Run());
        Assert.Equal("boom", ex.Message);

        IEnumerable<SimEvent> Failing()
        {
            yield return sim.Timeout(1);
            throw new ArithmeticException("boom");
        }
    }

    [Fact]
    public void Process_YieldsProcessedEvent_ContinuesAtOnce()
    {
        var sim = new Simulation();
        SimEvent done = sim.Event();
        var times = new List<double>();
        sim.Process(Body());
        sim.Run();
        Assert.Equal([2.0, 2.0], times);

        IEnumerable<SimEvent> Body()
        {
            done.Succeed();
            yield return sim.Timeout(2);
            times.Add(sim.Now);
            yield return done; // processed at day 0 already
            times.Add(sim.Now);
        }
    }

    [Fact]
    public void ActiveProcess_IsTheRunningProcess_AndNullOutside()
    {
        var sim = new Simulation();
        Process? inside = null;
        Process? inCallback = sim.ActiveProcess;
        Process p = sim.Process(Body());
        sim.Schedule(0.5, () => inCallback = sim.ActiveProcess);
        sim.Run();
        Assert.Same(p, inside);
        Assert.Null(inCallback);
        Assert.Null(sim.ActiveProcess);

        IEnumerable<SimEvent> Body()
        {
            inside = sim.ActiveProcess;
            yield return sim.Timeout(1);
        }
    }

    [Fact]
    public void Process_YieldsNull_RunThrowsNamingProcess()
    {
        var sim = new Simulation();
        sim.Process(Body(), "bad-process");
        var ex = Assert.Throws<InvalidOperationException>(() => sim.Run());
        Assert.Contains("bad-process", ex.Message);
        Assert.Contains("null", ex.Message);

        IEnumerable<SimEvent> Body()
        {
            yield return null!;
        }
    }

    [Fact]
    public void Process_YieldsEventOfAnotherSimulation_RunThrows()
    {
        var sim = new Simulation();
        var other = new Simulation();
        sim.Process(Body(), "p");
        var ex = Assert.Throws<InvalidOperationException>(() => sim.Run());
        Assert.Contains("another Simulation", ex.Message);

        IEnumerable<SimEvent> Body()
        {
            yield return other.Event("foreign");
        }
    }

    [Fact]
    public void Process_YieldsItself_RunThrows()
    {
        var sim = new Simulation();
        Process? self = null;
        self = sim.Process(Body(), "narcissus");
        var ex = Assert.Throws<InvalidOperationException>(() => sim.Run());
        Assert.Contains("itself", ex.Message);

        IEnumerable<SimEvent> Body()
        {
            yield return self!;
        }
    }

    [Fact]
    public void Process_WaitingForeverOnPendingEvent_RunReturns()
    {
        // Nothing hangs: a process that waits on an event nobody triggers just stays suspended.
        var sim = new Simulation();
        Process p = sim.Process(Body());
        sim.Run();
        Assert.True(p.IsAlive);
        Assert.True(sim.IsFinished);

        IEnumerable<SimEvent> Body()
        {
            yield return sim.Event("never");
        }
    }

    [Fact]
    public void Process_NullBody_Throws()
    {
        var sim = new Simulation();
        Assert.Throws<ArgumentNullException>(() => sim.Process(null!));
    }
}
