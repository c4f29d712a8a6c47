using Reconstitution.Numerics;
using Xunit;

namespace Reconstitution.Tests.Numerics;

public class SparseLuTests
{
    [Fact]
    public void Solve_RandomSparseMatrix_ResidualAtRoundOff()
    {
        // σI − J for a random pattern (about 8 % of the entries, the fill-in the minimum-degree order leaves included):
        // the solution must satisfy the system to round-off, whatever the permutation did.
        const int n = 60;
        const double sigma = 3;
        var random = new Random(20261205);
        var (offsets, columns, values) = RandomSparseMatrix.Make(random, n, 0.08, DominantDiagonal);
        var lu = new SparseLu(n);
        lu.Analyse(offsets, columns);
        Assert.True(lu.Factor(sigma, values));
        var b = new double[n];
        for (int i = 0; i < n; i++) b[i] = random.NextDouble() - 0.5;
        var x = (double[])b.Clone();
        lu.Solve(x);
        for (int i = 0; i < n; i++)
        {
            double row = sigma * x[i];
            for (int e = offsets[i]; e < offsets[i + 1]; e++) row -= values[e] * x[columns[e]];
            Assert.InRange(Math.Abs(row - b[i]), 0, 1e-12);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Solve_BackwardRows_SubtractTheUnknownsSolvedFirstFirst(bool generated)
    {
        // Each backward row subtracts its products right to left (xₙ₋₁'s first; SparseLu.Solve's remarks say why), the
        // forward rows left to right. The reference substitution below reads the factor and does exactly that; the solve
        // must give its bits, with the array loops and with the generated code. The same substitution with the backward
        // rows left to right must differ somewhere on this matrix (rows with fill, rounding at every product), so the test
        // tells the orders apart.
        const int n = 60;
        var random = new Random(20261206);
        var (offsets, columns, values) = RandomSparseMatrix.Make(random, n, 0.1, DominantDiagonal);
        var lu = new SparseLu(n) { UsesGeneratedCode = generated, CompilesCodeAtOnce = generated };
        lu.Analyse(offsets, columns);
        Assert.Equal(generated && GeneratedCode.IsSupported, lu.RunsGeneratedCode);
        Assert.True(lu.Factor(3, values));
        var b = new double[n];
        for (int i = 0; i < n; i++) b[i] = random.NextDouble() - 0.5;
        var x = (double[])b.Clone();
        lu.Solve(x);
        double[] rightToLeft = Substitute(lu, b, backwardRightToLeft: true), leftToRight = Substitute(lu, b, backwardRightToLeft: false);
        Assert.Equal(rightToLeft.Select(BitConverter.DoubleToInt64Bits), x.Select(BitConverter.DoubleToInt64Bits));
        Assert.NotEqual(leftToRight.Select(BitConverter.DoubleToInt64Bits), x.Select(BitConverter.DoubleToInt64Bits));
    }

    /// <summary>(σI − J)⁻¹b from the factor's entries, the backward rows' products subtracted in the order asked.</summary>
    private static double[] Substitute(SparseLu lu, double[] b, bool backwardRightToLeft)
    {
        var analysis = lu.Analysis!;
        int n = analysis.Dimension;
        int[] order = analysis.Order, rowStart = analysis.RowStart, diagonal = analysis.Diagonal, column = analysis.FactorColumns;
        ReadOnlySpan<double> v = lu.FactorValues, inversePivot = lu.InversePivots;
        var x = new double[n];
        for (int i = 0; i < n; i++)
        {
            double sum = b[order[i]];
            for (int e = rowStart[i]; e < diagonal[i]; e++) sum -= v[e] * x[column[e]];
            x[i] = sum;
        }
        for (int i = n - 1; i >= 0; i--)
        {
            double sum = x[i];
            if (backwardRightToLeft)
                for (int e = rowStart[i + 1] - 1; e > diagonal[i]; e--) sum -= v[e] * x[column[e]];
            else
                for (int e = diagonal[i] + 1; e < rowStart[i + 1]; e++) sum -= v[e] * x[column[e]];
            x[i] = sum * inversePivot[i];
        }
        var solution = new double[n];
        for (int p = 0; p < n; p++) solution[order[p]] = x[p];
        return solution;
    }

    [Fact]
    public void Analyse_ArrowPattern_MinimumDegreeOrderLeavesNoFill()
    {
        // Row and column 0 full, otherwise diagonal: eliminated in the given order, row 0 first fills the whole matrix
        // (n² entries); minimum degree eliminates the leaves first and the hub last, so the factor has exactly the pattern's
        // 3n − 2 entries.
        const int n = 40;
        var (offsets, columns) = Arrow(n);
        var lu = new SparseLu(n);
        lu.Analyse(offsets, columns);
        Assert.Equal(3 * n - 2, lu.FactorEntries);
        var values = new double[columns.Length];
        for (int e = 0; e < values.Length; e++) values[e] = 0.5;
        Assert.True(lu.Factor(n, values));
        var x = new double[n];
        x[0] = 1;
        lu.Solve(x);
        // Row 0 of (σI − J)x = e₀ and row i > 0: (σ − 0.5)xᵢ − 0.5x₀ = 0.
        for (int i = 1; i < n; i++) Assert.Equal(0.5 * x[0] / (n - 0.5), x[i], 14);
    }

    [Fact]
    public void Analyse_PatternKeptInCache_AnotherInstanceReadsItAndSolvesToTheBit()
    {
        var cache = new SymbolicAnalysisCache(1);
        var (offsets, columns) = Arrow(12);
        var first = new SparseLu(12, cache);
        var second = new SparseLu(12, cache);
        first.Analyse(offsets, columns);
        Assert.Equal(1, cache.Count);
        second.Analyse(offsets, columns);
        Assert.Equal(1, cache.Count);
        Assert.Same(first.Analysis, second.Analysis);
        var random = new Random(7);
        var values = new double[columns.Length];
        for (int e = 0; e < values.Length; e++) values[e] = random.NextDouble() - 0.5;
        double[] b = new double[12], x1 = new double[12], x2 = new double[12];
        for (int i = 0; i < b.Length; i++) b[i] = random.NextDouble();
        b.CopyTo(x1, 0);
        b.CopyTo(x2, 0);
        Assert.True(first.Factor(4, values));
        Assert.True(second.Factor(4, values));
        first.Solve(x1);
        second.Solve(x2);
        Assert.Equal(x1, x2);
        // Another pattern is analysed, not served (and, the cache being full, not kept).
        var (otherOffsets, otherColumns) = Arrow(11);
        second.Analyse(otherOffsets, otherColumns);
        Assert.Equal(1, cache.Count);
        Assert.NotSame(first.Analysis, second.Analysis);
        Assert.Equal(3 * 11 - 2, second.FactorEntries);
    }

    [Fact]
    public void Use_AnotherAnalysisAndBack_FactorsAndSolvesToTheBitAsAFreshInstance()
    {
        // Use points the factorisation at a shared analysis: after a larger pattern's factorisation, back on the first
        // pattern nothing of the other may remain (the values' buffer is the larger one's).
        var (offsets, columns) = Arrow(8);
        var (largeOffsets, largeColumns) = Arrow(12);
        var small = SparseLuAnalysis.Of(offsets, columns);
        var large = SparseLuAnalysis.Of(largeOffsets, largeColumns);
        var random = new Random(5);
        double[] values = [.. columns.Select(_ => random.NextDouble() - 0.5)], largeValues = [.. largeColumns.Select(_ => random.NextDouble())];
        double[] b = [.. Enumerable.Range(0, 8).Select(_ => random.NextDouble())];
        var fresh = new SparseLu(12);
        fresh.Use(small);
        Assert.True(fresh.Factor(3, values));
        var expected = (double[])b.Clone();
        fresh.Solve(expected);
        var reused = new SparseLu(12);
        reused.Use(small);
        Assert.True(reused.Factor(5, values));
        reused.Use(large);
        Assert.True(reused.Factor(7, largeValues));
        reused.Use(small);
        Assert.True(reused.Factor(3, values));
        var x = (double[])b.Clone();
        reused.Solve(x);
        Assert.Equal(expected.Select(BitConverter.DoubleToInt64Bits), x.Select(BitConverter.DoubleToInt64Bits));
        Assert.Same(small, reused.Analysis);
    }

    [Fact]
    public void Use_AnalysisWiderThanTheCapacity_ThrowsNamingBoth()
    {
        var (offsets, columns) = Arrow(12);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new SparseLu(8).Use(SparseLuAnalysis.Of(offsets, columns)));
        Assert.Contains("12 rows", ex.Message);
        Assert.Contains("capacity is 8", ex.Message);
    }

    [Fact]
    public void Analyse_SameSizeAndEntryCountOtherColumns_NotServedFromTheCache()
    {
        // Lower and upper bidiagonal patterns of 6 rows: the same order and 11 entries each, different columns. The cache
        // compares the columns, so the second is analysed afresh, and each instance solves (σI − J)x = b for its own J.
        const int n = 6;
        var cache = new SymbolicAnalysisCache(2);
        int[] offsets = [0, 1, 3, 5, 7, 9, 11];
        int[] lower = [0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5];
        int[] upper = [0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5];
        int[] upperOffsets = [0, 2, 4, 6, 8, 10, 11];
        var random = new Random(11);
        foreach (var (rowOffsets, columns, kept) in new[] { (offsets, lower, 1), (upperOffsets, upper, 2) })
        {
            var lu = new SparseLu(n, cache);
            lu.Analyse(rowOffsets, columns);
            Assert.Equal(kept, cache.Count);
            var values = new double[columns.Length];
            for (int e = 0; e < values.Length; e++) values[e] = random.NextDouble() - 0.5;
            var b = new double[n];
            for (int i = 0; i < n; i++) b[i] = random.NextDouble();
            var x = (double[])b.Clone();
            Assert.True(lu.Factor(3, values));
            lu.Solve(x);
            for (int i = 0; i < n; i++)
            {
                double row = 3 * x[i];
                for (int e = rowOffsets[i]; e < rowOffsets[i + 1]; e++) row -= values[e] * x[columns[e]];
                Assert.Equal(b[i], row, 12);
            }
        }
    }

    /// <summary>Row and column 0 full, the rest diagonal (CSR, columns in increasing order).</summary>
    private static (int[] Offsets, int[] Columns) Arrow(int n)
    {
        var offsets = new int[n + 1];
        var columns = new List<int>();
        for (int i = 0; i < n; i++)
        {
            offsets[i] = columns.Count;
            if (i == 0) columns.AddRange(Enumerable.Range(0, n));
            else columns.AddRange([0, i]);
        }
        offsets[n] = columns.Count;
        return (offsets, columns.ToArray());
    }

    [Fact]
    public void Factor_ZeroPivot_ReturnsFalse()
    {
        // σI − J = 0 for J = I and σ = 1: no pivot, and the integrator must be told (it shortens the step).
        var lu = new SparseLu(2);
        lu.Analyse([0, 1, 2], [0, 1]);
        Assert.False(lu.Factor(1, [1.0, 1.0]));
        Assert.True(lu.Factor(2, [1.0, 1.0]));
    }

    /// <summary>A diagonal in [−3, −2) and off-diagonal entries in [−0.5, 0.5).</summary>
    private static double DominantDiagonal(Random random, bool diagonal) => diagonal ? -2 - random.NextDouble() : random.NextDouble() - 0.5;
}
