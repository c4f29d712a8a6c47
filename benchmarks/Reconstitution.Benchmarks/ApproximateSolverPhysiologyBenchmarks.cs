using BenchmarkDotNet.Attributes;
using Reconstitution.Compartments;
using Reconstitution.Randomness;

namespace Reconstitution.Benchmarks;

/// <summary>
/// One simulated patient-year of a physiology-sized network
/// (<see cref="ApproximateSolverNetworks.Physiology"/>, ≈ 120 compartments) per solver; the design
/// target for the default hybrid is ≤ 5 ms. Each invocation continues the same system by a year.
/// </summary>
[MemoryDiagnoser]
public class ApproximateSolverPhysiologyBenchmarks
{
    private CompartmentSystem _system = null!;
    private double _time;

    [Params(SolverKind.TauLeaping, SolverKind.Hybrid, SolverKind.Ode)]
    public SolverKind Kind { get; set; }

    [GlobalSetup]
    public void SetupPhysiology()
    {
        _system = new CompartmentSystem(ApproximateSolverNetworks.Physiology(), new SolverOptions { Kind = Kind }, RandomStream.Create(42));
        _system.AdvanceTo(365);
        _time = 365;
    }

    [Benchmark(Description = "physiology-sized network, 1 patient-year")]
    public double PhysiologyYear()
    {
        _time += 365;
        _system.AdvanceTo(_time);
        return _system.Counts[0];
    }
}
