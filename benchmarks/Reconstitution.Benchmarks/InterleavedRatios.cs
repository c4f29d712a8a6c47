using System.Diagnostics;
using System.Globalization;
using Reconstitution.Compartments;
using Reconstitution.Compartments.Solvers;
using Reconstitution.Randomness;

namespace Reconstitution.Benchmarks;

/// <summary>
/// The ratios of issue 15 on a loaded machine: each pair (engine, its limit) runs alternately for a number of rounds
/// and keeps the smallest CPU time of each, which filters out most of the interference of other processes (they only
/// ever add time). <c>dotnet run -c Release --project benchmarks/Reconstitution.Benchmarks -- interleaved [rounds] [filter]</c>;
/// with a filter, only the pairs whose name contains it (case-insensitive), e.g. <c>kernel</c>.
/// </summary>
internal static class InterleavedRatios
{
    public static void Run(int rounds, string? filter = null)
    {
        var ssa = new ExactSsaBenchmarks();
        ssa.Setup();
        var kernel = new KernelBenchmarks();
        (string Name, Func<double> Limit, Func<double> Engine)[] pairs =
        [
            ("exact SSA, A (immigration-death)", () => ssa.ImmigrationDeathSpecialised(), () => ssa.ImmigrationDeathDirect()),
            ("exact SSA, B (stem-cell chain)", () => ssa.StemCellChainSpecialised(), () => ssa.StemCellChainDirect()),
            ("exact SSA, A, without generated code", () => ssa.ImmigrationDeathSpecialised(), () => ssa.ImmigrationDeathDirectArrays()),
            ("exact SSA, B, without generated code", () => ssa.StemCellChainSpecialised(), () => ssa.StemCellChainDirectArrays()),
            ("kernel timeout chain vs PriorityQueue", () => kernel.PriorityQueueBaseline(), () => kernel.KernelTimeoutChain()),
        ];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{rounds} interleaved rounds, minimum CPU time of each; load before: {Load()}"));
        foreach (var (name, limit, engine) in pairs)
        {
            if (filter is not null && !name.Contains(filter, StringComparison.OrdinalIgnoreCase)) continue;
            double bestLimit = double.MaxValue, bestEngine = double.MaxValue;
            for (int r = 0; r < rounds; r++)
            {
                bestLimit = Math.Min(bestLimit, CpuMilliseconds(limit));
                bestEngine = Math.Min(bestEngine, CpuMilliseconds(engine));
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-40} limit {bestLimit,8:F1} ms   engine {bestEngine,8:F1} ms   engine throughput / limit throughput = {bestLimit / bestEngine:F2}"));
        }
        if (filter is null || "exact SSA".Contains(filter, StringComparison.OrdinalIgnoreCase))
        {
            foreach (var (name, network) in new[] { ("A", ExactSsaNetworks.ImmigrationDeath()), ("B", ExactSsaNetworks.StemCellChain()) })
            {
                double best = double.MaxValue;
                for (int r = 0; r < rounds; r++) best = Math.Min(best, CpuMilliseconds(() => Compile(network)));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"exact SSA, {name}: compiling the direct-method loop (expression tree, IL, JIT) {best:F2} ms CPU (minimum of {rounds})"));
            }
        }
        Console.WriteLine($"load after: {Load()}");
    }

    /// <summary>Compiles the network's direct-method loop without the cache and runs it once (so the JIT compiles it).</summary>
    private static double Compile(ReactionNetwork network)
    {
        var compiled = network.Compiled;
        double[] parameters = [.. compiled.InitialParameters];
        double[] counts = [.. compiled.InitialCounts], propensities = new double[compiled.TransitionCount];
        var fired = new long[compiled.TransitionCount];
        var run = DirectMethodCompiler.CompileUncached(compiled, parameters) ?? throw new InvalidOperationException("nothing generated");
        // a₀ = 1 and an infinite hazard to go: the loop returns at once, after the JIT has compiled it.
        var loop = new DirectLoop { Total = 1, Scale = 1, Remaining = double.PositiveInfinity };
        var random = default(XoshiroState);
        return (double)run(ref loop, ref random, counts, propensities, parameters, fired, 0);
    }

    private static double CpuMilliseconds(Func<double> work)
    {
        var process = Process.GetCurrentProcess();
        var before = process.TotalProcessorTime;
        GC.KeepAlive(work());
        process.Refresh();
        return (process.TotalProcessorTime - before).TotalMilliseconds;
    }

    internal static string Load() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "unknown";
}
