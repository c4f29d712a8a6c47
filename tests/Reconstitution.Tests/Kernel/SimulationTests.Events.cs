using Reconstitution.Kernel;

namespace Reconstitution.Tests.Kernel;

public partial class SimulationTests
{
    [Fact]
    public void Event_Lifecycle_PendingTriggeredProcessed()
    {
        var sim = new Simulation();
        SimEvent e = sim.Event("dose");
        Assert.Equal(EventState.Pending, e.State);
        Assert.True(double.IsNaN(e.TimeDays));
        sim.Schedule(2, () => e.Succeed(42));
        sim.Run(2);
        Assert.Equal(EventState.Processed, e.State);
        Assert.Equal(2.0, e.TimeDays);
        Assert.True(e.IsOk);
        Assert.Equal(42, e.Value);
        Assert.Null(e.Failure);
    }

    [Fact]
    public void Succeed_IsTriggeredUntilProcessed()
    {
        var sim = new Simulation();
        SimEvent e = sim.Event();
        e.Succeed();
        Assert.Equal(EventState.Triggered, e.State);
        Assert.Equal(1, sim.QueuedEventCount);
        sim.Run();
        Assert.Equal(EventState.Processed, e.State);
    }

    [Fact]
    public void Succeed_Twice_ThrowsNamingTheEvent()
    {
        var sim = new Simulation();
        SimEvent e = sim.Event("engraftment");
        e.Succeed();
        var ex = Assert.Throws<InvalidOperationException>(() => e.Succeed());
        Assert.Contains("engraftment", ex.Message);
        Assert.Contains("already triggered", ex.Message);
        Assert.Throws<InvalidOperationException>(() => e.Fail(new Exception("x")));
    }

    [Fact]
    public void Succeed_OnTimeoutOrProcess_Throws()
    {
        var sim = new Simulation();
        SimEvent t = sim.Timeout(1);
        Process p = sim.Process(Empty());
        Assert.Throws<InvalidOperationException>(() => t.Succeed());
        Assert.Throws<InvalidOperationException>(() => p.Succeed());
        Assert.Throws<InvalidOperationException>(() => p.Fail(new Exception()));
    }

    [Fact]
    public void PendingEvent_ValueAndIsOk_Throw()
    {
        var sim = new Simulation();
        SimEvent e = sim.Event("x");
        Assert.Throws<InvalidOperationException>(() => e.Value);
        Assert.Throws<InvalidOperationException>(() => e.IsOk);
        Assert.Throws<InvalidOperationException>(() => e.Failure);
    }

    [Fact]
    public void Callbacks_RunInOrderAdded_WhenProcessed()
    {
        var sim = new Simulation();
        SimEvent e = sim.Event();
        var order = new List<int>();
        e.AddCallback(_ => order.Add(1));
        e.AddCallback(_ => order.Add(2));
        e.AddCallback(ev => order.Add(ev.IsOk ? 3 : -3));
        sim.Schedule(1, () => e.Succeed());
        sim.Run();
        Assert.Equal([1, 2, 3], order);
    }

    [Fact]
    public void AddCallback_AfterProcessed_Throws()
    {
        var sim = new Simulation();
        SimEvent e = sim.Event("late");
        e.Succeed();
        sim.Run();
        var ex = Assert.Throws<InvalidOperationException>(() => e.AddCallback(_ => { }));
        Assert.Contains("late", ex.Message);
    }

    [Fact]
    public void Fail_Unhandled_IsRethrownByRun_AndFinishesSimulation()
    {
        var sim = new Simulation();
        SimEvent e = sim.Event();
        sim.Schedule(1, () => e.Fail(new TimeoutException("graft failure")));
        var ex = Assert.Throws<TimeoutException>(() => sim.Run());
        Assert.Equal("graft failure", ex.Message);
        Assert.True(sim.IsFinished);
        Assert.Throws<InvalidOperationException>(() => sim.Run());
    }

    [Fact]
    public void Fail_HandledByCallback_IsNotRethrown()
    {
        var sim = new Simulation();
        SimEvent e = sim.Event();
        Exception? seen = null;
        e.AddCallback(ev => seen = ev.Failure);
        sim.Schedule(1, () => e.Fail(new TimeoutException("x")));
        sim.Run();
        Assert.IsType<TimeoutException>(seen);
    }

    [Fact]
    public void Fail_ObservedByWaitingProcess_IsNotRethrown_AndValueThrows()
    {
        var sim = new Simulation();
        SimEvent e = sim.Event();
        Exception? seen = null;
        InvalidOperationException? valueError = null;
        sim.Process(Waiter());
        sim.Schedule(1, () => e.Fail(new TimeoutException("x")));
        sim.Run();
        Assert.IsType<TimeoutException>(seen);
        Assert.IsType<TimeoutException>(valueError!.InnerException);

        IEnumerable<SimEvent> Waiter()
        {
            yield return e;
            valueError = Assert.Throws<InvalidOperationException>(() => e.Value);
            if (!e.IsOk) seen = e.Failure;
        }
    }

    [Fact]
    public void Fail_WaitingProcessIgnoresFailure_RunThrows()
    {
        var sim = new Simulation();
        SimEvent e = sim.Event();
        sim.Process(Waiter());
        sim.Schedule(1, () => e.Fail(new TimeoutException("ignored")));
        Assert.Throws<TimeoutException>(() => sim.Run());

        IEnumerable<SimEvent> Waiter()
        {
            yield return e;
        }
    }

    [Fact]
    public void CallbackException_EscapesRun_AndFinishesSimulation()
    {
        var sim = new Simulation();
        sim.Schedule(1, () => throw new DivideByZeroException());
        Assert.Throws<DivideByZeroException>(() => sim.Run());
        Assert.True(sim.IsFinished);
        var ex = Assert.Throws<InvalidOperationException>(() => sim.Run(5));
        Assert.Contains("exception", ex.Message);
    }

    [Fact]
    public void ToString_UsesNameOrKindAndTime()
    {
        var sim = new Simulation();
        Assert.Equal("infusion", sim.Event("infusion").ToString());
        Assert.Equal("Event (pending)", sim.Event().ToString());
        Assert.Equal("Timeout at day 2.5", sim.Timeout(2.5).ToString());
    }
}
