using System.Runtime.CompilerServices;

namespace Reconstitution.Randomness;

/// <summary>
/// Exact binomial variates in O(1) expected time for any n up to ~10¹⁵ (stored as an
/// integer-valued double): inversion when n·min(p, 1−p) is small, Hörmann's BTRS transformed
/// rejection otherwise.
/// </summary>
/// <remarks>
/// BTRS: W. Hörmann, "The generation of binomial random variates", <i>Journal of Statistical
/// Computation and Simulation</i> 46 (1993) 101–110; an exact O(1) method in the same family as
/// BTPE (Kachitvichyanukul &amp; Schmeiser 1988) but shorter. The acceptance test uses
/// <see cref="LogFactorial.Difference"/>, which is accurate for n = 10¹³, where a difference of
/// log-gamma values would carry an absolute error of ~0.05. MathNet's binomial sampler is O(n)
/// and unusable for cell counts. No allocation; stateless.
/// </remarks>
internal static class BinomialSampler
{
    /// <summary>Below this n·p the expected O(n·p) inversion walk is cheaper than rejection.</summary>
    private const double InversionLimit = 14;

    /// <summary>Draws one Binomial(<paramref name="n"/>, <paramref name="p"/>) variate.</summary>
    /// <param name="rng">The random stream.</param>
    /// <param name="n">Number of trials: an integer-valued double, 0 ≤ n ≤ 2⁵³.</param>
    /// <param name="p">Success probability in [0, 1].</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Sample(RandomStream rng, double n, double p)
    {
        if (!(n >= 0 && n <= 9007199254740992.0)) ThrowBadN(n);
        if (!(p >= 0 && p <= 1)) ThrowBadP(p);
        if (n == 0 || p == 0) return 0;
        if (p == 1) return n;
        if (p > 0.5) return n - SampleLowerHalf(rng, n, 1 - p);
        return SampleLowerHalf(rng, n, p);
    }

    private static double SampleLowerHalf(RandomStream rng, double n, double p) =>
        n * p < InversionLimit ? Inversion(rng, n, p) : Btrs(rng, n, p);

    private static double Inversion(RandomStream rng, double n, double p)
    {
        double q = 1 - p;
        double ratio = p / q;
        double p0 = Math.Exp(n * LogFactorial.LogOnePlus(-p));
        while (true)
        {
            double u = rng.NextUniform();
            double f = p0;
            double k = 0;
            // n·p < 14: P(K > 110) is below 1e-50; a longer walk means round-off ate u; redraw.
            while (u > f && k < 110)
            {
                u -= f;
                k++;
                f *= (n - k + 1) / k * ratio;
                if (k >= n) break;
            }
            if (u <= f || k >= n) return Math.Min(k, n);
        }
    }

    private static double Btrs(RandomStream rng, double n, double p)
    {
        double q = 1 - p;
        double spq = Math.Sqrt(n * p * q);
        double b = 1.15 + 2.53 * spq;
        double a = -0.0873 + 0.0248 * b + 0.01 * p;
        double c = n * p + 0.5;
        double vr = 0.92 - 4.2 / b;
        double alpha = (2.83 + 5.1 / b) * spq;
        double lpq = Math.Log(p / q);
        double m = Math.Floor((n + 1) * p);
        while (true)
        {
            double u = rng.NextUniform() - 0.5;
            double v = rng.NextUniform();
            double us = 0.5 - Math.Abs(u);
            double k = Math.Floor((2 * a / us + b) * u + c);
            if (k < 0 || k > n) continue;
            if (us >= 0.07 && v <= vr) return k;
            double lhs = Math.Log(v * alpha / (a / (us * us) + b));
            // ln[f(k)/f(m)] = ln m! − ln k! + ln(n−m)! − ln(n−k)! + (k − m) ln(p/q).
            double rhs = LogFactorial.Difference(m, k) + LogFactorial.Difference(n - m, n - k) + (k - m) * lpq;
            if (lhs <= rhs) return k;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowBadN(double n) =>
        throw Validation.Guard.OutOfRange(nameof(n), n, "[0, 2^53]");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowBadP(double p) =>
        throw Validation.Guard.OutOfRange(nameof(p), p, "[0, 1]");
}
