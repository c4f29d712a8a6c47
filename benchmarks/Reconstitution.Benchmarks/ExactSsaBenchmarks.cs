using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Reconstitution.Compartments;
using Reconstitution.Randomness;

namespace Reconstitution.Benchmarks;

/// <summary>
/// Exact SSA throughput. Each invocation simulates a fixed span of simulated time from a fixed
/// seed, so the number of firings per invocation is fixed (listed in benchmarks/results/exact-ssa.md;
/// reactions/s = firings / mean time). Benchmarks are grouped by network; in A and B the baseline is a
/// hand-specialised loop for that one network (<see cref="SpecialisedSsaLoops"/>), so the Ratio column is the generic
/// engine's time relative to the limit, measured in the same run; the engine runs with and without the loop it compiles
/// for the network (<c>DirectMethodCompiler</c>).
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class ExactSsaBenchmarks
{
    private ReactionNetwork _immigrationDeath = null!;
    private ReactionNetwork _stemCellChain = null!;
    private ReactionNetwork _large = null!;
    private ReactionNetwork _huge = null!;

    /// <summary>Simulated days per invocation of A (≈ 2×10⁷ firings for 10,000).</summary>
    public const double DaysA = 10_000;
    /// <summary>Simulated days per invocation of B (≈ 10⁷ firings).</summary>
    public const double DaysB = 1_000;
    /// <summary>Simulated days per invocation of the 100×300 network.</summary>
    public const double DaysLarge = 20;
    /// <summary>Simulated days per invocation of the 1000×3000 network.</summary>
    public const double DaysHuge = 1;

    [GlobalSetup]
    public void Setup()
    {
        _immigrationDeath = ExactSsaNetworks.ImmigrationDeath();
        _stemCellChain = ExactSsaNetworks.StemCellChain();
        _large = ExactSsaNetworks.Large();
        _huge = ExactSsaNetworks.Large(1000);
    }

    internal static long Run(ReactionNetwork network, SolverKind kind, double days, bool generateCode = true)
    {
        var system = new CompartmentSystem(network, new SolverOptions { Kind = kind, GenerateCode = generateCode }, RandomStream.Create(42));
        system.AdvanceTo(days);
        return system.TotalFirings;
    }

    [Benchmark(Baseline = true, Description = "A: immigration-death, hand-specialised loop, 10^4 days")]
    [BenchmarkCategory("A")]
    public long ImmigrationDeathSpecialised() => SpecialisedSsaLoops.ImmigrationDeath(DaysA, 42);

    [Benchmark(Description = "A: immigration-death, direct, 10^4 days")]
    [BenchmarkCategory("A")]
    public long ImmigrationDeathDirect() => Run(_immigrationDeath, SolverKind.Direct, DaysA);

    [Benchmark(Description = "A: immigration-death, direct without generated code, 10^4 days")]
    [BenchmarkCategory("A")]
    public long ImmigrationDeathDirectArrays() => Run(_immigrationDeath, SolverKind.Direct, DaysA, generateCode: false);

    [Benchmark(Baseline = true, Description = "B: stem-cell chain, hand-specialised loop, 10^3 days")]
    [BenchmarkCategory("B")]
    public long StemCellChainSpecialised() => SpecialisedSsaLoops.StemCellChain(DaysB, 42);

    [Benchmark(Description = "B: stem-cell chain, direct, 10^3 days")]
    [BenchmarkCategory("B")]
    public long StemCellChainDirect() => Run(_stemCellChain, SolverKind.Direct, DaysB);

    [Benchmark(Description = "B: stem-cell chain, direct without generated code, 10^3 days")]
    [BenchmarkCategory("B")]
    public long StemCellChainDirectArrays() => Run(_stemCellChain, SolverKind.Direct, DaysB, generateCode: false);

    [Benchmark(Description = "B: stem-cell chain, sorting direct, 10^3 days")]
    [BenchmarkCategory("B")]
    public long StemCellChainSortingDirect() => Run(_stemCellChain, SolverKind.SortingDirect, DaysB);

    [Benchmark(Baseline = true, Description = "100x300: direct, 20 days")]
    [BenchmarkCategory("100x300")]
    public long LargeDirect() => Run(_large, SolverKind.Direct, DaysLarge);

    [Benchmark(Description = "100x300: sorting direct, 20 days")]
    [BenchmarkCategory("100x300")]
    public long LargeSortingDirect() => Run(_large, SolverKind.SortingDirect, DaysLarge);

    [Benchmark(Description = "100x300: composition-rejection, 20 days")]
    [BenchmarkCategory("100x300")]
    public long LargeCompositionRejection() => Run(_large, SolverKind.CompositionRejection, DaysLarge);

    [Benchmark(Baseline = true, Description = "1000x3000: direct, 1 day")]
    [BenchmarkCategory("1000x3000")]
    public long HugeDirect() => Run(_huge, SolverKind.Direct, DaysHuge);

    [Benchmark(Description = "1000x3000: sorting direct, 1 day")]
    [BenchmarkCategory("1000x3000")]
    public long HugeSortingDirect() => Run(_huge, SolverKind.SortingDirect, DaysHuge);

    [Benchmark(Description = "1000x3000: composition-rejection, 1 day")]
    [BenchmarkCategory("1000x3000")]
    public long HugeCompositionRejection() => Run(_huge, SolverKind.CompositionRejection, DaysHuge);
}
