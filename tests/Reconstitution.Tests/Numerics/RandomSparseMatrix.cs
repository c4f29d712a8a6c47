namespace Reconstitution.Tests.Numerics;

/// <summary>Random sparse matrices in compressed rows for the LU tests.</summary>
internal static class RandomSparseMatrix
{
    /// <summary>
    /// An n × n matrix holding its diagonal and each off-diagonal entry with probability <paramref name="density"/>, row by
    /// row; each entry's value is <paramref name="value"/>(random, whether it is on the diagonal), drawn right after its
    /// position, so a seed gives the same matrix whatever the caller does with it.
    /// </summary>
    public static (int[] Offsets, int[] Columns, double[] Values) Make(Random random, int n, double density, Func<Random, bool, double> value)
    {
        var offsets = new int[n + 1];
        var columns = new List<int>();
        var values = new List<double>();
        for (int i = 0; i < n; i++)
        {
            offsets[i] = columns.Count;
            for (int j = 0; j < n; j++)
            {
                if (j != i && random.NextDouble() > density) continue;
                columns.Add(j);
                values.Add(value(random, j == i));
            }
        }
        offsets[n] = columns.Count;
        return (offsets, [.. columns], [.. values]);
    }
}
