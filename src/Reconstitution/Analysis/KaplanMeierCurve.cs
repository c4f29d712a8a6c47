using MathNet.Numerics.Distributions;
using Reconstitution.Validation;

namespace Reconstitution.Analysis;

/// <summary>
/// The Kaplan–Meier estimate of a survival function, with Greenwood's variance and the median
/// survival time with its confidence interval. Immutable and thread-safe.
/// </summary>
/// <remarks>
/// <para>
/// Every observation with a non-zero <see cref="SurvivalObservation.Cause"/> counts as an event.
/// For one cause among competing ones (engraftment with death as a competitor) use
/// <see cref="CumulativeIncidenceCurve"/>: 1 − Kaplan–Meier treating competitors as censored
/// overestimates the incidence.
/// </para>
/// <para>
/// Ŝ(t) = Π_{tᵢ ≤ t} (1 − dᵢ/nᵢ); Greenwood: Var Ŝ(t) = Ŝ(t)² Σ_{tᵢ ≤ t} dᵢ/(nᵢ(nᵢ − dᵢ))
/// (Kaplan &amp; Meier, JASA 1958; Greenwood 1926). Pointwise intervals use the log(−log)
/// transform, which keeps them inside [0, 1] (Kalbfleisch &amp; Prentice, 2nd ed., §4.3). The
/// median's interval is the set of times whose pointwise interval contains one half, the
/// Brookmeyer–Crowley construction (Biometrics 1982) with that transform, as in R's survfit.
/// </para>
/// </remarks>
public sealed class KaplanMeierCurve
{
    private readonly double[] _times;
    private readonly double[] _survival;
    private readonly double[] _standardError;
    private readonly int[] _atRisk;
    private readonly int[] _events;

    private KaplanMeierCurve(double[] times, double[] survival, double[] se, int[] atRisk, int[] events)
    {
        _times = times;
        _survival = survival;
        _standardError = se;
        _atRisk = atRisk;
        _events = events;
    }

    /// <summary>Distinct event times, ascending (days).</summary>
    public IReadOnlyList<double> Times => _times;

    /// <summary>Ŝ just after each event time.</summary>
    public IReadOnlyList<double> Survival => _survival;

    /// <summary>Greenwood standard error of Ŝ at each event time.</summary>
    public IReadOnlyList<double> StandardError => _standardError;

    /// <summary>Subjects at risk just before each event time.</summary>
    public IReadOnlyList<int> AtRisk => _atRisk;

    /// <summary>Events at each event time.</summary>
    public IReadOnlyList<int> Events => _events;

    /// <summary>Estimates the curve from observations; any non-zero cause is an event.</summary>
    /// <param name="observations">At least one observation; times finite and ≥ 0.</param>
    /// <returns>The estimated curve.</returns>
    public static KaplanMeierCurve Estimate(IReadOnlyList<SurvivalObservation> observations)
    {
        var table = RiskSetTable.Build(observations, nameof(observations));
        // Arrays of the table's length, trimmed at the end: List<double> is generic code JIT-compiled in every process.
        int length = table.Times.Length, k = 0;
        var times = new double[length];
        var survival = new double[length];
        var se = new double[length];
        var atRisk = new int[length];
        var events = new int[length];
        double s = 1, greenwood = 0;
        for (int i = 0; i < length; i++)
        {
            int d = table.AllEvents(i);
            if (d == 0) continue;
            int n = table.AtRisk[i];
            s *= 1 - (double)d / n;
            greenwood += n > d ? (double)d / (n * (double)(n - d)) : double.PositiveInfinity;
            times[k] = table.Times[i];
            survival[k] = s;
            se[k] = s > 0 ? s * Math.Sqrt(greenwood) : 0;
            atRisk[k] = n;
            events[k] = d;
            k++;
        }
        return new KaplanMeierCurve(FiniteOrder.Trim(times, k), FiniteOrder.Trim(survival, k), FiniteOrder.Trim(se, k),
            FiniteOrder.Trim(atRisk, k), FiniteOrder.Trim(events, k));
    }

    /// <summary>Ŝ(t): the estimated probability of no event by <paramref name="timeDays"/> (right-continuous step function).</summary>
    /// <param name="timeDays">The time in days.</param>
    /// <returns>Ŝ(t) in [0, 1].</returns>
    public double SurvivalAt(double timeDays)
    {
        Guard.Finite(timeDays);
        int i = LastIndexAtOrBefore(timeDays);
        return i < 0 ? 1.0 : _survival[i];
    }

    /// <summary>The pointwise confidence interval of Ŝ(t), log(−log) transformed.</summary>
    /// <param name="timeDays">The time in days.</param>
    /// <param name="level">The coverage, in (0, 1); default 0.95.</param>
    /// <returns>The interval; degenerate where Ŝ is 0 or 1.</returns>
    public ConfidenceInterval SurvivalInterval(double timeDays, double level = 0.95)
    {
        Guard.Finite(timeDays);
        CheckLevel(level);
        int i = LastIndexAtOrBefore(timeDays);
        return i < 0 ? new ConfidenceInterval(1, 1, level) : PointwiseInterval(i, Quantile(level)) with { Level = level };
    }

    /// <summary>The median time to event: the first time Ŝ falls to one half or below (days).</summary>
    /// <value>
    /// When Ŝ equals exactly one half between two event times, the midpoint of those times (the
    /// usual convention); <see cref="double.PositiveInfinity"/> if Ŝ never reaches one half.
    /// </value>
    public double Median => Quantile50(_survival);

    /// <summary>The confidence interval of <see cref="Median"/> (Brookmeyer–Crowley, log(−log) band).</summary>
    /// <param name="level">The coverage, in (0, 1); default 0.95.</param>
    /// <returns>The interval; the upper limit is +∞ when the upper band never falls to one half.</returns>
    public ConfidenceInterval MedianInterval(double level = 0.95)
    {
        CheckLevel(level);
        double z = Quantile(level);
        var lower = new double[_times.Length];
        var upper = new double[_times.Length];
        for (int i = 0; i < _times.Length; i++)
        {
            var ci = PointwiseInterval(i, z);
            lower[i] = ci.Lower;
            upper[i] = ci.Upper;
        }
        return new ConfidenceInterval(Quantile50(lower), Quantile50(upper), level);
    }

    private double Quantile50(double[] curve)
    {
        const double half = 0.5;
        for (int i = 0; i < curve.Length; i++)
        {
            if (curve[i] < half) return _times[i];
            if (curve[i] == half)
                return i + 1 < _times.Length ? (_times[i] + _times[i + 1]) / 2 : _times[i];
        }
        return double.PositiveInfinity;
    }

    private ConfidenceInterval PointwiseInterval(int i, double z)
    {
        double s = _survival[i];
        if (s <= 0 || s >= 1 || double.IsInfinity(_standardError[i])) return new ConfidenceInterval(s, s, 0);
        double logS = Math.Log(s);
        double seTheta = _standardError[i] / (s * Math.Abs(logS));
        // S^{exp(±z·se)}: a larger exponent gives a smaller value since 0 < S < 1.
        return new ConfidenceInterval(Math.Pow(s, Math.Exp(z * seTheta)), Math.Pow(s, Math.Exp(-z * seTheta)), 0);
    }

    private int LastIndexAtOrBefore(double t)
    {
        return FiniteOrder.LastAtOrBefore(_times, t);
    }

    internal static void CheckLevel(double level)
    {
        if (!(level > 0 && level < 1)) throw Guard.OutOfRange(nameof(level), level, "(0, 1)");
    }

    internal static double Quantile(double level) => Normal.InvCDF(0, 1, 0.5 + level / 2);
}
