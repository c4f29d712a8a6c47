using System.Diagnostics;
using System.Globalization;

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
        Console.WriteLine($"load after: {Load()}");
    }

    private static double CpuMilliseconds(Func<double> work)
    {
        var process = Process.GetCurrentProcess();
        var before = process.TotalProcessorTime;
        GC.KeepAlive(work());
        process.Refresh();
        return (process.TotalProcessorTime - before).TotalMilliseconds;
    }

    private static string Load() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "unknown";
}
