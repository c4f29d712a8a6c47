using Reconstitution.Kernel;
using Reconstitution.Randomness;

namespace Reconstitution.Tests.Kernel;

public partial class SimulationTests
{
    [Fact]
    public void Timeout_YieldedByProcess_IsRecycledAfterProcessing()
    {
        var sim = new Simulation();
        var seen = new List<SimEvent>();
        sim.Process(Body());
        sim.Run();
        // The second timeout is made while the first is still being processed (the process
        // resumes inside its processing), so it is a new object; the third reuses the first.
        Assert.NotSame(seen[0], seen[1]);
        Assert.Same(seen[0], seen[2]);

        IEnumerable<SimEvent> Body()
        {
            for (int i = 0; i < 3; i++)
            {
                SimEvent t = sim.Timeout(1);
                seen.Add(t);
                yield return t;
            }
        }
    }

    [Fact]
    public void Timeout_WithUserCallback_IsNotRecycled()
    {
        var sim = new Simulation();
        SimEvent kept = sim.Timeout(1);
        kept.AddCallback(_ => { });
        sim.Run(2);
        SimEvent next = sim.Timeout(1);
        Assert.NotSame(kept, next);
        Assert.Equal(EventState.Processed, kept.State);
        Assert.Equal(1.0, kept.TimeDays);
    }

    [Fact]
    public void TimeoutChain_SteadyState_AllocatesNothingPerEvent()
    {
        var sim = new Simulation();
        var rng = RandomStream.Create(1, 0, "pooling-test");
        for (int i = 0; i < 100; i++) sim.Process(Chain());
        sim.Run(50); // warm up: pool filled, code jitted
        long before = GC.GetAllocatedBytesForCurrentThread();
        long eventsBefore = sim.ProcessedEventCount;
        sim.Run(150);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(sim.ProcessedEventCount - eventsBefore > 5_000);
        Assert.Equal(0, allocated);

        IEnumerable<SimEvent> Chain()
        {
            while (true) yield return sim.Timeout(rng.NextExponential(1.0));
        }
    }
}
