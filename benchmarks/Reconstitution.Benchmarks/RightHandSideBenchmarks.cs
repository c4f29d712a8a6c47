using BenchmarkDotNet.Attributes;
using Reconstitution.Compartments.Solvers;
using Reconstitution.Physiology;

namespace Reconstitution.Benchmarks;

/// <summary>
/// The cost of one evaluation of the hybrid solver's right-hand side on the physiology network (the unit of a cohort's
/// work: ≈ 1,600 per patient-two-years): the derived signals and every continuous transition's rate, summed into the
/// derivative of each continuous compartment. The state is an autologous patient 30 days after a myeloablative
/// transplant (every compartment but the stem cells continuous); each invocation runs 1,000 evaluations.
/// </summary>
[MemoryDiagnoser]
public class RightHandSideBenchmarks
{
    /// <summary>Evaluations per invocation.</summary>
    public const int Evaluations = 1000;

    private HybridSolver _solver = null!;
    private double[] _y = [], _dydt = [];

    [GlobalSetup]
    public void Setup()
    {
        var model = PhysiologyModel.Create(new PatientCovariates { AgeYears = 45 });
        var patient = PhysiologyBenchmarks.TransplantedPatient(model, 30);
        _solver = (HybridSolver)patient.System.Solver;
        int dimension = _solver.Integrator.Dimension;
        _y = _solver.Integrator.Y[..dimension];
        _dydt = new double[dimension];
    }

    /// <summary>1,000 right-hand-side evaluations at the same state.</summary>
    [Benchmark]
    public double Evaluate()
    {
        double t = 30;
        for (int i = 0; i < Evaluations; i++) _solver.Derivative(t, _y, _dydt);
        return _dydt[0];
    }
}
