namespace Reconstitution.Compartments.Solvers;

/// <summary>
/// Helpers for a rate a(s) on a short window [0, h], modelled by the quadratic through its values
/// at 0, h/2 and h (Simpson's parabola), so that ∫₀ˢ a is exact for rates that vary quadratically
/// within the window and accurate to O(h⁴) otherwise. Used by the approximate solvers to integrate
/// time-dependent propensities over a leap instead of freezing them at the step's start.
/// </summary>
internal static class QuadraticRate
{
    /// <summary>Coefficients (b, c) of q(s) = f0 + b·s + c·s² through (0, f0), (h/2, fm), (h, f1).</summary>
    public static (double B, double C) Fit(double f0, double fm, double f1, double h) =>
        ((-3 * f0 + 4 * fm - f1) / h, 2 * (f0 - 2 * fm + f1) / (h * h));

    /// <summary>∫₀ˢ q.</summary>
    public static double Integral(double f0, double b, double c, double s) => s * (f0 + s * (0.5 * b + s * (c / 3)));

    /// <summary>q(s), clamped at 0 (a rate cannot be negative; the parabola may dip slightly).</summary>
    public static double Value(double f0, double b, double c, double s) => Math.Max(0, f0 + s * (b + s * c));

    /// <summary>
    /// Solves a·s + Σ∫₀ˢ qₖ = target for s ∈ (0, h], given the total hazard at h is ≥ target,
    /// by Newton iteration safeguarded with bisection.
    /// </summary>
    public static double SolveCrossing(double constant, ReadOnlySpan<double> f0, ReadOnlySpan<double> b, ReadOnlySpan<double> c,
        double target, double h, double hazardAtH)
    {
        double lo = 0, hi = h;
        double s = hazardAtH > 0 ? h * Math.Min(1, target / hazardAtH) : h;
        for (int iteration = 0; iteration < 100; iteration++)
        {
            double g = constant * s - target, slope = constant;
            for (int k = 0; k < f0.Length; k++)
            {
                g += Integral(f0[k], b[k], c[k], s);
                slope += Value(f0[k], b[k], c[k], s);
            }
            if (Math.Abs(g) <= 1e-14 * target) return s;
            if (g > 0) hi = s;
            else lo = s;
            double next = slope > 0 ? s - g / slope : double.NaN;
            s = next > lo && next < hi ? next : 0.5 * (lo + hi);
            if (hi - lo <= 1e-15 * h) break;
        }
        return s;
    }
}
