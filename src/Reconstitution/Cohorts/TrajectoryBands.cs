using System.Runtime.InteropServices;
using Reconstitution.Analysis;
using Reconstitution.Physiology;
using Reconstitution.Validation;

namespace Reconstitution.Cohorts;

/// <summary>
/// The distribution of every readout on every day across a cohort, in bounded memory: quantiles (such as the
/// median and the 5–95 % band) of each <see cref="Measure"/> by day. Mergeable. Adding and merging are not
/// thread-safe; once filled, quantiles may be read from several threads at once.
/// </summary>
/// <remarks>
/// <para>
/// While the cohort's values fit in <see cref="ExactValueBudget"/> (8 million values: 64 MB while adding,
/// ≈ 96 MB once quantiles are read, which adds a copy grouped by cell (a quantile other than the bands' 5, 50 and 95 %
/// adds another, sorted within each cell: ≈ 128 MB); about
/// 1,300 patients over one year, 4,000 over 100 days), every value is kept and a quantile is the exact sample quantile
/// (type 7, linear between order statistics, as <see cref="SampleQuantiles"/>), so bands are smooth. Beyond that, and
/// from then on, each (measure, day) keeps only counts in fixed logarithmic bins (relative resolution 4 %, 1 % for
/// haemoglobin, so a reported quantile is within about 2 % (0.5 %) of the exact order statistic): memory then depends
/// on the number of days, not on the number of patients. Which of the two a set of patients gets depends only on how
/// many values it has, not on the order they were added, so results are the same on any number of threads.
/// </para>
/// <para>
/// Two bands built from disjoint sets of patients merge into exactly the bands of their union (see docs/outputs.md).
/// Patients contribute only the days they were alive.
/// </para>
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
    /// <summary>The binned sketch of each measure; <see langword="null"/> while every value is kept (built from the kept
    /// values when they outgrow the budget, or when merged with bands that keep only a sketch).</summary>
    private LogBinnedQuantileSketch[]? _sketches;
    private readonly long _exactBudget;

    /// <summary>Every value with its cell (measure × streams + stream) while they fit in the budget; <see langword="null"/>
    /// after that.</summary>
    private CellValueList? _exact;
    private long _exactCount;

    /// <summary>The kept values grouped by cell with each cell's band quantiles, built when a count or quantile is first
    /// asked for after values were added; <see langword="null"/> until then.</summary>
    private GroupedValues? _cells;
    private readonly Lock _sortLock = new();
    private int[] _streamOfDay = [];
    // The days _streamOfDay was computed for (their first _streamsDayCount entries; −1: none).
    private double[] _streamsDays = [];
    private int _streamsDayCount = -1;

    /// <summary>The most values (patients × days × measures) kept for exact quantiles: 8,000,000 (64 MB; ≈ 96 MB with the copy grouped by cell that quantiles read).</summary>
    public const long ExactValueBudget = 8_000_000;

    /// <summary>The last day banded daily: day 730 (two years).</summary>
    public const int DailyUntilDay = 730;

    /// <summary>After <see cref="DailyUntilDay"/>, days are banded every 30 days.</summary>
    public const int SparseIntervalDays = 30;

    /// <summary>Creates empty bands for days <paramref name="firstDay"/> … <paramref name="lastDay"/>.</summary>
    /// <param name="firstDay">The first day after infusion (negative: before), in [−100, 36500].</param>
    /// <param name="lastDay">The last day, in [firstDay, 36500].</param>
    public TrajectoryBands(int firstDay, int lastDay) : this(firstDay, lastDay, ExactValueBudget)
    {
    }

    /// <summary>
    /// Creates empty bands for the daily courses of at most <paramref name="patients"/> patients (a cohort's: one observation a
    /// day). When so many patients cannot outgrow <see cref="ExactValueBudget"/> (a value per measure and banded day each),
    /// the bands stay exact whatever comes, so they keep each value as the float their quantiles read anyway (half the memory,
    /// the same quantiles to the bit; issue 15). Should more values come all the same, or bands beyond the budget be merged in,
    /// the sketch is binned from those floats: within its resolution, but not always in the bins of the values as given.
    /// </summary>
    /// <param name="firstDay">The first day after infusion (negative: before), in [−100, 36500].</param>
    /// <param name="lastDay">The last day, in [firstDay, 36500].</param>
    /// <param name="patients">The most patients whose courses will be added, ≥ 0.</param>
    /// <returns>The bands.</returns>
    internal static TrajectoryBands ForPatients(int firstDay, int lastDay, int patients) => new(firstDay, lastDay, ExactValueBudget, patients);

    /// <summary>Creates empty bands that keep at most <paramref name="exactValueBudget"/> values for exact quantiles (0: sketch only).</summary>
    internal TrajectoryBands(int firstDay, int lastDay, long exactValueBudget) : this(firstDay, lastDay, exactValueBudget, -1)
    {
    }

    // patients: the most patients to come (floats kept when they fit the budget), or −1 when unknown (doubles kept).
    private TrajectoryBands(int firstDay, int lastDay, long exactValueBudget, int patients)
    {
        Guard.InRange(patients, -1, int.MaxValue, nameof(patients));
        Guard.InRange(exactValueBudget, 0, long.MaxValue, nameof(exactValueBudget));
        _exactBudget = exactValueBudget;
        Guard.InRange(firstDay, -100, 36500, nameof(firstDay));
        Guard.InRange(lastDay, firstDay, 36500, nameof(lastDay));
        FirstDay = firstDay;
        LastDay = lastDay;
        bool fits = patients >= 0 && (long)patients * Streams * MeasureCount <= exactValueBudget;
        if (exactValueBudget > 0) _exact = new CellValueList(single: fits);
        else _sketches = NewSketches();
    }

    private LogBinnedQuantileSketch[] NewSketches()
    {
        var sketches = new LogBinnedQuantileSketch[MeasureCount];
        for (int m = 0; m < MeasureCount; m++)
        {
            var (lo, hi) = RangeOf((Measure)m);
            // Haemoglobin varies over a narrow range (8–17 g/dL), so 4 % bins would show as steps: 1 % there.
            sketches[m] = new LogBinnedQuantileSketch(Streams, lo, hi, (Measure)m == Measure.Hb ? 0.01 : Resolution);
        }
        return sketches;
    }

    // The sketches of the kept values: the counts they would hold had they been fed every value on arrival (a bin's count
    // does not depend on the order its values came in). The list holds runs of consecutive cells; a run may pass from one
    // measure's last stream to the next measure's first.
    private LogBinnedQuantileSketch[] SketchesOf(CellValueList exact)
    {
        var sketches = NewSketches();
        int streams = Streams;
        double[] widened = [];
        for (int r = 0; r < exact.RunCount; r++)
        {
            int cell;
            ReadOnlySpan<double> values;
            if (exact.KeepsFloats)
            {
                // Floats kept (bands made for a cohort that fits the budget, then given more): their values, widened.
                var floats = exact.SingleRunAt(r, out cell);
                if (widened.Length < floats.Length) widened = new double[floats.Length];
                for (int j = 0; j < floats.Length; j++) widened[j] = floats[j];
                values = widened.AsSpan(0, floats.Length);
            }
            else values = exact.RunAt(r, out cell);
            // A run covers at most every cell of one measure and the next's first ones: a measure's share at a time.
            while (!values.IsEmpty)
            {
                int m = cell / streams, stream = cell - m * streams;
                int length = Math.Min(values.Length, streams - stream);
                sketches[m].AddRun(stream, values[..length]);
                values = values[length..];
                cell += length;
            }
        }
        return sketches;
    }

    /// <summary>Whether quantiles are exact sample quantiles (every value kept) rather than read from the binned sketch.</summary>
    public bool IsExact => _exact is not null;

    /// <summary>The first day covered.</summary>
    public int FirstDay { get; }

    /// <summary>The last day covered.</summary>
    public int LastDay { get; }

    /// <summary>Adds one patient's daily readouts (days outside the range are ignored).</summary>
    /// <param name="trajectory">The trajectory.</param>
    public void Add(ReadoutTrajectory trajectory)
    {
        ArgumentNullException.ThrowIfNull(trajectory);
        var streams = StreamsOf(trajectory.Days);
        _cells = null;
        if (_exact is null)
        {
            for (int m = 0; m < MeasureCount; m++) _sketches![m].AddSeries(streams, trajectory.Values((Measure)m));
            return;
        }
        for (int m = 0; m < MeasureCount; m++) _exactCount += _exact.AddSeries(m * Streams, streams, trajectory.Values((Measure)m));
        if (_exactCount > _exactBudget) UseSketchAlone();
    }

    private int Streams => StreamOf(LastDay) + 1;

    // From now on the sketch alone.
    private void UseSketchAlone()
    {
        if (_exact is null) return;
        _sketches = SketchesOf(_exact);
        _exact = null;
    }

    // The stream of each of a trajectory's days, or −1 for a day that is not banded (outside the range, between
    // sampled days, or not a whole day). Computed once per patient for all measures, into a reused buffer, and not at
    // all for days with the bits of the previous patient's (a cohort's patients share their days but for those who die).
    private ReadOnlySpan<int> StreamsOf(ReadOnlySpan<double> days)
    {
        var bits = MemoryMarshal.AsBytes(days);
        if (_streamsDayCount == days.Length && bits.SequenceEqual(MemoryMarshal.AsBytes(_streamsDays.AsSpan(0, days.Length))))
            return _streamOfDay.AsSpan(0, days.Length);
        if (_streamOfDay.Length < days.Length)
        {
            _streamOfDay = new int[days.Length];
            _streamsDays = new double[days.Length];
        }
        _streamsDayCount = -1;   // until the streams below are complete
        for (int i = 0; i < days.Length; i++)
        {
            double d = Math.Round(days[i]);
            bool banded = d >= FirstDay && d <= LastDay && Math.Abs(days[i] - d) <= 1e-6 && IsSampled((int)d);
            _streamOfDay[i] = banded ? StreamOf((int)d) : -1;
        }
        days.CopyTo(_streamsDays);
        _streamsDayCount = days.Length;
        return _streamOfDay.AsSpan(0, days.Length);
    }

    /// <summary>Adds every count of <paramref name="other"/> (same day range) to these bands.</summary>
    /// <param name="other">Bands of other patients.</param>
    /// <exception cref="ArgumentException">The day ranges differ.</exception>
    public void Merge(TrajectoryBands other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.FirstDay != FirstDay || other.LastDay != LastDay)
            throw new ArgumentException($"Parameter 'other' covers days {other.FirstDay}…{other.LastDay}; allowed: the same range {FirstDay}…{LastDay}.", nameof(other));
        _cells = null;
        if (_exact is not null && other._exact is not null && _exactCount + other._exactCount <= _exactBudget)
        {
            _exact.AddRange(other._exact);
            _exactCount += other._exactCount;
            return;
        }
        UseSketchAlone();
        var sketches = other._sketches ?? SketchesOf(other._exact!);
        for (int m = 0; m < MeasureCount; m++) _sketches![m].Merge(sketches[m]);
    }

    /// <summary>The number of patients with a value of <paramref name="measure"/> on <paramref name="day"/>.</summary>
    /// <param name="measure">The measure.</param>
    /// <param name="day">The day, in [<see cref="FirstDay"/>, <see cref="LastDay"/>].</param>
    /// <returns>The count.</returns>
    /// <remarks>While <see cref="IsExact"/>, the first call (or <see cref="Quantile"/>) after values were added groups the kept
    /// values by day; as a sketch, it derives the per-day totals. Safe to call from several threads at once while no values
    /// are added or merged.</remarks>
    public long CountAt(Measure measure, int day)
    {
        int m = CheckMeasure(measure), d = CheckDay(day);
        if (_exact is null) return _sketches![m].CountOf(d);
        var start = GroupedCells().Start;
        int cell = m * Streams + d;
        return start[cell + 1] - start[cell];
    }

    /// <summary>A quantile of one readout on one day, in the measure's unit, or NaN if no patient was observed.</summary>
    /// <param name="measure">The measure.</param>
    /// <param name="day">The day, in [<see cref="FirstDay"/>, <see cref="LastDay"/>].</param>
    /// <param name="probability">In [0, 1], e.g. 0.05, 0.5, 0.95.</param>
    /// <returns>The quantile: exact while <see cref="IsExact"/>, else within the sketch's resolution.</returns>
    /// <remarks>Safe to call from several threads at once while no values are added or merged.</remarks>
    public double Quantile(Measure measure, int day, double probability)
    {
        int m = CheckMeasure(measure), d = CheckDay(day);
        Guard.InRange(probability, 0.0, 1.0, nameof(probability));
        if (_exact is null) return _sketches![m].Quantile(d, probability);
        var cells = GroupedCells();
        int cell = m * Streams + d;
        int band = BandOf(probability);
        if (band >= 0) return cells.Bands[cell * BandProbabilities.Length + band];
        var sorted = SortedCells(cells);
        var values = sorted.AsSpan(cells.Start[cell], cells.Start[cell + 1] - cells.Start[cell]);
        if (values.IsEmpty) return double.NaN;
        double h = (values.Length - 1) * probability;
        int lo = (int)Math.Floor(h);
        return Type7(h, lo, values[lo], values[Math.Min(lo + 1, values.Length - 1)]);
    }

    // The probabilities whose quantiles are selected for every cell when the values are grouped (those bands.csv and the
    // charts read); any other probability sorts every cell once.
    private static readonly double[] BandProbabilities = [0.05, 0.5, 0.95];

    private static int BandOf(double probability)
    {
        for (int i = 0; i < BandProbabilities.Length; i++)
            if (probability == BandProbabilities[i]) return i;
        return -1;
    }

    // Type 7 (Hyndman & Fan 1996): linear between the order statistics lo and lo + 1 (the last one if lo is) around h = (n − 1)·p.
    private static double Type7(double h, int lo, float atLo, float atHi)
    {
        if (h == lo || atLo == atHi) return atLo; // no interpolation (and no 0·∞ next to an infinite value)
        return atLo + (h - lo) * ((double)atHi - atLo);
    }

    // The kept values grouped by cell, with each cell's band quantiles; built once after values were added (adding more
    // discards it), under a lock so that readers on several threads (the CLI formats bands.csv and the charts at once)
    // share one copy.
    private GroupedValues GroupedCells()
    {
        if (Volatile.Read(ref _cells) is { } cells) return cells;
        lock (_sortLock)
        {
            if (_cells is null)
            {
                var (start, keys) = _exact!.GroupKeysByCell(MeasureCount * Streams);
                Volatile.Write(ref _cells, new GroupedValues(start, keys, BandQuantiles(start, keys)));
            }
            return _cells;
        }
    }

    // The band quantiles of every cell (NaN for an empty one), from the order statistics around each, selected rather than
    // sorted: the same values a sorted cell holds at those ranks, so the same bits as Quantile from the sorted copy. Read
    // from the values' keys as grouped (OrderStatisticSelector.SelectFromKeys), not from a copy made per cell.
    private static double[] BandQuantiles(int[] start, uint[] keys)
    {
        int cells = start.Length - 1, bands = BandProbabilities.Length;
        var quantiles = new double[cells * bands];
        var selector = new OrderStatisticSelector();
        Span<int> ranks = stackalloc int[2 * bands];
        Span<float> at = stackalloc float[2 * bands];
        for (int c = 0; c < cells; c++)
        {
            int n = start[c + 1] - start[c];
            if (n == 0)
            {
                quantiles.AsSpan(c * bands, bands).Fill(double.NaN);
                continue;
            }
            for (int b = 0; b < bands; b++)
            {
                int lo = (int)Math.Floor((n - 1) * BandProbabilities[b]);
                ranks[2 * b] = lo;
                ranks[2 * b + 1] = Math.Min(lo + 1, n - 1);
            }
            selector.SelectFromKeys(keys.AsSpan(start[c], n), ranks, at);
            for (int b = 0; b < bands; b++)
            {
                double h = (n - 1) * BandProbabilities[b];
                quantiles[c * bands + b] = Type7(h, (int)Math.Floor(h), at[2 * b], at[2 * b + 1]);
            }
        }
        return quantiles;
    }

    // The kept values sorted within each cell: the grouped ones as floats, sorted the first time a probability other than
    // the bands' is asked for.
    private float[] SortedCells(GroupedValues cells)
    {
        if (Volatile.Read(ref cells.Sorted) is { } sorted) return sorted;
        lock (_sortLock)
        {
            if (cells.Sorted is null)
            {
                var values = new float[cells.Keys.Length];
                FloatOrderKey.ValuesOf(cells.Keys, values);
                CellValueList.SortCells(cells.Start, values);
                Volatile.Write(ref cells.Sorted, values);
            }
            return cells.Sorted;
        }
    }

    // Cell c holds the keys (FloatOrderKey) of its values as floats, Keys[Start[c] … Start[c + 1] − 1], in arrival order;
    // Bands[c · 3 + b] is its quantile of BandProbabilities[b].
    private sealed class GroupedValues(int[] start, uint[] keys, double[] bands)
    {
        public int[] Start { get; } = start;
        public uint[] Keys { get; } = keys;
        public double[] Bands { get; } = bands;
        public float[]? Sorted;
    }

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
