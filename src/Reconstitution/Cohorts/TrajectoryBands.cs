using Reconstitution.Analysis;
using Reconstitution.Physiology;
using Reconstitution.Validation;

namespace Reconstitution.Cohorts;

/// <summary>
/// The distribution of every readout on every day across a cohort, in bounded memory: quantiles (such as the
/// median and the 5–95 % band) of each <see cref="Measure"/> by day. Not thread-safe; mergeable.
/// </summary>
/// <remarks>
/// Each (measure, day) keeps counts in fixed logarithmic bins (relative resolution 4 %, 1 % for haemoglobin, so a reported
/// quantile is within about 2 % (0.5 %) of the exact order statistic), so memory depends on the number of days, not on the number of
/// patients, and two bands built from disjoint sets of patients merge into exactly the bands of their union
/// (see docs/outputs.md). Patients contribute only the days they were alive.
/// <para>
/// Days up to <see cref="DailyUntilDay"/> (two years) are banded daily; later ones every <see cref="SparseIntervalDays"/> days
/// (day 760, 790, …) and on the last day (<see cref="IsSampled"/>); a day between two sampled days reports the sampled day
/// before it. This keeps a 100-year horizon at about 2,000 day streams instead of 36,500 (tens of MB instead of ≈ 800 MB),
/// while the months that matter for engraftment and reconstitution stay daily.
/// </para>
/// </remarks>
public sealed class TrajectoryBands
{
    private const double Resolution = 0.04;
    private static readonly int MeasureCount = MeasureNames.All.Count;
    private readonly LogBinnedQuantileSketch[] _sketches;

    /// <summary>The last day banded daily: day 730 (two years).</summary>
    public const int DailyUntilDay = 730;

    /// <summary>After <see cref="DailyUntilDay"/>, days are banded every 30 days.</summary>
    public const int SparseIntervalDays = 30;

    /// <summary>Creates empty bands for days <paramref name="firstDay"/> … <paramref name="lastDay"/>.</summary>
    /// <param name="firstDay">The first day after infusion (negative: before), in [−100, 36500].</param>
    /// <param name="lastDay">The last day, in [firstDay, 36500].</param>
    public TrajectoryBands(int firstDay, int lastDay)
    {
        Guard.InRange(firstDay, -100, 36500, nameof(firstDay));
        Guard.InRange(lastDay, firstDay, 36500, nameof(lastDay));
        FirstDay = firstDay;
        LastDay = lastDay;
        int streams = StreamOf(lastDay) + 1;
        _sketches = new LogBinnedQuantileSketch[MeasureCount];
        for (int m = 0; m < MeasureCount; m++)
        {
            var (lo, hi) = RangeOf((Measure)m);
            // Haemoglobin varies over a narrow range (8–17 g/dL), so 4 % bins would show as steps: 1 % there.
            _sketches[m] = new LogBinnedQuantileSketch(streams, lo, hi, (Measure)m == Measure.Hb ? 0.01 : Resolution);
        }
    }

    /// <summary>The first day covered.</summary>
    public int FirstDay { get; }

    /// <summary>The last day covered.</summary>
    public int LastDay { get; }

    /// <summary>Adds one patient's daily readouts (days outside the range are ignored).</summary>
    /// <param name="trajectory">The trajectory.</param>
    public void Add(ReadoutTrajectory trajectory)
    {
        ArgumentNullException.ThrowIfNull(trajectory);
        var days = trajectory.Days;
        for (int m = 0; m < MeasureCount; m++)
        {
            var values = trajectory.Values((Measure)m);
            var sketch = _sketches[m];
            for (int i = 0; i < days.Length; i++)
            {
                double d = Math.Round(days[i]);
                if (d < FirstDay || d > LastDay || Math.Abs(days[i] - d) > 1e-6 || !IsSampled((int)d)) continue;
                double v = values[i];
                sketch.Add(StreamOf((int)d), double.IsNaN(v) ? v : Math.Max(v, 0));
            }
        }
    }

