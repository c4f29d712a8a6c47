using Reconstitution.Kernel;

namespace Reconstitution.Tests.Kernel;

public partial class SimulationTests
{
    [Theory]
    [InlineData(-1.0)]
    [InlineData(-1e-300)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Timeout_BadDelay_ThrowsNamingArgumentAndValue(double delay)
    {
        var sim = new Simulation();
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => sim.Timeout(delay));
        Assert.Equal("delayDays", ex.ParamName);
        Assert.Contains("'delayDays'", ex.Message);
        Assert.Contains("[0, +∞)", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => sim.ScheduleAfter(delay, () => { }));
    }

    [Fact]
    public void Timeout_ZeroDelay_IsAllowed()
    {
        var sim = new Simulation(4);
        Assert.Equal(4.0, sim.Timeout(0).TimeDays);
    }

    [Fact]
    public void Timeout_DelayOverflowingClock_Throws()
    {
        var sim = new Simulation(double.MaxValue / 2);
        Assert.Throws<ArgumentOutOfRangeException>(() => sim.Timeout(double.MaxValue));
    }

    [Fact]
    public void Schedule_InThePast_ThrowsWithValueAndAllowedRange()
    {
        var sim = new Simulation(5);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => sim.Schedule(4.5, () => { }));
        Assert.Equal("timeDays", ex.ParamName);
        Assert.Contains("4.5", ex.Message);
        Assert.Contains("[5, +∞) days", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => sim.Schedule(double.NaN, () => { }));
        Assert.Throws<ArgumentOutOfRangeException>(() => sim.Schedule(double.PositiveInfinity, () => { }));
        Assert.Throws<ArgumentNullException>(() => sim.Schedule(6, null!));
    }

    [Fact]
    public void RunUntil_BeforeNow_Throws()
    {
        var sim = new Simulation(10);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => sim.Run(9));
        Assert.Equal("untilDays", ex.ParamName);
        Assert.Contains("9", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => sim.Run(double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => sim.Run(double.PositiveInfinity));
    }

    [Fact]
    public void Run_AfterQueueExhausted_ThrowsSayingWhy()
    {
        var sim = new Simulation();
        sim.Schedule(1, () => { });
        sim.Run();
        var ex = Assert.Throws<InvalidOperationException>(() => sim.Run());
        Assert.Contains("finished", ex.Message);
        Assert.Contains("queue exhausted", ex.Message);
        Assert.Throws<InvalidOperationException>(() => sim.Run(2));
    }

    [Fact]
    public void Run_AfterStop_Throws()
    {
        var sim = new Simulation();
        sim.Schedule(1, () => sim.Stop());
        sim.Schedule(2, () => { });
        sim.Run();
        var ex = Assert.Throws<InvalidOperationException>(() => sim.Run());
        Assert.Contains("Stop()", ex.Message);
    }

    [Fact]
    public void Run_FromInsideCallback_Throws()
    {
        var sim = new Simulation();
        InvalidOperationException? error = null;
        sim.Schedule(1, () => error = Assert.Throws<InvalidOperationException>(() => sim.Run()));
        sim.Run();
        Assert.Contains("already running", error!.Message);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Constructor_NonFiniteStart_Throws(double start)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new Simulation(start));
        Assert.Equal("startTimeDays", ex.ParamName);
    }
}
