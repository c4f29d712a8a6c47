using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Reconstitution.Kernel;
using Reconstitution.Randomness;

namespace Reconstitution.Benchmarks;

/// <summary>
/// The "timeout chain": 1,000 concurrent processes, each looping
/// <c>yield return sim.Timeout(Exp(mean 1 day))</c>, 10⁷ timeouts in total; against a bare
/// <see cref="PriorityQueue{TElement, TPriority}"/> loop doing the same work (same random stream,
/// same draws, one dequeue and one enqueue per event) with no kernel around it.
/// </summary>
/// <remarks>
/// Every benchmark declares <c>OperationsPerInvoke = 10⁷</c>, so Mean is nanoseconds per event
/// and Allocated is bytes per event (setup of the 1,000 processes included, amortised).
/// The Ratio column is kernel time / baseline time; throughput relative to the baseline is its inverse.
/// </remarks>
[MemoryDiagnoser]
[Config(typeof(EventsPerSecondConfig))]
public class KernelBenchmarks
{
    public const int Processes = 1_000;
    public const int TotalEvents = 10_000_000;
    private const int EventsPerProcess = TotalEvents / Processes;
    private const double MeanDelayDays = 1.0;

    [Benchmark(Baseline = true, OperationsPerInvoke = TotalEvents)]
    public double PriorityQueueBaseline()
    {
        var rng = RandomStream.Create(2026, 0, "kernel-benchmark");
        var queue = new PriorityQueue<int, double>(Processes);
        var remaining = new int[Processes];
        for (int i = 0; i < Processes; i++)
        {
            remaining[i] = EventsPerProcess;
            queue.Enqueue(i, 0.0); // each "process" starts at time 0, as in the kernel
        }

        double now = 0;
        while (queue.TryDequeue(out int id, out double time))
        {
            now = time;
            if (remaining[id]-- > 0) queue.Enqueue(id, now + rng.NextExponential(1.0 / MeanDelayDays));
        }

        return now;
    }

    [Benchmark(OperationsPerInvoke = TotalEvents)]
    public double KernelTimeoutChain()
    {
        var rng = RandomStream.Create(2026, 0, "kernel-benchmark");
        var sim = new Simulation();
        for (int i = 0; i < Processes; i++) sim.Process(Chain(sim, rng, EventsPerProcess));
        sim.Run();
        return sim.Now;
    }

    private static IEnumerable<SimEvent> Chain(Simulation sim, RandomStream rng, int count)
    {
        for (int k = 0; k < count; k++) yield return sim.Timeout(rng.NextExponential(1.0 / MeanDelayDays));
    }

    private sealed class EventsPerSecondConfig : ManualConfig
    {
        public EventsPerSecondConfig() => AddColumn(new ThroughputColumn("Events/s", "Processed events per second (millions), from the mean time per event"));
    }
}
