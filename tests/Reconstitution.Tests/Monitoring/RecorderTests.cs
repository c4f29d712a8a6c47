using Reconstitution.Kernel;
using Reconstitution.Monitoring;

namespace Reconstitution.Tests.Monitoring;

public class RecorderTests
{
    [Fact]
    public void Record_AtEventTimes_FillsNamedSeries()
    {
        var sim = new Simulation();
        var recorder = new Recorder();
        double cells = 100;
        sim.Schedule(1, () => { cells *= 2; recorder.Record("cells", sim.Now, cells); });
        sim.Schedule(3, () => { cells -= 50; recorder.Record("cells", sim.Now, cells); });
        sim.Run();
        Assert.True(recorder.TryGetSeries("cells", out TimeSeries? s));
        Assert.Equal([1.0, 3.0], s.TimesDays.ToArray());
        Assert.Equal([200.0, 150.0], s.Values.ToArray());
    }

    [Fact]
    public void Series_SameName_ReturnsSameInstance_InFirstUseOrder()
    {
        var recorder = new Recorder();
        TimeSeries b = recorder.Series("b");
        TimeSeries a = recorder.Series("a");
        Assert.Same(b, recorder.Series("b"));
        Assert.Equal([b, a], recorder.AllSeries);
    }

    [Fact]
    public void SampleEvery_SamplesOnGrid_AfterOtherEventsAtSameTime_UpToUntilInclusive()
    {
        var sim = new Simulation(-1);
        var recorder = new Recorder();
        double level = 0;
        sim.Schedule(1, () => level = 10); // at a sampling time: the sample must see 10
        recorder.SampleEvery(sim, 0.5, 1.5, "level", () => level);
        sim.Run();
        TimeSeries s = recorder.Series("level");
        Assert.Equal([-1.0, -0.5, 0.0, 0.5, 1.0, 1.5], s.TimesDays.ToArray());
        Assert.Equal([0.0, 0, 0, 0, 10, 10], s.Values.ToArray());
        Assert.True(sim.IsFinished); // bounded: Run() ends
    }

    [Fact]
    public void SampleEvery_ManyIntervals_DoesNotDrift()
    {
        // 0.1 is not exact in binary; t0 + k·Δ keeps the k-th time within one rounding of k/10.
        var sim = new Simulation();
        var recorder = new Recorder();
        recorder.SampleEvery(sim, 0.1, 1000, "x", () => 0);
        sim.Run();
        TimeSeries s = recorder.Series("x");
        Assert.Equal(10_001, s.Count);
        Assert.Equal(1000.0, s.TimesDays[^1], 9);
    }

    [Fact]
    public void Disabled_RecordsAndSchedulesNothing()
    {
        var sim = new Simulation();
        var recorder = new Recorder(enabled: false);
        recorder.Record("x", 0, 1);
        recorder.SampleEvery(sim, 1, 10, "y", () => 1);
        Assert.Empty(recorder.AllSeries);
        Assert.Equal(0, sim.QueuedEventCount);
        Assert.Throws<ArgumentOutOfRangeException>(() => recorder.SampleEvery(sim, 0, 10, "y", () => 1));
    }

    [Theory]
    [InlineData(0.0, 10.0)]
    [InlineData(-1.0, 10.0)]
    [InlineData(double.NaN, 10.0)]
    [InlineData(1.0, -1.0)]
    [InlineData(1.0, double.NaN)]
    public void SampleEvery_BadArguments_Throw(double interval, double until)
    {
        var sim = new Simulation();
        Assert.Throws<ArgumentOutOfRangeException>(() => new Recorder().SampleEvery(sim, interval, until, "x", () => 0));
    }

    [Fact]
    public void Sampling_Every_AllocatesNothingPerSample()
    {
        var sim = new Simulation();
        int samples = 0;
        Sampling.Every(sim, 0.01, 1_000, _ => samples++);
        sim.Run(10); // warm up
        long before = GC.GetAllocatedBytesForCurrentThread();
        sim.Run(500);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(50_001, samples);
    }

    [Fact]
    public void Sampling_Interrupted_StaysOnGrid()
    {
        var sim = new Simulation();
        var times = new List<double>();
        Process sampler = Sampling.Every(sim, 1, 3, times.Add);
        sim.Schedule(1.5, () => sampler.Interrupt());
        sim.Run();
        Assert.Equal([0.0, 1.0, 2.0, 3.0], times);
    }
}

