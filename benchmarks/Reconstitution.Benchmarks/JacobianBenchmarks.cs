using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using Reconstitution.Compartments.Solvers;
using Reconstitution.Numerics;
using Reconstitution.Outcomes;
using Reconstitution.Physiology;
using Reconstitution.Protocols;

namespace Reconstitution.Benchmarks;

/// <summary>
/// The cost of one Rosenbrock–W Jacobian of the physiology network (∂f/∂y and ∂f/∂t, as at a handover), two ways: the
/// column-grouped forward difference of the whole right-hand side (<see cref="SparseJacobian.Evaluate"/>) and the
/// assembly from the network's structure with the signals as intermediate variables (<see cref="SparseJacobian.Assemble"/>,
/// HybridSolver.Jacobian.cs). States: an autologous patient 30 days after transplant, and an <c>allo-pbsc-mac</c> patient at
/// day 200 (host and donor origins). Each invocation evaluates <see cref="Jacobians"/> Jacobians.
/// </summary>
[MemoryDiagnoser]
public class JacobianBenchmarks
{
    /// <summary>Jacobians per invocation.</summary>
    public const int Jacobians = 10;

    private HybridSolver _solver = null!;
    private RosenbrockW _stepper = null!;
    private SparseJacobian _jacobian = null!;
    private double[] _y = [], _f = [], _scratchY = [], _scratchF = [];
    private double _t;
    private Rhs _system;

    /// <summary>The state: <c>autologous-day30</c> or <c>allo-pbsc-mac-day200</c>.</summary>
    [Params("autologous-day30", "allo-pbsc-mac-day200")]
    public string State { get; set; } = "autologous-day30";

    [GlobalSetup]
    public void Setup()
    {
        if (State == "autologous-day30")
        {
            var patient = PhysiologyBenchmarks.TransplantedPatient(PhysiologyModel.Create(new PatientCovariates { AgeYears = 45 }), 30);
            _solver = (HybridSolver)patient.System.Solver;
        }
        else
        {
            var options = new PatientSimulationOptions { Days = 200 };
            var run = PatientSimulation.Start(PatientSimulation.Draw(new PatientCovariates { AgeYears = 45 }, 1, 0, options),
                BuiltInProtocols.Get("allo-pbsc-mac"), 1, 0, options);
            run.Simulation.Run(200);
            _solver = (HybridSolver)run.Person.System.Solver;
        }
        var ode = _solver.Integrator;
        int n = ode.Dimension;
        _stepper = new RosenbrockW(n, 1e-3, 1) { Dimension = n };
        ((IJacobianPattern)_solver).Declare(_stepper);
        _jacobian = _stepper.Jacobian;
        _t = ode.T;
        _y = ode.Y.AsSpan(0, n).ToArray();
        _f = new double[n];
        _scratchY = new double[n];
        _scratchF = new double[n];
        _solver.Derivative(_t, _y, _f);
        _system = new Rhs(_solver);
    }

    /// <summary>Column-grouped differences of f.</summary>
    [Benchmark(Baseline = true)]
    public int Differenced()
    {
        int evaluations = 0;
        for (int i = 0; i < Jacobians; i++) evaluations += _jacobian.Evaluate(ref _system, _t, _y, _f, 1, _scratchY, _scratchF);
        return evaluations;
    }

    /// <summary>Assembled from the structure.</summary>
    [Benchmark]
    public int Structured()
    {
        int evaluations = 0;
        for (int i = 0; i < Jacobians; i++) evaluations += _jacobian.Assemble(_solver, ref _system, _t, _y, _f, 1, _scratchF);
        return evaluations;
    }

    private readonly struct Rhs(HybridSolver solver) : IOdeSystem
    {
        public void Derivative(double timeDays, ReadOnlySpan<double> y, Span<double> dydt) => solver.Derivative(timeDays, y, dydt);
    }

    /// <summary>
    /// <c>... -- jacobian [rounds]</c>: the CPU time of one Jacobian each way and one evaluation of f, in each state, the
    /// minimum over rounds of 100 invocations alternating the ways (a loaded machine only ever adds time); and the
    /// evaluations of f each way counts.
    /// </summary>
    internal static void Time(int rounds)
    {
        Console.WriteLine($"load before: {InterleavedRatios.Load()}");
        foreach (string state in new[] { "autologous-day30", "allo-pbsc-mac-day200" })
        {
            var benchmark = new JacobianBenchmarks { State = state };
            benchmark.Setup();
            int differencedCost = benchmark.Differenced() / Jacobians, structuredCost = benchmark.Structured() / Jacobians;
            double differenced = double.MaxValue, structured = double.MaxValue, evaluation = double.MaxValue, factorisation = double.MaxValue, solve = double.MaxValue;
            var lu = benchmark._stepper.Factorisation;
            var rightHandSide = new double[benchmark._y.Length];
            for (int r = 0; r < rounds; r++)
            {
                differenced = Math.Min(differenced, CpuNanoseconds(() => benchmark.Differenced()) / Jacobians);
                structured = Math.Min(structured, CpuNanoseconds(() => benchmark.Structured()) / Jacobians);
                evaluation = Math.Min(evaluation, CpuNanoseconds(() =>
                {
                    for (int i = 0; i < Jacobians; i++) benchmark._solver.Derivative(benchmark._t, benchmark._y, benchmark._scratchF);
                    return 0;
                }) / Jacobians);
                // 1/(hγ) − J with h = 1 day, as a late Rosenbrock–W step factors it, and a stage's solve.
                factorisation = Math.Min(factorisation, CpuNanoseconds(() =>
                {
                    for (int i = 0; i < Jacobians; i++) lu.Factor(2.294, benchmark._jacobian.Values);
                    return 0;
                }) / Jacobians);
                solve = Math.Min(solve, CpuNanoseconds(() =>
                {
                    for (int i = 0; i < Jacobians; i++)
                    {
                        benchmark._f.CopyTo(rightHandSide, 0);
                        lu.Solve(rightHandSide);
                    }
                    return 0;
                }) / Jacobians);
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{state,-21} {benchmark._y.Length} rows: differenced {differenced / 1e3,6:F1} µs ({differencedCost} evaluations), structured {structured / 1e3,6:F1} µs ({structuredCost} counted), one evaluation of f {evaluation / 1e3,5:F2} µs, one factorisation {factorisation / 1e3,5:F2} µs, one solve {solve / 1e3,5:F2} µs (minimum of {rounds} rounds)"));
        }
        Console.WriteLine($"load after: {InterleavedRatios.Load()}");
    }

    /// <summary>CPU nanoseconds per invocation of <paramref name="invocation"/>, over 100 invocations.</summary>
    private static double CpuNanoseconds(Func<int> invocation)
    {
        var process = Process.GetCurrentProcess();
        var before = process.TotalProcessorTime;
        for (int i = 0; i < 100; i++) invocation();
        process.Refresh();
        return (process.TotalProcessorTime - before).TotalMilliseconds * 1e6 / 100;
    }
}
