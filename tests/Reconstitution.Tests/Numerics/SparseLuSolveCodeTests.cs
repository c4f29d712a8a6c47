using FsCheck;
using FsCheck.Fluent;
using Reconstitution.Compartments.Solvers;
using Reconstitution.Numerics;
using Reconstitution.Physiology;
using Reconstitution.Randomness;

namespace Reconstitution.Tests.Numerics;

/// <summary>
/// <see cref="SparseLu.Solve"/> runs straight-line code generated for the factor's structure (<see cref="SparseLuSolveCode"/>)
/// once the structure has been solved often; it must give the array loops' solution to the bit, and both must solve the
/// system (checked against a dense solve written out here).
/// </summary>
public class SparseLuSolveCodeTests
{
    [Fact]
    public void Solve_RandomSparsePatterns_GeneratedEqualsArrayLoopsToTheBitAndSolves()
    {
        // Random patterns of 1–160 rows and densities 1–30 % (so that some factors need several generated methods of
        // ≤ 200 entries, and some rows are longer than one), random J and σ large enough for a dominant diagonal.
        var config = Config.QuickThrowOnFailure.WithMaxTest(120).WithReplay(new Replay(new Rnd(15_2026UL), null));
        Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), seed => SolvesAlike(seed)).Check(config);
    }

    private static bool SolvesAlike(int seed)
    {
        var random = new Random(seed);
        int n = random.Next(1, 161);
        double density = 0.01 + 0.29 * random.NextDouble();
        var (offsets, columns, values) = RandomSparseMatrix.Make(random, n, density, (r, _) => r.NextDouble() * 2 - 1);
        double sigma = 2 + density * n;
        var generated = new SparseLu(n) { CompilesCodeAtOnce = true };
        var arrays = new SparseLu(n) { UsesGeneratedCode = false };
        generated.Analyse(offsets, [.. columns]);
        arrays.Analyse(offsets, [.. columns]);
        Assert.True(generated.RunsGeneratedCode && !arrays.RunsGeneratedCode);
        Assert.True(generated.Factor(sigma, [.. values]) && arrays.Factor(sigma, [.. values]), $"No factor for n = {n}, σ = {sigma}.");
        var b = new double[n];
        for (int i = 0; i < n; i++) b[i] = random.NextDouble() * 2 - 1;
        double[] x = [.. b], y = [.. b];
        generated.Solve(x);
        arrays.Solve(y);
        Assert.Equal(y.Select(BitConverter.DoubleToInt64Bits), x.Select(BitConverter.DoubleToInt64Bits));
        var dense = DenseSolve(n, sigma, offsets, columns, values, b);
        for (int i = 0; i < n; i++) Assert.InRange(x[i] - dense[i], -1e-10 * (1 + Math.Abs(dense[i])), 1e-10 * (1 + Math.Abs(dense[i])));
        return true;
    }

    [Fact]
    public void Solve_PhysiologyJacobianPattern_GeneratedEqualsArrayLoopsToTheBit()
    {
        // The pattern Rosenbrock–W factors in a patient (the hybrid solver's Jacobian pattern after 30 days), random values.
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
            var random = new Random(3);
            var jacobian = new double[stepper.Factorisation.PatternEntries];
            for (int e = 0; e < jacobian.Length; e++) jacobian[e] = random.NextDouble() * 2 - 1;
            Assert.True(stepper.Factorisation.Factor(50, jacobian));
            Assert.Equal(generated, stepper.Factorisation.RunsGeneratedCode);
            return stepper.Factorisation;
        }
        var withCode = Factorisation(true);
        var withArrays = Factorisation(false);
        Assert.True(withCode.FactorEntries > 2 * n, "The physiology pattern should have off-diagonal entries.");
        var b = new double[n];
        var rhs = new Random(4);
        for (int i = 0; i < n; i++) b[i] = rhs.NextDouble() - 0.5;
        double[] x = [.. b], y = [.. b];
        withCode.Solve(x);
        withArrays.Solve(y);
        Assert.Equal(y.Select(BitConverter.DoubleToInt64Bits), x.Select(BitConverter.DoubleToInt64Bits));
    }

    [Fact]
    public void Create_DiagonalNotInItsColumn_ThrowsNamingTheRow()
    {
        // Row 1's diagonal entry points at column 0.
        var ex = Assert.Throws<ArgumentException>(() => SparseLuSolveCode.Compile([0, 1], [0, 1, 3], [0, 1], [0, 0, 1]));
        Assert.Contains("Row 1's diagonal entry 1 is not its column 1", ex.Message);
    }

    /// <summary>(σI − J)x = b by dense Gaussian elimination with partial pivoting.</summary>
    private static double[] DenseSolve(int n, double sigma, int[] offsets, int[] columns, double[] values, double[] b)
    {
        var a = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            a[i, i] = sigma;
            for (int e = offsets[i]; e < offsets[i + 1]; e++) a[i, columns[e]] -= values[e];
        }
        var x = (double[])b.Clone();
        for (int k = 0; k < n; k++)
        {
            int p = k;
            for (int i = k + 1; i < n; i++) if (Math.Abs(a[i, k]) > Math.Abs(a[p, k])) p = i;
            for (int j = 0; j < n; j++) (a[k, j], a[p, j]) = (a[p, j], a[k, j]);
            (x[k], x[p]) = (x[p], x[k]);
            for (int i = k + 1; i < n; i++)
            {
                double f = a[i, k] / a[k, k];
                for (int j = k; j < n; j++) a[i, j] -= f * a[k, j];
                x[i] -= f * x[k];
            }
        }
        for (int i = n - 1; i >= 0; i--)
        {
            double s = x[i];
            for (int j = i + 1; j < n; j++) s -= a[i, j] * x[j];
            x[i] = s / a[i, i];
        }
        return x;
    }
}
