using Reconstitution.Kernel;
using Reconstitution.Kernel.Resources;
using Reconstitution.Monitoring;

namespace Reconstitution.Tests.Kernel.Resources;

/// <summary>The resource monitor's exact time-weighted statistics and its series.</summary>
public class ResourceMonitorTests
{
    [Fact]
    public void Monitor_HandComputedScenario_ExactMeansAndWaits()
    {
        // Capacity 2. A holds [0, 4), B holds [1, 3), C requests at 2, waits until 3, holds [3, 5).
        // Level: 1 on [0,1), 2 on [1,4), 1 on [4,5) → mean 8/5; utilisation 0.8. Queue: 1 on [2,3) → mean 0.2.
        // Waits 0, 0, 1 → mean 1/3, SD √(1/3).
        var sim = new Simulation();
        var res = new Resource(sim, 2, "beds");
        var recorder = new Recorder();
        var monitor = new ResourceMonitor(res, recorder);
        sim.Process(Hold(0, 4));
        sim.Process(Hold(1, 2));
        sim.Process(Hold(2, 2));
        sim.Run();
        Assert.Equal(5, monitor.ObservedDays);
        Assert.Equal(1.6, monitor.MeanLevel, 12);
        Assert.Equal(0.8, monitor.Utilisation, 12);
        Assert.Equal(0.2, monitor.MeanQueueLength, 12);
        Assert.Equal(2, monitor.MaxLevel);
        Assert.Equal(1, monitor.MaxQueueLength);
        Assert.Equal(3, monitor.WaitCount);
        Assert.Equal(1.0 / 3.0, monitor.MeanWaitDays, 12);
        Assert.Equal(Math.Sqrt(1.0 / 3.0), monitor.WaitStandardDeviationDays, 12);
        Assert.Equal(1, monitor.MaxWaitDays);
        Assert.True(recorder.TryGetSeries("beds.level", out TimeSeries? level));
        Assert.Equal(0, level.TimesDays[0]);
        Assert.Equal(0, level.Values[^1]);
        Assert.True(recorder.TryGetSeries("beds.wait", out TimeSeries? wait));
        Assert.Equal([0.0, 0.0, 1.0], wait.Values.ToArray());

        IEnumerable<SimEvent> Hold(double arrival, double hold)
        {
            yield return sim.Timeout(arrival);
            using ResourceRequest req = res.Request();
            yield return req;
            yield return sim.Timeout(hold);
        }
    }

    [Fact]
    public void Monitor_SecondOnSameResource_Throws_AndUnlimitedContainerHasNoUtilisation()
    {
        var sim = new Simulation();
        var c = new Container(sim, name: "stock");
        var monitor = new ResourceMonitor(c);
        var ex = Assert.Throws<InvalidOperationException>(() => new ResourceMonitor(c));
        Assert.Contains("'stock'", ex.Message);
        Assert.True(double.IsNaN(monitor.Utilisation));
        Assert.True(double.IsNaN(monitor.MeanWaitDays));
    }
}
