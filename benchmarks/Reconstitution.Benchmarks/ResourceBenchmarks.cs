using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Reconstitution.Kernel;
using Reconstitution.Kernel.Resources;
using Reconstitution.Randomness;

namespace Reconstitution.Benchmarks;

/// <summary>
/// An M/M/10 queue at ρ = 0.9 (λ = 9, μ = 1 per day), 2×10⁶ customers, each a process: on the kernel's
/// <see cref="Resource"/> (request, wait, hold, release), against the same workload on bare events (a hand-made
/// busy counter and a FIFO queue of plain events, the release handing the server to the head of the queue).
/// </summary>
/// <remarks>
/// Both use the same random stream and draws, so they simulate the same customers and return the same total wait.
/// <c>OperationsPerInvoke = 2×10⁶</c>: Mean is nanoseconds per customer, Allocated bytes per customer. The Ratio
/// column is Resource time / bare time; throughput relative to the bare version is its inverse (goal ≥ 0.8).
/// </remarks>
[MemoryDiagnoser]
[Config(typeof(CustomersPerSecondConfig))]
public class ResourceBenchmarks
{
    public const int Customers = 2_000_000;
    private const int Servers = 10;
    private const double ArrivalRate = 9.0, ServiceRate = 1.0;

    [Benchmark(Baseline = true, OperationsPerInvoke = Customers)]
    public double BareEvents()
    {
        var rng = RandomStream.Create(2026, 0, "resource-benchmark");
        var sim = new Simulation();
        int busy = 0;
        var waiting = new Queue<SimEvent>();
        double totalWait = 0;
        sim.Process(Arrivals(sim, rng, Customer));
        sim.Run();
        return totalWait;

        IEnumerable<SimEvent> Customer(double service)
        {
            double arrival = sim.Now;
            if (busy < Servers)
            {
                busy++;
            }
            else
            {
                SimEvent turn = sim.Event();
                waiting.Enqueue(turn);
                yield return turn; // the releasing customer hands its server over
            }

            totalWait += sim.Now - arrival;
            yield return sim.Timeout(service);
            if (waiting.Count > 0) waiting.Dequeue().Succeed();
            else busy--;
        }
    }

    [Benchmark(OperationsPerInvoke = Customers)]
    public double Resource()
    {
        var rng = RandomStream.Create(2026, 0, "resource-benchmark");
        var sim = new Simulation();
        var servers = new Resource(sim, Servers, "servers");
        double totalWait = 0;
        sim.Process(Arrivals(sim, rng, Customer));
        sim.Run();
        return totalWait;

        IEnumerable<SimEvent> Customer(double service)
        {
            ResourceRequest request = servers.Request();
            yield return request;
            totalWait += sim.Now - request.RequestedAtDays;
            yield return sim.Timeout(service);
            servers.Release(request);
        }
    }

    /// <summary>Poisson arrivals: each customer is a process given its exponential service time.</summary>
    private static IEnumerable<SimEvent> Arrivals(Simulation sim, RandomStream rng, Func<double, IEnumerable<SimEvent>> customer)
    {
        for (int i = 0; i < Customers; i++)
        {
            yield return sim.Timeout(rng.NextExponential(ArrivalRate));
            sim.Process(customer(rng.NextExponential(ServiceRate)));
        }
    }

    private sealed class CustomersPerSecondConfig : ManualConfig
    {
        public CustomersPerSecondConfig() => AddColumn(new ThroughputColumn("Customers/s", "Customers served per second (millions), from the mean time per customer"));
    }
}
