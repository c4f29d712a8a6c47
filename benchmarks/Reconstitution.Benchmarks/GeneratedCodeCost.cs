using System.Globalization;
using Reconstitution.Compartments.Solvers;
using Reconstitution.Numerics;

namespace Reconstitution.Benchmarks;

/// <summary>
/// <c>... -- codecost [rounds]</c>: the CPU time (of the compiling thread) of generating and compiling the code of one
/// structure, per kind, on the allogeneic day-60 partition of the physiology network: the right-hand side's rates and sums
/// (<see cref="RightHandSideCode"/>), the sparse LU solve (<see cref="SparseLuSolveCode"/>) and factorisation
/// (<see cref="SparseLuFactorCode"/>). The first compilation of a process is reported apart (it also pays the emitters'
/// own JIT and the reflection the emitted calls need), then the minimum over the rounds.
/// </summary>
internal static class GeneratedCodeCost
{
    public static void Run(int rounds)
    {
        Console.WriteLine($"load before: {InterleavedRatios.Load()}");
        var patient = PhysiologyBenchmarks.AllogeneicPatient(60);
        var solver = (HybridSolver)patient.System.Solver;
        var layout = solver.Layout ?? throw new InvalidOperationException("The solver has no partition layout.");
        var analysis = layout.Pattern(patient.System.Network.Compiled).Analysis;
        double Time(Action compile)
        {
            double before = ThreadCpuClock.Milliseconds();
            compile();
            return ThreadCpuClock.Milliseconds() - before;
        }
        Action rhs = () => layout.CompileCode();
        Action solve = () => SparseLuSolveCode.Compile(analysis.Order, analysis.RowStart, analysis.Diagonal, analysis.FactorColumns);
        Action factor = () => SparseLuFactorCode.Compile(analysis.RowStart, analysis.Diagonal, analysis.FactorColumns, analysis.EntryOf);
        double rhsFirst = Time(rhs), solveFirst = Time(solve);
        double rhsBest = double.MaxValue, solveBest = double.MaxValue, factorBest = double.MaxValue;
        for (int r = 0; r < rounds; r++)
        {
            rhsBest = Math.Min(rhsBest, Time(rhs));
            solveBest = Math.Min(solveBest, Time(solve));
            if (r < 3) factorBest = Math.Min(factorBest, Time(factor));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"right-hand side ({layout.PlainCount + layout.ModulatedCount} rates, {layout.OdeCompartments} sums): first {rhsFirst:F1} ms, then {rhsBest:F2} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"LU solve ({analysis.Dimension} rows, {analysis.FactorColumns.Length} entries): first {solveFirst:F1} ms, then {solveBest:F2} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"LU factorisation: {factorBest:F1} ms (minimum of {Math.Min(rounds, 3)})"));
        Console.WriteLine($"load after: {InterleavedRatios.Load()}");
    }
}
