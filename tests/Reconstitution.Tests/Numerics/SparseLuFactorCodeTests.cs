using FsCheck;
using FsCheck.Fluent;
using Reconstitution.Compartments.Solvers;
using Reconstitution.Numerics;
using Reconstitution.Physiology;
using Reconstitution.Randomness;

namespace Reconstitution.Tests.Numerics;

/// <summary>
/// <see cref="SparseLu.Factor"/> runs straight-line code generated for the factor's structure (<see cref="SparseLuFactorCode"/>)
/// once the structure has been factored often; it must give the array loops' factor to the bit (every entry and every
/// inverse pivot), and refuse the same matrices.
/// </summary>
public class SparseLuFactorCodeTests
{
    [Fact]
    public void Factor_RandomSparsePatterns_GeneratedEqualsArrayLoopsToTheBit()
    {
        // Random patterns of 1–160 rows at densities 1–30 % (factors of one to many generated methods, rows longer than a
        // method), values with exact zeros (multipliers l = 0, which the loops skip), magnitudes over 12 decades and, in
        // one matrix of four, a few of ±10³⁰⁰ and ±∞, σ from
        // 0 (pivots that fail) to a dominant diagonal, and the diagonal sometimes outside J's pattern.
        var config = Config.QuickThrowOnFailure.WithMaxTest(100).WithReplay(new Replay(new Rnd(13_2026UL), null));
        Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), seed => FactorsAlike(seed)).Check(config);
        Assert.True(_generatedCases >= 67, $"Only {_generatedCases} of 100 structures ran generated code.");
    }

    private int _generatedCases;

    private bool FactorsAlike(int seed)
    {
        var random = new Random(seed);
        // Up to 30 rows at any density; larger ones sparse (a few entries per row), as fill grows as n³ towards dense.
        int n = random.Next(1, 161);
        double density = (n <= 30 ? 0.01 + 0.29 * random.NextDouble() : (0.5 + 2.5 * random.NextDouble()) / n), zeros = 0.3 * random.NextDouble();
        bool withDiagonal = random.NextDouble() < 0.7;
        var offsets = new int[n + 1];
        var columns = new List<int>();
        for (int i = 0; i < n; i++)
        {
            offsets[i] = columns.Count;
            for (int j = 0; j < n; j++)
                if ((j == i && withDiagonal) || (j != i && random.NextDouble() < density)) columns.Add(j);
        }
        offsets[n] = columns.Count;
        var generated = new SparseLu(n) { CompilesCodeAtOnce = true };
        var arrays = new SparseLu(n) { UsesGeneratedCode = false };
        generated.Analyse(offsets, [.. columns]);
        arrays.Analyse(offsets, [.. columns]);
        Assert.False(arrays.RunsGeneratedFactor);
        Assert.Equal(generated.FactorOperations <= SparseLuFactorCode.MaxOperations, generated.RunsGeneratedFactor);
        if (generated.RunsGeneratedFactor) _generatedCases++;
        // Several matrices on one structure: the generated code must not depend on the previous factor's values.
        for (int round = 0; round < 4; round++)
        {
            // In the last round a few entries of ±10³⁰⁰ (elimination overflows U entries to ±∞, and a zero multiplier on
            // such an entry would give 0·∞ = NaN without the loops' l = 0 skip) and of ±∞.
            var values = new double[columns.Count];
            for (int e = 0; e < values.Length; e++)
            {
                double u = random.NextDouble();
                values[e] = round == 3 && u < 0.04 ? (u < 0.01 ? double.PositiveInfinity : 1e300) * (random.Next(2) == 0 ? 1 : -1)
                    : u < zeros ? (random.Next(2) == 0 ? 0.0 : -0.0) : (random.NextDouble() * 2 - 1) * Math.Pow(10, random.Next(-6, 7));
            }
            double sigma = round switch { 0 => 0, 1 => random.NextDouble(), _ => 2 + density * n * Math.Pow(10, random.Next(0, 7)) };
            bool withCode = generated.Factor(sigma, values), withArrays = arrays.Factor(sigma, values);
            Assert.Equal(withArrays, withCode);
            if (!withArrays) continue;
            Assert.Equal(Bits(arrays.FactorValues), Bits(generated.FactorValues));
            Assert.Equal(Bits(arrays.InversePivots), Bits(generated.InversePivots));
        }
        return true;
    }

    [Fact]
    public void Factor_PivotFailsInALaterMethod_BothPathsRefuseAndFactorTheNextMatrixAlike()
    {
        // A 300-row tridiagonal matrix (several generated methods): J's last entry NaN makes the last row's pivot fail, in
        // the last method; then a good matrix on the same structure.
        const int n = 300;
        var offsets = new int[n + 1];
        var columns = new List<int>();
        for (int i = 0; i < n; i++)
        {
            offsets[i] = columns.Count;
            if (i > 0) columns.Add(i - 1);
            columns.Add(i);
            if (i < n - 1) columns.Add(i + 1);
        }
        offsets[n] = columns.Count;
        var generated = new SparseLu(n) { CompilesCodeAtOnce = true };
        var arrays = new SparseLu(n) { UsesGeneratedCode = false };
        generated.Analyse(offsets, [.. columns]);
        arrays.Analyse(offsets, [.. columns]);
        var values = new double[columns.Count];
        for (int e = 0; e < values.Length; e++) values[e] = columns[e] == Row(offsets, e) ? -1 : 0.25;
        values[^1] = 2;
        var bad = (double[])values.Clone();
        bad[^1] = double.NaN;
        Assert.False(arrays.Factor(2, bad));
        Assert.False(generated.Factor(2, bad));
        Assert.True(arrays.Factor(3, values) && generated.Factor(3, values));
        Assert.Equal(Bits(arrays.FactorValues), Bits(generated.FactorValues));
        Assert.Equal(Bits(arrays.InversePivots), Bits(generated.InversePivots));
    }

    [Fact]
    public void Factor_ZeroMultiplierOnAnOverflowedEntry_BothPathsSkipItAndAccept()
    {
        // M = σI − J (σ = 0) on a full 3×3 pattern with stored zeros:
        //   row 0: 1e289  0      1e300
        //   row 1: 1e300  1e300  0
        //   row 2: 0      0      1
        // Each pivot passes its row's test (above 10⁻¹² of the row's largest entry before elimination). Row 1's multiplier
        // 1e300/1e289 = 1e11 overflows its last entry to 0 − 1e11·1e300 = −∞ and leaves its pivot 1e300. Row 2's multipliers are exact zeros: the loops skip them, so
        // its pivot stays 1; subtracting 0·(−∞) = NaN instead would refuse the matrix. The generated code must skip alike.
        int[] offsets = [0, 3, 6, 9];
        int[] columns = [0, 1, 2, 0, 1, 2, 0, 1, 2];
        double[] m = [1e289, 0, 1e300, 1e300, 1e300, 0, 0, 0, 1];
        var jacobian = new double[m.Length];
        for (int e = 0; e < m.Length; e++) jacobian[e] = -m[e];
        var generated = new SparseLu(3) { CompilesCodeAtOnce = true };
        var arrays = new SparseLu(3) { UsesGeneratedCode = false };
        generated.Analyse(offsets, columns);
        arrays.Analyse(offsets, columns);
        Assert.True(generated.RunsGeneratedFactor);
        Assert.True(arrays.Factor(0, jacobian), "the loops refused the matrix");
        Assert.True(generated.Factor(0, jacobian), "the generated code refused the matrix: a zero multiplier was not skipped");
        Assert.Equal(double.NegativeInfinity, arrays.FactorValues[5]);
        Assert.Equal(1.0, arrays.InversePivots[2]);
        Assert.Equal(Bits(arrays.FactorValues), Bits(generated.FactorValues));
        Assert.Equal(Bits(arrays.InversePivots), Bits(generated.InversePivots));
    }

    [Fact]
    public void Factor_PhysiologyJacobianPattern_GeneratedEqualsArrayLoopsToTheBitAndAllocatesNothing()
    {
        var patient = new Patient(PhysiologyModel.Create(PatientCovariates.Default), RandomStream.Create(2026, 5));
        patient.AdvanceTo(30);
        var solver = (HybridSolver)patient.System.Solver;
        int n = solver.Integrator.Dimension;
        SparseLu Factorisation(bool generated)
        {
            var stepper = new RosenbrockW(n, 1e-3, 1);
            stepper.Factorisation.UsesGeneratedCode = generated;
            stepper.Factorisation.CompilesCodeAtOnce = generated;
            stepper.Dimension = n;
            ((IJacobianPattern)solver).Declare(stepper);
            return stepper.Factorisation;
        }
        var withCode = Factorisation(true);
        var withArrays = Factorisation(false);
        Assert.True(withCode.RunsGeneratedFactor && !withArrays.RunsGeneratedFactor);
        var random = new Random(3);
        var jacobian = new double[withCode.PatternEntries];
        for (int e = 0; e < jacobian.Length; e++) jacobian[e] = random.NextDouble() * 2 - 1;
        foreach (double sigma in new[] { 50.0, 2.294, 0.3 })
        {
            bool a = withArrays.Factor(sigma, jacobian), g = withCode.Factor(sigma, jacobian);
            Assert.Equal(a, g);
            if (!a) continue;
            Assert.Equal(Bits(withArrays.FactorValues), Bits(withCode.FactorValues));
            Assert.Equal(Bits(withArrays.InversePivots), Bits(withCode.InversePivots));
        }
        withCode.Factor(50, jacobian);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int k = 0; k < 100; k++) withCode.Factor(50 + k, jacobian);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Count_FactorisationsReachTheThreshold_CompiledInTheBackgroundThenEqualsTheLoops()
    {
        // A 7-row arrow's entry outside the cache: not compiled before CompileAfter counted factorisations, then compiled
        // on the background thread, and its factor has the array loops' bits.
        const int n = 7;
        var offsets = new int[n + 1];
        var columns = new List<int>();
        for (int i = 0; i < n; i++)
        {
            offsets[i] = columns.Count;
            if (i == 0) for (int j = 0; j < n; j++) columns.Add(j);
            else columns.AddRange([0, i]);
        }
        offsets[n] = columns.Count;
        var values = new double[columns.Count];
        for (int e = 0; e < values.Length; e++) values[e] = 0.1 * (e + 1) - 0.37;
        var reference = new SparseLu(n) { UsesGeneratedCode = false };
        reference.Analyse(offsets, [.. columns]);
        Assert.True(reference.Factor(9, values));
        var analysis = reference.Analysis!;
        GeneratedCode.StartCompiler(); // as the caches do at their first use (without it, the calling thread compiles)
        var code = SparseLuFactorCode.Uncached(analysis.RowStart, analysis.Diagonal, analysis.FactorColumns, analysis.EntryOf)!;
        Assert.False(code.Count(SparseLuFactorCode.CompileAfter - 1));
        Assert.False(code.IsRequested);
        Assert.Throws<InvalidOperationException>(() => code.Factor);
        code.Count(1);
        Assert.True(code.IsRequested);
        Assert.True(SpinWait.SpinUntil(() => code.Count(0), TimeSpan.FromSeconds(60)), "not compiled within a minute");
        Assert.NotEqual(Environment.CurrentManagedThreadId, code.CompiledOnThread);
        var factor = new double[analysis.FactorColumns.Length];
        var inverses = new double[n];
        Assert.True(code.Factor(ref factor[0], ref inverses[0], ref values[0], 9));
        Assert.Equal(Bits(reference.FactorValues), Bits(factor));
        Assert.Equal(Bits(reference.InversePivots), Bits(inverses));
    }

    [Fact]
    public void Compile_ColumnsNotAscending_ThrowsNamingTheRow()
    {
        var ex = Assert.Throws<ArgumentException>(() => SparseLuFactorCode.Compile([0, 1, 3], [0, 1], [0, 1, 0], [0]));
        Assert.Contains("Row 1's columns do not ascend at entry 2", ex.Message);
    }

    private static int Row(int[] offsets, int entry)
    {
        int row = 0;
        while (offsets[row + 1] <= entry) row++;
        return row;
    }

    private static long[] Bits(ReadOnlySpan<double> values)
    {
        var bits = new long[values.Length];
        for (int i = 0; i < values.Length; i++) bits[i] = BitConverter.DoubleToInt64Bits(values[i]);
        return bits;
    }
}
