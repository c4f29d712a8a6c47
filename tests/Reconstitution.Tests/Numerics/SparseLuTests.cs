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
        var offsets = new int[n + 1];
        var columns = new List<int>();
        var values = new List<double>();
        for (int i = 0; i < n; i++)
        {
            offsets[i] = columns.Count;
            for (int j = 0; j < n; j++)
            {
                if (j != i && random.NextDouble() > 0.08) continue;
                columns.Add(j);
                values.Add(j == i ? -2 - random.NextDouble() : random.NextDouble() - 0.5);
            }
        }
        offsets[n] = columns.Count;
        var lu = new SparseLu(n);
        lu.Analyse(offsets, columns.ToArray());
        Assert.True(lu.Factor(sigma, values.ToArray()));
        Assert.True(lu.FactorEntries >= columns.Count);
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

    [Fact]
    public void Factor_ZeroPivot_ReturnsFalse()
    {
        // σI − J = 0 for J = I and σ = 1: no pivot, and the integrator must be told (it shortens the step).
        var lu = new SparseLu(2);
        lu.Analyse([0, 1, 2], [0, 1]);
        Assert.False(lu.Factor(1, [1.0, 1.0]));
        Assert.True(lu.Factor(2, [1.0, 1.0]));
    }
}
