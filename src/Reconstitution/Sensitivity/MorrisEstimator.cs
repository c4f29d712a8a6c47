using Reconstitution.Randomness;

namespace Reconstitution.Sensitivity;

/// <summary>
/// Elementary-effect statistics of a Morris design: for parameter i, EE_i = Δy / Δu along each trajectory (Δu = ±½, the change
/// in the parameter's cumulative probability), and over trajectories μ = mean EE, μ* = mean |EE| (Campolongo 2007) and
/// σ = standard deviation of EE (Morris 1991). Stateless.
/// </summary>
internal static class MorrisEstimator
{
    /// <summary>The indices (muStar, mu, sigma per parameter) of one endpoint; effects involving a NaN output are dropped.</summary>
    public static List<SensitivityIndex> Estimate(SensitivityDesign design, IReadOnlyList<string> parameters, string endpoint, IReadOnlyList<double> outputs,
        double noiseVariance, RandomStream random)
    {
        int k = design.ParameterCount, r = design.Samples;
        // effects[t][i]: the elementary effect of parameter i in trajectory t (NaN when an output is undefined).
        var effects = new double[r][];
        double step = double.NaN;
        for (int t = 0; t < r; t++)
        {
            effects[t] = new double[k];
            int row = t * (k + 1);
            for (int m = 0; m < k; m++)
            {
                var a = design.PointView(row + m);
                var b = design.PointView(row + m + 1);
                int i = 0;
                while (a[i] == b[i]) i++;
                double du = b[i] - a[i];
                step = Math.Abs(du);
                effects[t][i] = (outputs[row + m + 1] - outputs[row + m]) / du;
            }
        }
        double[] Statistics(int[] sample)
        {
            var s = new double[3 * k];
            for (int i = 0; i < k; i++)
            {
                double sum = 0, sumAbs = 0, sumSq = 0;
                int n = 0;
                foreach (int t in sample)
                {
                    double e = effects[t][i];
                    if (!double.IsFinite(e)) continue;
                    sum += e; sumAbs += Math.Abs(e); sumSq += e * e; n++;
                }
                double mean = n > 0 ? sum / n : double.NaN;
                s[3 * i] = n > 0 ? sumAbs / n : double.NaN;
                s[3 * i + 1] = mean;
                s[3 * i + 2] = n > 1 ? Math.Sqrt(Math.Max(0, (sumSq - n * mean * mean) / (n - 1))) : double.NaN;
            }
            return s;
        }
        var all = Enumerable.Range(0, r).ToArray();
        var value = Statistics(all);
        var ci = Bootstrap.Intervals(r, 3 * k, Statistics, random);
        // Noise of one output has variance σ²_ε; a difference of two independent outputs 2σ²_ε (common random numbers make it
        // smaller, so these floors are upper bounds). E|N(0, 2σ²)| = 2σ/√π.
        double sd = Math.Sqrt(noiseVariance);
        double floorMuStar = 2 * sd / (step * Math.Sqrt(Math.PI)), floorSigma = Math.Sqrt(2) * sd / step;
        var list = new List<SensitivityIndex>(3 * k);
        string[] names = ["muStar", "mu", "sigma"];
        double[] floors = [floorMuStar, 0, floorSigma];
        for (int i = 0; i < k; i++)
            for (int j = 0; j < 3; j++)
            {
                double v = value[3 * i + j];
                var (se, lo, hi) = ci[3 * i + j];
                list.Add(new SensitivityIndex(endpoint, parameters[i], names[j], v, se, lo, hi, floors[j], Share(floors[j], v)));
            }
        return list;
    }

    internal static double Share(double floor, double value)
    {
        if (double.IsNaN(floor) || double.IsNaN(value)) return double.NaN;
        if (floor == 0) return 0;
        return Math.Abs(value) <= floor ? 1 : floor / Math.Abs(value);
    }
}
