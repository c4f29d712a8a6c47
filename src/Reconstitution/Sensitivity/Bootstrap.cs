using Reconstitution.Randomness;

namespace Reconstitution.Sensitivity;

/// <summary>Percentile bootstrap over sampling units (trajectories or Sobol rows), shared by the estimators. Stateless.</summary>
internal static class Bootstrap
{
    public const int Resamples = 1000;

    /// <summary>
    /// Resamples the <paramref name="units"/> with replacement <see cref="Resamples"/> times and evaluates
    /// <paramref name="statistic"/> (which returns one value per index) on each resample; returns per index the standard
    /// error and the 2.5 % and 97.5 % percentiles.
    /// </summary>
    public static (double Se, double Lower, double Upper)[] Intervals(int units, int indices, Func<int[], double[]> statistic, RandomStream random)
    {
        var draws = new double[indices][];
        for (int j = 0; j < indices; j++) draws[j] = new double[Resamples];
        var sample = new int[units];
        for (int b = 0; b < Resamples; b++)
        {
            for (int i = 0; i < units; i++) sample[i] = random.Next(units);
            var s = statistic(sample);
            for (int j = 0; j < indices; j++) draws[j][b] = s[j];
        }
        var result = new (double, double, double)[indices];
        for (int j = 0; j < indices; j++)
        {
            var d = draws[j].Where(double.IsFinite).Order().ToArray();
            if (d.Length < 2) { result[j] = (double.NaN, double.NaN, double.NaN); continue; }
            double mean = d.Average();
            double se = Math.Sqrt(d.Sum(x => (x - mean) * (x - mean)) / (d.Length - 1));
            result[j] = (se, Percentile(d, 0.025), Percentile(d, 0.975));
        }
        return result;
    }

    // Linear interpolation between order statistics (Hyndman and Fan type 7).
    private static double Percentile(double[] sorted, double p)
    {
        double h = (sorted.Length - 1) * p;
        int lo = (int)Math.Floor(h);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
