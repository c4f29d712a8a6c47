using System.Runtime.CompilerServices;

namespace Reconstitution.Compartments.Solvers;

/// <summary>
/// Where a non-decreasing total hazard H reaches a target inside one integrator step: the time the next exact firing
/// happens (<see cref="HybridSolver"/>).
/// </summary>
/// <remarks>
/// <para><b>Tolerance.</b> The time returned is the upper end of a bracket at most 10⁻¹⁵·max(1, |hi|) days wide
/// (<see cref="BisectionWidth"/>) whose upper end has H ≥ target and whose lower end (or lo) has H &lt; target: the
/// tolerance bisection on [lo, hi] stops at. It is not bisection's point to the bit; the two lie within that width of
/// each other.</para>
/// <para><b>Search.</b> A safeguarded Newton iteration (Press et al., <i>Numerical Recipes</i>, 3rd ed., §9.4,
/// "rtsafe"): the rate dH/dt is known on the step (it is the hazard rate, and the dense output is a cubic), so each step
/// squares the error, and three or four reach the width from lo. Near the root Newton's points stay on one side of it,
/// so a step shorter than half the width is carried half a width further, across the root, and the next point closes
/// the bracket. A point outside the bracket falls back to the chord (regula falsi), then to the midpoint; where the rate
/// is unknown (NaN), the secant through the last two points stands in for it. About 5 evaluations of H per crossing
/// (`auto-cy-atg`), against 12.7 for a regula falsi followed by a replay of the bisection and 43.6 for the bisection
/// itself (benchmarks/results/cohort.md).</para>
/// <para><b>Fallback.</b> If the bracket is still wider after <see cref="MaxNewtonSteps"/> steps (H flat at rounding
/// level), or H reaches the target already at lo, the bisection finishes the search: it halves [lo, hi] (at most 64
/// times) until the width is reached and returns the upper end, evaluating H only at the midpoints inside the bracket
/// (a, b) found so far, whose side is not yet known (H is non-decreasing: a midpoint at or below a point known to be
/// below the target is below it, one at or above a point known to reach it reaches it).</para>
/// </remarks>
internal static class HazardCrossing
{
    /// <summary>A total hazard on one step.</summary>
    internal interface ICurve
    {
        /// <summary>H(<paramref name="time"/>), and dH/dt there in <paramref name="rate"/> (per day; NaN when unknown).</summary>
        double Value(double time, out double rate);
    }

    /// <summary>At most this many Newton (or fallback) steps before the bisection finishes the search.</summary>
    internal const int MaxNewtonSteps = 24;

    /// <summary>
    /// The time in [<paramref name="lo"/>, <paramref name="hi"/>] where <paramref name="hazard"/> reaches
    /// <paramref name="target"/> (see remarks of the type); <paramref name="hazardAtHi"/> = H(hi) ≥ target.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Locate<TCurve>(ref TCurve hazard, double lo, double hi, double hazardAtHi, double target)
        where TCurve : struct, ICurve
    {
        double tolerance = BisectionWidth(hi), nudge = 0.5 * tolerance;
        double a = lo, fa = hazard.Value(lo, out double rate) - target, b = hi, fb = hazardAtHi - target;
        if (fa >= 0)
        {
            a = double.NegativeInfinity; // H reaches the target from lo on: every midpoint lies above
            b = lo;
        }
        else
        {
            // x: the last point evaluated; (xBefore, fBefore): the one before, for a secant slope when the rate is unknown.
            double x = lo, fx = fa, xBefore = hi, fBefore = fb;
            for (int iteration = 0; iteration < MaxNewtonSteps; iteration++)
            {
                if (!(b - a > tolerance)) return b;
                double slope = double.IsNaN(rate) ? (fx - fBefore) / (x - xBefore) : rate;
                double step = fx / slope;
                double next = x - step;
                if (Math.Abs(step) < nudge) next += fx < 0 ? nudge : -nudge;
                if (!(next > a && next < b)) next = b - fb * ((b - a) / (fb - fa));
                if (!(next > a && next < b)) next = 0.5 * (a + b);
                xBefore = x;
                fBefore = fx;
                x = next;
                fx = hazard.Value(x, out rate) - target;
                if (fx >= 0)
                {
                    b = x;
                    fb = fx;
                }
                else
                {
                    a = x;
                    fa = fx;
                }
            }
            if (!(b - a > tolerance)) return b;
        }
        // The bisection, replayed: the inner loop takes the midpoints outside (a, b), whose side is known, with no call
        // (so its values stay in registers); the outer one evaluates H at a midpoint inside.
        for (int iteration = 0; ; iteration++)
        {
            double mid;
            while (true)
            {
                if (iteration == 64 || !(hi - lo > BisectionWidth(hi))) return hi;
                mid = 0.5 * (lo + hi);
                if (mid > a && mid < b) break;
                bool above = mid >= b;
                hi = above ? mid : hi;
                lo = above ? lo : mid;
                iteration++;
            }
            if (hazard.Value(mid, out _) >= target) hi = mid;
            else lo = mid;
        }
    }

    /// <summary>The bracket width at which the search stops, for a bracket ending at <paramref name="hi"/> (days).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double BisectionWidth(double hi) => 1e-15 * Math.Max(1, Math.Abs(hi));
}
