using System.Globalization;
using BenchmarkDotNet.Attributes;
using Reconstitution.Compartments.Solvers;
using Reconstitution.Numerics;
using Reconstitution.Physiology;

namespace Reconstitution.Benchmarks;

/// <summary>
/// The cost of one sparse LU solve, (σI − J)⁻¹b, as Rosenbrock–W's stages run it on the physiology network's Jacobian
/// pattern (an autologous patient 30 days after transplant: every compartment but the stem cells continuous, ≈ 123 rows),
/// with the code generated for the factor's structure (<see cref="SparseLuSolveCode"/>) and with the array loops; and one
/// factorisation of σI − J the same two ways (<see cref="SparseLuFactorCode"/>). J holds fixed random values in [−1, 1]
/// and σ = 100 (a diagonally dominant matrix, as small steps give). Each invocation runs 1,000 solves, each of a fresh copy
/// of the same right-hand side, or 1,000 factorisations.
/// </summary>
[MemoryDiagnoser]
public class SparseLuBenchmarks
{
    /// <summary>Solves per invocation.</summary>
    public const int Solves = RightHandSideBenchmarks.Evaluations;

    private SparseLu _generated = null!, _arrays = null!;
    private double[] _b = [], _x = [], _jacobian = [];

    [GlobalSetup]
    public void Setup()
    {
        var patient = PhysiologyBenchmarks.TransplantedPatient(PhysiologyModel.Create(new PatientCovariates { AgeYears = 45 }), 30);
        var solver = (HybridSolver)patient.System.Solver;
        int dimension = solver.Integrator.Dimension;
        _generated = Factorisation(solver, dimension, generated: true);
        _arrays = Factorisation(solver, dimension, generated: false);
        var random = new Random(1);
        _b = new double[dimension];
        for (int i = 0; i < dimension; i++) _b[i] = random.NextDouble() * 2 - 1;
        _x = new double[dimension];
        _jacobian = Values(_generated);
    }

    /// <summary>The physiology pattern's factorisation at fixed random values.</summary>
    private static SparseLu Factorisation(HybridSolver solver, int dimension, bool generated)
    {
        var stepper = new RosenbrockW(dimension, 1e-3, 1);
        stepper.Factorisation.UsesGeneratedCode = generated;
        stepper.Factorisation.CompilesCodeAtOnce = generated;
        stepper.Dimension = dimension;
        ((Reconstitution.Numerics.IJacobianPattern)solver).Declare(stepper);
        var lu = stepper.Factorisation;
        if (!lu.Factor(100, Values(lu))) throw new InvalidOperationException("The benchmark matrix did not factor.");
        if (lu.RunsGeneratedCode != generated || lu.RunsGeneratedFactor != generated) throw new InvalidOperationException("The benchmark's factorisation does not run the path it should.");
        return lu;
    }

    /// <summary>J's fixed random values on the factorisation's pattern.</summary>
    private static double[] Values(SparseLu lu)
    {
        var random = new Random(2);
        var jacobian = new double[lu.PatternEntries];
        for (int e = 0; e < jacobian.Length; e++) jacobian[e] = random.NextDouble() * 2 - 1;
        return jacobian;
    }

    /// <summary>1,000 factorisations with the generated code.</summary>
    [Benchmark]
    public bool FactorGenerated() => RunFactor(_generated);

    /// <summary>1,000 factorisations with the array loops.</summary>
    [Benchmark]
    public bool FactorArrays() => RunFactor(_arrays);

    private bool RunFactor(SparseLu lu)
    {
        bool factored = true;
        for (int i = 0; i < Solves; i++) factored &= lu.Factor(100, _jacobian);
        return factored;
    }

    /// <summary>1,000 solves with the generated code.</summary>
    [Benchmark]
    public double Generated() => Run(_generated);

    /// <summary>1,000 solves with the array loops.</summary>
    [Benchmark(Baseline = true)]
    public double Arrays() => Run(_arrays);

    private double Run(SparseLu lu)
    {
        for (int i = 0; i < Solves; i++)
        {
            _b.CopyTo(_x, 0);
            lu.Solve(_x);
        }
        return _x[0];
    }

    /// <summary>
    /// <c>... -- lu [rounds]</c>: the CPU time of one solve on each path, the minimum over rounds of 200 invocations
    /// alternating the paths (a loaded machine only ever adds time).
    /// </summary>
    internal static void Time(int rounds)
    {
        Console.WriteLine($"load before: {InterleavedRatios.Load()}");
        var benchmark = new SparseLuBenchmarks();
        benchmark.Setup();
        double generated = double.MaxValue, arrays = double.MaxValue, factorGenerated = double.MaxValue, factorArrays = double.MaxValue;
        for (int r = 0; r < rounds; r++)
        {
            generated = Math.Min(generated, RightHandSideBenchmarks.CpuNanoseconds(benchmark.Generated));
            arrays = Math.Min(arrays, RightHandSideBenchmarks.CpuNanoseconds(benchmark.Arrays));
            factorGenerated = Math.Min(factorGenerated, RightHandSideBenchmarks.CpuNanoseconds(() => benchmark.FactorGenerated() ? 1 : 0));
            factorArrays = Math.Min(factorArrays, RightHandSideBenchmarks.CpuNanoseconds(() => benchmark.FactorArrays() ? 1 : 0));
        }
        var lu = benchmark._generated;
        var analysis = lu.Analysis!;
        double compile = double.MaxValue, compileSolve = double.MaxValue;
        var process = System.Diagnostics.Process.GetCurrentProcess();
        for (int r = 0; r < 3; r++)
        {
            process.Refresh();
            var before = process.TotalProcessorTime;
            SparseLuFactorCode.Compile(analysis.RowStart, analysis.Diagonal, analysis.FactorColumns, analysis.EntryOf);
            process.Refresh();
            var between = process.TotalProcessorTime;
            SparseLuSolveCode.Compile(analysis.Order, analysis.RowStart, analysis.Diagonal, analysis.FactorColumns);
            process.Refresh();
            compile = Math.Min(compile, (between - before).TotalMilliseconds);
            compileSolve = Math.Min(compileSolve, (process.TotalProcessorTime - between).TotalMilliseconds);
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{benchmark._b.Length} rows: {generated,6:F0} ns per solve with generated code, {arrays,6:F0} ns with the array loops (minimum of {rounds} rounds)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{lu.FactorEntries} factor entries, {lu.FactorOperations} operations: {factorGenerated,6:F0} ns per factorisation with generated code, {factorArrays,6:F0} ns with the array loops; compiling the factorisation {compile:F1} ms, the solve {compileSolve:F1} ms (CPU, minimum of 3)"));
        Console.WriteLine($"load after: {InterleavedRatios.Load()}");
    }
}
