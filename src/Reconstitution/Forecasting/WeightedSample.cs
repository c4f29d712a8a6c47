namespace Reconstitution.Forecasting;

/// <summary>Quantiles and probabilities of a weighted sample (weights sum to 1). Stateless helpers.</summary>
internal static class WeightedSample
{
    /// <summary>
    /// The q-quantile as the inverse of the weighted empirical distribution function: the smallest value whose
    /// cumulative weight reaches q (with a 1e-12 tolerance for rounding). <paramref name="values"/> may hold +∞.
    /// </summary>
    public static double Quantile(ReadOnlySpan<double> values, ReadOnlySpan<double> weights, double q)
    {
        var order = new int[values.Length];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        var v = values.ToArray();
        Array.Sort(order, (a, b) => v[a].CompareTo(v[b]));
        double cumulative = 0;
        foreach (int i in order)
        {
            cumulative += weights[i];
            if (cumulative >= q - 1e-12) return v[i];
        }
        return v[order[^1]];
    }

    /// <summary>The weighted share of values ≤ x.</summary>
    public static double Cdf(ReadOnlySpan<double> values, ReadOnlySpan<double> weights, double x)
    {
        double p = 0;
        for (int i = 0; i < values.Length; i++) if (values[i] <= x) p += weights[i];
        return Math.Min(1, p);
    }

    /// <summary>The weighted mean of the finite values, or NaN when they have no weight.</summary>
    public static double Mean(ReadOnlySpan<double> values, ReadOnlySpan<double> weights)
    {
        double s = 0, w = 0;
        for (int i = 0; i < values.Length; i++)
            if (double.IsFinite(values[i])) { s += weights[i] * values[i]; w += weights[i]; }
        return w > 0 ? s / w : double.NaN;
    }

    /// <summary>Kish's effective sample size (Σw)²/Σw² from log-weights; 0 when every weight is zero.</summary>
    public static double EffectiveSampleSize(ReadOnlySpan<double> logWeights)
    {
        double max = double.NegativeInfinity;
        foreach (double l in logWeights) max = Math.Max(max, l);
        if (double.IsNegativeInfinity(max)) return 0;
        double s = 0, s2 = 0;
        foreach (double l in logWeights)
        {
            double w = Math.Exp(l - max);
            s += w;
            s2 += w * w;
        }
        return s * s / s2;
    }

    /// <summary>Normalized weights from log-weights (uniform when every weight is zero).</summary>
    public static double[] Normalize(ReadOnlySpan<double> logWeights)
    {
        double max = double.NegativeInfinity;
        foreach (double l in logWeights) max = Math.Max(max, l);
        var w = new double[logWeights.Length];
        if (double.IsNegativeInfinity(max))
        {
            Array.Fill(w, 1.0 / w.Length);
            return w;
        }
        double s = 0;
        for (int i = 0; i < w.Length; i++) s += w[i] = Math.Exp(logWeights[i] - max);
        for (int i = 0; i < w.Length; i++) w[i] /= s;
        return w;
    }
}
