using Reconstitution.Kernel;

namespace Reconstitution.Tests.Kernel;

public partial class SimulationTests
{
    [Fact]
    public void AnyOf_SucceedsAtFirstChild_WithThatChildAsValue()
    {
        var sim = new Simulation();
        SimEvent slow = sim.Timeout(5);
        SimEvent fast = sim.Timeout(2);
        SimEvent any = sim.AnyOf(slow, fast);
        double at = double.NaN;
        any.AddCallback(_ => at = sim.Now);
        sim.Run();
        Assert.Equal(2.0, at);
        Assert.Same(fast, any.Value);
        // Children of a condition are never recycled: still readable after the run.
        Assert.Equal(EventState.Processed, slow.State);
        Assert.Equal(5.0, slow.TimeDays);
    }

    [Fact]
    public void AllOf_SucceedsWhenLastChildIsProcessed()
    {
        var sim = new Simulation();
        SimEvent all = sim.AllOf(new List<SimEvent> { sim.Timeout(1), sim.Timeout(4), sim.Timeout(3) });
        double at = double.NaN;
        all.AddCallback(_ => at = sim.Now);
        sim.Run();
        Assert.Equal(4.0, at);
        Assert.Null(all.Value);
    }

    [Fact]
    public void AnyOfAndAllOf_Empty_SucceedAtOnce()
    {
        var sim = new Simulation(3);
        SimEvent any = sim.AnyOf();
        SimEvent all = sim.AllOf();
        sim.Run();
        Assert.Equal(3.0, any.TimeDays);
        Assert.Equal(3.0, all.TimeDays);
        Assert.True(any.IsOk && all.IsOk);
    }

    [Fact]
    public void AllOf_WithProcessedChild_CountsIt()
    {
        var sim = new Simulation();
        SimEvent early = sim.Event();
        early.Succeed();
        sim.Run(1);
        SimEvent all = sim.AllOf(early, sim.Timeout(1));
        sim.Run();
        Assert.Equal(2.0, all.TimeDays);
    }

    [Fact]
    public void AllOf_ChildFails_ConditionFailsWithChildFailure()
    {
        var sim = new Simulation();
        SimEvent bad = sim.Event();
        SimEvent all = sim.AllOf(bad, sim.Timeout(3));
        Exception? seen = null;
        all.AddCallback(e => seen = e.Failure);
        sim.Schedule(1, () => bad.Fail(new FormatException("child")));
        sim.Run();
        Assert.IsType<FormatException>(seen);
        Assert.Equal(1.0, all.TimeDays);
    }

    [Fact]
    public void AnyOf_ChildFailsUnobserved_RunRethrows()
    {
        var sim = new Simulation();
        SimEvent bad = sim.Event();
        sim.AnyOf(bad, sim.Timeout(3));
        sim.Schedule(1, () => bad.Fail(new FormatException("child")));
        Assert.Throws<FormatException>(() => sim.Run());
    }

    [Fact]
    public void AnyOf_BadChildren_Throw()
    {
        var sim = new Simulation();
        var other = new Simulation();
        var ex = Assert.Throws<ArgumentException>(() => sim.AnyOf(sim.Timeout(1), other.Event()));
        Assert.Equal("events", ex.ParamName);
        Assert.Contains("index 1", Assert.Throws<ArgumentNullException>(() => sim.AllOf(sim.Timeout(1), null!)).Message);
        Assert.Throws<ArgumentNullException>(() => sim.AllOf((IEnumerable<SimEvent>)null!));
    }

    [Fact]
    public void Process_WaitsOnAnyOf_ResumesAtFirst()
    {
        var sim = new Simulation();
        object? first = null;
        SimEvent timeout = sim.Timeout(7);
        SimEvent signal = sim.Event("signal");
        sim.Process(Body());
        sim.Schedule(2, () => signal.Succeed("ok"));
        sim.Run();
        Assert.Same(signal, first);

        IEnumerable<SimEvent> Body()
        {
            SimEvent any = sim.AnyOf(timeout, signal);
            yield return any;
            first = any.Value;
        }
    }
}
