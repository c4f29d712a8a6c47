using MathNet.Numerics;
using Reconstitution.Physiology;
using Reconstitution.Validation;

namespace Reconstitution.Forecasting;

/// <summary>
/// The measurement-error model that links a simulated readout x to a reported value y: log(y + c) is normal around
/// log(x + c) with standard deviation σ = √ln(1 + CV²), per measure, where c is a small floor in the measure's unit
/// that keeps counts near zero (aplasia) finite. Censored values contribute the probability of the bound, and a
/// reported 0 the probability of a report at or below 0 (the model's reports below 0 are reported as 0).
/// Immutable and thread-safe; change a measure with <see cref="With"/>.
/// </summary>
/// <remarks>
/// <para>
/// The CV is the error between the model's smooth morning count and a reported value: day-to-day biological
/// fluctuation the model does not carry, plus analytical imprecision. Defaults (docs/forecasting.md §Likelihood):
/// ANC 0.25 (week-to-week within-subject CV of neutrophils 26 %, Statland et al., Am J Clin Pathol 1978;69:48),
/// WBC 0.16 (15.7 %, same source), lymphocytes 0.15 (13.2 %, same source, plus analytical), platelets 0.10 (6.6 %, same
/// source, plus the larger imprecision of low counts), Hb 0.04 (2.2 %, same source, plus analytical); CD4, CD8, B, NK
/// 0.15 and donor chimerism 0.10 are assumptions (flow-cytometric and STR assay imprecision); the model-internal
/// autoreactive count 0.5, disease-activity index 0.2 and relative autoantibody 0.2 (immunoassay imprecision) are assumptions too.
/// </para>
/// <para>
/// Floors: ANC, WBC, lymphocytes 0.02 ×10⁹/L (the resolution of an automated differential in aplasia), platelets
/// 1 ×10⁹/L, Hb 0.1 g/dL, subsets 5 cells/µL, chimerism 1 %, autoreactive 1 cell, disease activity 0.01, autoantibody 0.01.
/// </para>
/// </remarks>
public sealed record MeasurementError
{
    private static readonly int Count = MeasureNames.All.Count;
    private readonly double[] _cv;
    private readonly double[] _floor;

    private MeasurementError(double[] cv, double[] floor)
    {
        _cv = cv;
        _floor = floor;
    }

    /// <summary>The defaults listed in the remarks.</summary>
    public static MeasurementError Default { get; } = new(
        [0.25, 0.16, 0.04, 0.10, 0.15, 0.15, 0.15, 0.15, 0.15, 0.10, 0.5, 0.2, 0.2],
        [0.02, 0.02, 0.1, 1, 0.02, 5, 5, 5, 5, 1, 1, 0.01, 0.01]);

    /// <summary>The coefficient of variation of a reported value around the simulated one.</summary>
    /// <param name="measure">The measure.</param>
    /// <returns>The CV (a fraction, e.g. 0.25).</returns>
    public double Cv(Measure measure) => _cv[Index(measure)];

    /// <summary>The floor c added before taking logarithms, in the measure's unit.</summary>
    /// <param name="measure">The measure.</param>
    /// <returns>The floor.</returns>
    public double Floor(Measure measure) => _floor[Index(measure)];

    /// <summary>Returns a copy with a different error for one measure.</summary>
    /// <param name="measure">The measure.</param>
    /// <param name="cv">The coefficient of variation, in (0, 5].</param>
    /// <param name="floor">The floor in the measure's unit, &gt; 0.</param>
    /// <returns>The new model.</returns>
    public MeasurementError With(Measure measure, double cv, double floor)
    {
        Guard.PositiveAtMost(cv, 5, nameof(cv));
        Guard.Positive(floor, nameof(floor));
        int i = Index(measure);
        var c = (double[])_cv.Clone();
        var f = (double[])_floor.Clone();
        c[i] = cv;
        f[i] = floor;
        return new MeasurementError(c, f);
    }

    /// <summary>The standard deviation of log(y + c).</summary>
    internal double Sigma(Measure measure)
    {
        double cv = Cv(measure);
        return Math.Sqrt(Math.Log(1 + cv * cv));
    }

    /// <summary>The standardized residual of an observation given a simulated value: (log(y + c) − log(x + c)) / σ.</summary>
    internal double Residual(in Observation o, double simulated)
    {
        double c = Floor(o.Measure);
        return (Math.Log(o.Value + c) - Math.Log(Math.Max(simulated, 0) + c)) / Sigma(o.Measure);
    }

    /// <summary>
    /// The log-likelihood of an observation given the simulated value: the log-normal density of the value (with the
    /// Jacobian of the log, so it is a density in the measure's unit), or the log-probability of the bound when censored.
    /// </summary>
    internal double LogLikelihood(in Observation o, double simulated)
    {
        double r = Residual(o, simulated);
        if (o.Censoring == ObservationCensoring.None && o.Value == 0) return LogNormalCdf(r); // a reported 0 (IsCensored)
        return o.Censoring switch
        {
            ObservationCensoring.Below => LogNormalCdf(r),
            ObservationCensoring.Above => LogNormalCdf(-r),
            _ => -0.5 * r * r - Math.Log(Sigma(o.Measure)) - 0.5 * Math.Log(2 * Math.PI) - Math.Log(o.Value + Floor(o.Measure)),
        };
    }

    /// <summary>
    /// Whether the observation is a probability rather than a density: a censored value, or an exact 0. A report
    /// y = (x + c)·e^(σε) − c below 0 is reported as 0, so 0 carries the model's mass Φ((log c − log(x + c))/σ).
    /// </summary>
    internal static bool IsCensored(in Observation o) => o.Censoring != ObservationCensoring.None || o.Value == 0;

    /// <summary>
    /// The probability, under this error model around <paramref name="simulated"/>, of a report at most the observed
    /// value (for a value below a bound: of a report below the bound; above: of a report above it).
    /// </summary>
    internal double Cdf(in Observation o, double simulated)
    {
        double r = Residual(o, simulated);
        return o.Censoring == ObservationCensoring.Above ? 0.5 * SpecialFunctions.Erfc(r / Math.Sqrt(2)) : 0.5 * SpecialFunctions.Erfc(-r / Math.Sqrt(2));
    }

    /// <summary>log Φ(x), accurate far in the lower tail.</summary>
    internal static double LogNormalCdf(double x)
    {
        if (x > -30) return Math.Log(0.5 * SpecialFunctions.Erfc(-x / Math.Sqrt(2)));
        // Mills-ratio asymptote: Φ(x) ≈ φ(x)/|x| for x → −∞.
        return -0.5 * x * x - Math.Log(-x) - 0.5 * Math.Log(2 * Math.PI);
    }

    /// <inheritdoc />
    public bool Equals(MeasurementError? other) => other is not null && _cv.AsSpan().SequenceEqual(other._cv) && _floor.AsSpan().SequenceEqual(other._floor);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (double v in _cv) h.Add(v);
        foreach (double v in _floor) h.Add(v);
        return h.ToHashCode();
    }

    private static int Index(Measure measure) => (uint)measure < (uint)Count
        ? (int)measure
        : throw new ArgumentOutOfRangeException(nameof(measure), measure, $"Parameter 'measure' was {measure}; allowed: a defined Measure.");
}
