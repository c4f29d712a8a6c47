using Reconstitution.Randomness;
using Reconstitution.Validation;

namespace Reconstitution.Sensitivity;

/// <summary>
/// The points at which a sensitivity analysis evaluates the model, as cumulative probabilities in (0, 1)^k (mapped to values
/// by each parameter's <see cref="ParameterDistribution.Quantile"/>). Immutable and thread-safe.
/// </summary>
/// <remarks>
/// <para>
/// <b>Morris</b> (<see cref="Morris"/>): r trajectories of k + 1 points. On a grid of p levels (p even), a trajectory starts at a
/// random level in each coordinate and moves each coordinate once, in random order, by Δ = p/2 levels up or down (Morris 1991,
/// with Δ = p / (2(p − 1)) of the unit interval). Levels are the centres of p equal-probability strata, (j + ½)/p, so normal
/// distributions stay finite; a step changes the cumulative probability by ½.
/// </para>
/// <para>
/// <b>Sobol</b> (<see cref="Sobol"/>): rows n = 1 … N of a 2k-dimensional Sobol sequence (the origin skipped) give matrices A
/// (first k coordinates) and B (last k); each row contributes A_n, B_n and A_n with coordinate i from B_n for i = 1 … k
/// (Saltelli 2010, §3): N(k + 2) points, row by row, so a contiguous block of points is a block of rows.
/// </para>
/// </remarks>
public sealed class SensitivityDesign
{
    private readonly double[][] _points;

    private SensitivityDesign(SensitivityMethod method, int parameters, int samples, int levels, int candidates, double[][] points)
    {
        Candidates = candidates;
        Method = method;
        ParameterCount = parameters;
        Samples = samples;
        Levels = levels;
        _points = points;
    }

    /// <summary>The method.</summary>
    public SensitivityMethod Method { get; }

    /// <summary>The number of parameters k.</summary>
    public int ParameterCount { get; }

    /// <summary>Morris trajectories r, or Sobol base rows N.</summary>
    public int Samples { get; }

    /// <summary>Morris grid levels p (0 for Sobol).</summary>
    public int Levels { get; }

    /// <summary>Morris candidate trajectories the design was chosen from (0: no selection, and for Sobol).</summary>
    public int Candidates { get; }

    /// <summary>Points per trajectory (k + 1) or per Sobol row (k + 2).</summary>
    public int PointsPerSample => Method == SensitivityMethod.Morris ? ParameterCount + 1 : ParameterCount + 2;

    /// <summary>The number of design points: r(k + 1) or N(k + 2).</summary>
    public int Count => _points.Length;

    /// <summary>The cumulative probabilities of point <paramref name="index"/>, one per parameter.</summary>
    /// <param name="index">0 to <see cref="Count"/> − 1.</param>
    /// <returns>A copy of the point.</returns>
    public double[] Point(int index) => (double[])_points[index].Clone();

    internal double[] PointView(int index) => _points[index];

    /// <summary>A Morris design.</summary>
    /// <param name="parameters">k, 1 to 1000.</param>
    /// <param name="trajectories">r, 2 to 10,000.</param>
    /// <param name="seed">Seeds the random trajectories.</param>
    /// <param name="levels">p, even, 2 to 64 (default 4, the common choice: Campolongo 2007).</param>
    /// <param name="candidates">
    /// 0 (default): the r random trajectories. M &gt; r: draw M candidates and keep the r that spread most over the input space
    /// (Campolongo 2007's criterion, chosen greedily), at most 10,000.
    /// </param>
    /// <returns>The design.</returns>
    public static SensitivityDesign Morris(int parameters, int trajectories, ulong seed, int levels = 4, int candidates = 0)
    {
        Guard.InRange(parameters, 1, 1000, nameof(parameters));
        Guard.InRange(trajectories, 2, 10_000, nameof(trajectories));
        Guard.InRange(levels, 2, 64, nameof(levels));
        if (levels % 2 != 0) throw new ArgumentOutOfRangeException(nameof(levels), levels, $"Parameter 'levels' was {levels}; it must be even (2, 4, 6, …).");
        if (candidates != 0 && (candidates <= trajectories || candidates > 10_000))
            throw new ArgumentOutOfRangeException(nameof(candidates), candidates, $"Parameter 'candidates' was {candidates}; use 0 (no selection) or more than the {trajectories} trajectories, at most 10000.");
        var random = RandomStream.Create(seed, 0, "sensitivity-morris");
        int k = parameters;
        var pool = new double[Math.Max(candidates, trajectories)][][];
        for (int t = 0; t < pool.Length; t++) pool[t] = Trajectory(k, levels, random);
        var chosen = candidates == 0 ? Enumerable.Range(0, trajectories).ToArray() : MorrisSpread.Select(pool, trajectories);
        var points = chosen.SelectMany(t => pool[t]).ToArray();
        return new SensitivityDesign(SensitivityMethod.Morris, k, trajectories, levels, candidates, points);
    }

    // One trajectory of k + 1 points (Morris 1991): random start levels, each coordinate moved once by p/2 levels, random order.
    private static double[][] Trajectory(int k, int levels, RandomStream random)
    {
        int half = levels / 2;
        var level = new int[k];
        var order = new int[k];
        var points = new double[k + 1][];
        for (int i = 0; i < k; i++)
        {
            int start = random.Next(half);
            level[i] = random.Next(2) == 0 ? start : start + half; // the upper half moves down
            order[i] = i;
        }
        random.Shuffle(order);
        points[0] = Probabilities(level, levels);
        for (int m = 0; m < k; m++)
        {
            int i = order[m];
            level[i] = level[i] < half ? level[i] + half : level[i] - half;
            points[m + 1] = Probabilities(level, levels);
        }
        return points;
    }

    /// <summary>A Saltelli design for Sobol indices.</summary>
    /// <param name="parameters">k, 1 to 32 (the Sobol sequence has 65 dimensions; 2k are needed).</param>
    /// <param name="rows">N, 2 to 1,000,000; powers of two keep the Sobol sequence balanced.</param>
    /// <returns>The design.</returns>
    public static SensitivityDesign Sobol(int parameters, int rows)
    {
        Guard.InRange(parameters, 1, (SobolSequence.MaxDimensions - 1) / 2, nameof(parameters));
        Guard.InRange(rows, 2, 1_000_000, nameof(rows));
        int k = parameters;
        var sequence = SobolSequence.Generate(2 * k, rows, skip: 1);
        var points = new double[rows * (k + 2)][];
        for (int n = 0; n < rows; n++)
        {
            var a = sequence[n][..k];
            var b = sequence[n][k..];
            int row = n * (k + 2);
            points[row] = a;
            points[row + 1] = b;
            for (int i = 0; i < k; i++)
            {
                var ab = (double[])a.Clone();
                ab[i] = b[i];
                points[row + 2 + i] = ab;
            }
        }
        return new SensitivityDesign(SensitivityMethod.Sobol, k, rows, 0, 0, points);
    }

    private static double[] Probabilities(int[] level, int levels)
    {
        var u = new double[level.Length];
        for (int i = 0; i < u.Length; i++) u[i] = (level[i] + 0.5) / levels;
        return u;
    }
}