    /// <summary>Adds every count of <paramref name="other"/> (same day range) to these bands.</summary>
    /// <param name="other">Bands of other patients.</param>
    /// <exception cref="ArgumentException">The day ranges differ.</exception>
    public void Merge(TrajectoryBands other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.FirstDay != FirstDay || other.LastDay != LastDay)
            throw new ArgumentException($"Parameter 'other' covers days {other.FirstDay}…{other.LastDay}; allowed: the same range {FirstDay}…{LastDay}.", nameof(other));
        for (int m = 0; m < MeasureCount; m++) _sketches[m].Merge(other._sketches[m]);
    }

    /// <summary>The number of patients with a value of <paramref name="measure"/> on <paramref name="day"/>.</summary>
    /// <param name="measure">The measure.</param>
    /// <param name="day">The day, in [<see cref="FirstDay"/>, <see cref="LastDay"/>].</param>
    /// <returns>The count.</returns>
    public long CountAt(Measure measure, int day) => _sketches[CheckMeasure(measure)].CountOf(CheckDay(day));

    /// <summary>A quantile of one readout on one day, in the measure's unit, or NaN if no patient was observed.</summary>
    /// <param name="measure">The measure.</param>
    /// <param name="day">The day, in [<see cref="FirstDay"/>, <see cref="LastDay"/>].</param>
    /// <param name="probability">In [0, 1], e.g. 0.05, 0.5, 0.95.</param>
    /// <returns>The quantile.</returns>
    public double Quantile(Measure measure, int day, double probability) =>
        _sketches[CheckMeasure(measure)].Quantile(CheckDay(day), probability);

    /// <summary>The smallest and largest value resolved for a measure (values outside are reported at the edge).</summary>
    internal static (double Minimum, double Maximum) RangeOf(Measure measure) => measure switch
    {
        Measure.Anc or Measure.Wbc or Measure.Lymphocytes => (1e-3, 1e3),
        Measure.Hb => (0.1, 40),
        Measure.Platelets => (0.01, 1e4),
        Measure.Cd4 or Measure.Cd8 or Measure.B or Measure.Nk => (0.01, 1e5),
        Measure.DonorChimerism => (0.01, 100.5),
        Measure.Autoreactive => (1, 1e14),
        _ => (1e-5, 1.0),
    };

    /// <summary>Whether <paramref name="day"/> has bands of its own: every day up to <see cref="DailyUntilDay"/>, then every
    /// <see cref="SparseIntervalDays"/> days, and the last day. Other days report the sampled day before them.</summary>
    /// <param name="day">A day in [<see cref="FirstDay"/>, <see cref="LastDay"/>].</param>
    /// <returns>True for a sampled day.</returns>
    public bool IsSampled(int day) => day <= DailyUntilDay || (day - DailyUntilDay) % SparseIntervalDays == 0 || day == LastDay;

    /// <summary>The sampled days in order (<see cref="IsSampled"/>).</summary>
    public IEnumerable<int> SampledDays
    {
        get
        {
            for (int day = FirstDay; day <= LastDay; day++)
                if (IsSampled(day)) yield return day;
        }
    }

    // The stream of the sampled day at or before 'day'.
    private int StreamOf(int day)
    {
        if (day <= DailyUntilDay) return day - FirstDay;
        int daily = DailyUntilDay - FirstDay;
        int sparse = (day - DailyUntilDay) / SparseIntervalDays;
        bool lastOffGrid = day == LastDay && (day - DailyUntilDay) % SparseIntervalDays != 0;
        return daily + sparse + (lastOffGrid ? 1 : 0);
    }

    private int CheckDay(int day) => StreamOf((int)Guard.InRange(day, FirstDay, LastDay, nameof(day)));

    private static int CheckMeasure(Measure measure) => (uint)measure < (uint)MeasureCount
        ? (int)measure
        : throw new ArgumentOutOfRangeException(nameof(measure), measure, $"Parameter 'measure' was {measure}; allowed: a defined Measure.");
}
