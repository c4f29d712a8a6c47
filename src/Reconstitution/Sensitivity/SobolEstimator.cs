using Reconstitution.Randomness;

namespace Reconstitution.Sensitivity;

/// <summary>
/// First-order and total-effect Sobol indices from a Saltelli design: with f_A, f_B and f_ABi the outputs of each row and V the
/// variance of all f_A and f_B values, S1_i = mean(f_B (f_ABi − f_A)) / V (Saltelli et al. 2010, table 2 (b)) and
/// ST_i = mean((f_A − f_ABi)²) / (2V) (Jansen 1999; Saltelli 2010, table 2 (f)). Rows with an undefined output are dropped.
/// Stateless.
/// </summary>
internal static class SobolEstimator
{
    /// <summary>The indices (S1, ST per parameter) of one endpoint.</summary>
    public static List<SensitivityIndex> Estimate(SensitivityDesign design, IReadOnlyList<string> parameters, string endpoint, IReadOnlyList<double> outputs,
        double noiseVariance, RandomStream random)
    {
        int k = design.ParameterCount;
        var rows = new List<double[]>();
        for (int n = 0; n < design.Samples; n++)
        {
            var row = new double[k + 2];
            bool finite = true;
            for (int j = 0; j < k + 2; j++)
            {
                row[j] = outputs[n * (k + 2) + j];
                finite &= double.IsFinite(row[j]);
            }
            if (finite) rows.Add(row);
        }
        double[] Statistics(int[] sample)
        {
            var s = new double[2 * k];
            int n = sample.Length;
            double mean = 0;
            foreach (int r in sample) mean += rows[r][0] + rows[r][1];
            mean /= 2.0 * n;
            double variance = 0;
            foreach (int r in sample) variance += Sq(rows[r][0] - mean) + Sq(rows[r][1] - mean);
            variance /= 2.0 * n - 1;
            for (int i = 0; i < k; i++)
            {
                double first = 0, total = 0;
                foreach (int r in sample)
                {
                    var f = rows[r];
                    first += f[1] * (f[2 + i] - f[0]);
                    total += Sq(f[0] - f[2 + i]);
                }
                s[2 * i] = variance > 0 ? first / n / variance : double.NaN;
                s[2 * i + 1] = variance > 0 ? total / (2.0 * n) / variance : double.NaN;
            }
            return s;
        }
        var list = new List<SensitivityIndex>(2 * k);
        if (rows.Count < 2)
        {
            foreach (string p in parameters)
            {
                list.Add(new SensitivityIndex(endpoint, p, "S1", double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN));
                list.Add(new SensitivityIndex(endpoint, p, "ST", double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN));
            }
            return list;
        }
        var all = Enumerable.Range(0, rows.Count).ToArray();
        var value = Statistics(all);
        var ci = Bootstrap.Intervals(rows.Count, 2 * k, Statistics, random);
        double v = OutputVariance(rows);
        // Independent noise of variance σ²_ε adds σ²_ε to E[(f_A − f_ABi)²] / 2, i.e. σ²_ε / V to ST; its mean in S1 is 0.
        double floorTotal = noiseVariance / v;
        for (int i = 0; i < k; i++)
        {
            var (se1, lo1, hi1) = ci[2 * i];
            var (seT, loT, hiT) = ci[2 * i + 1];
            list.Add(new SensitivityIndex(endpoint, parameters[i], "S1", value[2 * i], se1, lo1, hi1, 0, 0));
            list.Add(new SensitivityIndex(endpoint, parameters[i], "ST", value[2 * i + 1], seT, loT, hiT, floorTotal, MorrisEstimator.Share(floorTotal, value[2 * i + 1])));
        }
        return list;
    }

    /// <summary>The variance of the f_A and f_B outputs (the endpoint's total variance over the parameter space).</summary>
    private static double OutputVariance(List<double[]> rows)
    {
        double mean = rows.Sum(r => r[0] + r[1]) / (2.0 * rows.Count);
        return rows.Sum(r => Sq(r[0] - mean) + Sq(r[1] - mean)) / (2.0 * rows.Count - 1);
    }

    private static double Sq(double x) => x * x;
}
