namespace Reconstitution.Sensitivity;

/// <summary>
/// Chooses Morris trajectories that spread over the input space (Campolongo, Cariboni and Saltelli 2007, §3): the distance of
/// two trajectories is d(m, l) = Σ_i Σ_j ‖X_i(m) − X_j(l)‖ over their points, and a set is better the larger
/// √(Σ d² over its pairs). Campolongo search all subsets; this picks greedily: the farthest pair, then repeatedly the
/// candidate that adds most to Σ d². Stateless.
/// </summary>
internal static class MorrisSpread
{
    /// <summary>The indices of <paramref name="count"/> trajectories of <paramref name="pool"/>, in the order chosen.</summary>
    public static int[] Select(double[][][] pool, int count)
    {
        int m = pool.Length;
        var d2 = new double[m, m];
        for (int a = 0; a < m; a++)
            for (int b = a + 1; b < m; b++)
            {
                double d = Distance(pool[a], pool[b]);
                d2[a, b] = d2[b, a] = d * d;
            }
        int first = 0, second = 1;
        for (int a = 0; a < m; a++)
            for (int b = a + 1; b < m; b++)
                if (d2[a, b] > d2[first, second]) (first, second) = (a, b);
        var chosen = new List<int> { first, second };
        var gain = new double[m];
        for (int c = 0; c < m; c++) gain[c] = d2[c, first] + d2[c, second];
        while (chosen.Count < count)
        {
            int best = -1;
            for (int c = 0; c < m; c++)
                if (!chosen.Contains(c) && (best < 0 || gain[c] > gain[best])) best = c;
            chosen.Add(best);
            for (int c = 0; c < m; c++) gain[c] += d2[c, best];
        }
        return [.. chosen];
    }

    /// <summary>√(Σ d² over all pairs): Campolongo's spread of a set of trajectories.</summary>
    public static double Spread(IReadOnlyList<double[][]> trajectories)
    {
        double sum = 0;
        for (int a = 0; a < trajectories.Count; a++)
            for (int b = a + 1; b < trajectories.Count; b++)
            {
                double d = Distance(trajectories[a], trajectories[b]);
                sum += d * d;
            }
        return Math.Sqrt(sum);
    }

    private static double Distance(double[][] x, double[][] y)
    {
        double total = 0;
        foreach (var p in x)
            foreach (var q in y)
            {
                double s = 0;
                for (int z = 0; z < p.Length; z++) s += (p[z] - q[z]) * (p[z] - q[z]);
                total += Math.Sqrt(s);
            }
        return total;
    }
}
