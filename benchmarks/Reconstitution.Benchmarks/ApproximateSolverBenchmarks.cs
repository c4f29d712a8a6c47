using BenchmarkDotNet.Attributes;
using Reconstitution.Compartments;
using Reconstitution.Compartments.Solvers;
using Reconstitution.Randomness;

namespace Reconstitution.Benchmarks;

/// <summary>
/// Cost per simulated time of the approximate solvers on the same network at populations 10⁴ and
/// 10¹² (the claim: within 2×). Each invocation continues a system already near steady state, so no
/// warm-up transient is timed. See also <see cref="ApproximateSolverPhysiologyBenchmarks"/>.
/// </summary>
[MemoryDiagnoser]
public class ApproximateSolverBenchmarks
{
    private CompartmentSystem _system = null!;
    private double _time;

    /// <summary>Simulated days per invocation of the scaling benchmark.</summary>
    public const double ScalingDays = 100;

    [Params(1e4, 1e12)]
    public double Population { get; set; }

    [Params(SolverKind.TauLeaping, SolverKind.Hybrid, SolverKind.Ode)]
    public SolverKind Kind { get; set; }

    [GlobalSetup]
    public void SetupScaling()
    {
        _system = new CompartmentSystem(ApproximateSolverNetworks.ScaledChain(Population), new SolverOptions { Kind = Kind }, RandomStream.Create(42));
        _system.AdvanceTo(30);
        _time = 30;
    }

    [Benchmark(Description = "scaled 12-compartment chain, 100 days")]
    public double Scaling()
    {
        _time += ScalingDays;
        _system.AdvanceTo(_time);
        return _system.Counts[^1];
    }
}
