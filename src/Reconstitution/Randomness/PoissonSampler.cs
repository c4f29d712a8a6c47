using System.Runtime.CompilerServices;

namespace Reconstitution.Randomness;

/// <summary>
/// Exact Poisson variates in O(1) expected time for any mean: sequential inversion for
/// small means, Hörmann's PTRS transformed rejection with squeeze for large ones.
/// </summary>
/// <remarks>
/// PTRS: W. Hörmann, "The transformed rejection method for generating Poisson random
/// variables", <i>Insurance: Mathematics and Economics</i> 12 (1993) 39–45. The acceptance test
/// evaluates ln p(k) in a cancellation-free form, so means up to ~10¹⁵ (whole-body cell
/// counts) are sampled exactly. No allocation; stateless and thread-safe (the stream is not).
/// </remarks>
internal static class PoissonSampler
{
    /// <summary>Below this mean inversion (O(mean) multiplications) beats rejection.</summary>
    private const double InversionLimit = 10;

    /// <summary>Draws one Poisson(<paramref name="mean"/>) variate as an integer-valued double.</summary>
    /// <param name="rng">The random stream.</param>
    /// <param name="mean">The mean; finite and ≥ 0.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Sample(RandomStream rng, double mean)
    {
        if (!(mean >= 0) || double.IsPositiveInfinity(mean)) ThrowBadMean(mean);
        if (mean == 0) return 0;
        return mean < InversionLimit ? Inversion(rng, mean) : Ptrs(rng, mean);
    }

    private static double Inversion(RandomStream rng, double mean)
    {
        while (true)
        {
            double u = rng.NextUniform();
            double p = Math.Exp(-mean);
            double k = 0;
            // P(K > 80) < 1e-50 for mean < 10: a longer walk means round-off ate u; redraw.
            while (u > p && k < 80)
            {
                u -= p;
                k++;
                p *= mean / k;
            }
            if (k < 80) return k;
        }
    }

    private static double Ptrs(RandomStream rng, double mean)
    {
        double smu = Math.Sqrt(mean);
        double b = 0.931 + 2.53 * smu;
        double a = -0.059 + 0.02483 * b;
        double invAlpha = 1.1239 + 1.1328 / (b - 3.4);
        double vr = 0.9277 - 3.6224 / (b - 2);
        double logMean = Math.Log(mean);
        while (true)
        {
            double u = rng.NextUniform() - 0.5;
            double v = rng.NextUniform();
            double us = 0.5 - Math.Abs(u);
            double k = Math.Floor((2 * a / us + b) * u + mean + 0.43);
            if (us >= 0.07 && v <= vr) return k;
            if (k < 0 || (us < 0.013 && v > us)) continue;
            double lhs = Math.Log(v * invAlpha / (a / (us * us) + b));
            if (lhs <= LogPmf(k, mean, logMean)) return k;
        }
    }

    /// <summary>ln P(K = k) for K ~ Poisson(mean), without cancellation for huge means.</summary>
    internal static double LogPmf(double k, double mean, double logMean)
    {
        if (k < 256) return -mean + k * logMean - LogFactorial.Of(k);
        // k ln μ − ln k! − μ with Stirling: −k·ln(1 + (k−μ)/μ) + (k − μ) − ½ ln 2πk − δ(k).
        double d = k - mean;
        return -k * LogFactorial.LogOnePlus(d / mean) + d - LogFactorial.StirlingRemainder(k);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowBadMean(double mean) =>
        throw Validation.Guard.OutOfRange(nameof(mean), mean, "[0, +∞)");
}
