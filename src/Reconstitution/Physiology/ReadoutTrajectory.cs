using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Reconstitution.Physiology;

/// <summary>
/// A compact trajectory of one patient's readouts: one row per observation time, one column per
/// <see cref="Measure"/> (struct of arrays). Not thread-safe; filled by <see cref="Patient.Record"/>.
/// </summary>
/// <remarks>Read a patient's daily readouts from <c>PatientCourse.Trajectory</c>; use <see cref="ClinicalReadouts"/> for one time point.</remarks>
public sealed class ReadoutTrajectory
{
    private static readonly int MeasureCount = Enum.GetValues<Measure>().Length;
    private double[] _days;
    private readonly double[][] _values;
    private double[][] _units = [];

    /// <summary>Creates an empty trajectory.</summary>
    /// <param name="capacity">Expected number of observations (storage grows as needed).</param>
    public ReadoutTrajectory(int capacity = 64)
    {
        capacity = Math.Max(capacity, 4);
        _days = new double[capacity];
        _values = new double[MeasureCount][];
        for (int m = 0; m < MeasureCount; m++) _values[m] = new double[capacity];
    }

    /// <summary>
    /// Creates an empty trajectory without storage: the first <see cref="Reserve"/> (or <see cref="Add"/>) allocates it. A
    /// patient's course reserves its whole length before its first observation, so storage made before that (16 observations
    /// of every column) was only thrown away.
    /// </summary>
    internal static ReadoutTrajectory WithoutStorage() => new(withoutStorage: true);

    private ReadoutTrajectory(bool withoutStorage)
    {
        Debug.Assert(withoutStorage);
        _days = [];
        _values = new double[MeasureCount][];
        for (int m = 0; m < MeasureCount; m++) _values[m] = [];
    }

    /// <summary>The number of observations.</summary>
    public int Count { get; private set; }

    /// <summary>Observation times in days, in recording order.</summary>
    public ReadOnlySpan<double> Days => _days.AsSpan(0, Count);

    /// <summary>The values of one measure, aligned with <see cref="Days"/>, in the measure's unit.</summary>
    /// <param name="measure">The measure.</param>
    /// <returns>The values.</returns>
    public ReadOnlySpan<double> Values(Measure measure) => _values[Check(measure)].AsSpan(0, Count);

    /// <summary>One value.</summary>
    /// <param name="index">The observation index, 0 ≤ index &lt; <see cref="Count"/>.</param>
    /// <param name="measure">The measure.</param>
    public double this[int index, Measure measure] => Values(measure)[index];

    /// <summary>Removes all observations (keeps the storage).</summary>
    public void Clear()
    {
        Count = 0;
        _units = [];
    }

    /// <summary>Makes room for at least <paramref name="capacity"/> observations in all, so that adding up to that many grows
    /// (allocates and copies) nothing more; the observations already added are kept.</summary>
    /// <param name="capacity">The number of observations to hold.</param>
    internal void Reserve(int capacity)
    {
        if (capacity > _days.Length) Grow(capacity);
    }

    /// <summary>
    /// Moves every column to storage of <paramref name="capacity"/> observations, copying the <see cref="Count"/> recorded.
    /// The storage is not cleared: every entry from <see cref="Count"/> on is written before it is read (a course reserves
    /// ≈ 80 KB, which the runtime would otherwise zero only for it to be overwritten day by day). The days move last, so
    /// that every column is at least as long as the days at every moment (<see cref="Add"/> writes the columns unchecked
    /// once the days' checked write succeeds, even after a growth that failed part-way).
    /// </summary>
    private void Grow(int capacity)
    {
        for (int m = 0; m < MeasureCount; m++) Move(ref _values[m], capacity, Count);
        for (int u = 0; u < _units.Length; u++) Move(ref _units[u], capacity, Count);
        Move(ref _days, capacity, Count);

        static void Move(ref double[] column, int capacity, int count)
        {
            double[] grown = GC.AllocateUninitializedArray<double>(capacity);
            column.AsSpan(0, count).CopyTo(grown);
            column = grown;
        }
    }

    /// <summary>Writes observation <paramref name="index"/> of a measure's column, unchecked (the caller holds the column layout's invariant).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(ref double[] columns, Measure measure, int index, double value) =>
        Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(Unsafe.Add(ref columns, (int)measure)), index) = value;

    /// <summary>Appends one observation.</summary>
    /// <param name="timeDays">The time in days.</param>
    /// <param name="readouts">The readouts at that time.</param>
    public void Add(double timeDays, in ClinicalReadouts readouts)
    {
        if (Count == _days.Length) Grow(Math.Max(2 * Count, 4));
        int i = Count;
        _days[i] = timeDays;
        // Each measure's field straight into its column: ClinicalReadouts.Get's switch, once per measure and day, cost more
        // than the copy (a test checks every column against Get). Unchecked: there is one column per measure, and every column
        // has the length of the days (the constructor, Grow), which holds more than i (checked above).
        ref double[] v = ref MemoryMarshal.GetArrayDataReference(_values);
        Store(ref v, Measure.Anc, i, readouts.AncE9PerLiter);
        Store(ref v, Measure.Wbc, i, readouts.WbcE9PerLiter);
        Store(ref v, Measure.Hb, i, readouts.HemoglobinGPerDl);
        Store(ref v, Measure.Platelets, i, readouts.PlateletsE9PerLiter);
        Store(ref v, Measure.Lymphocytes, i, readouts.LymphocytesE9PerLiter);
        Store(ref v, Measure.Cd4, i, readouts.Cd4PerMicroliter);
        Store(ref v, Measure.Cd8, i, readouts.Cd8PerMicroliter);
        Store(ref v, Measure.B, i, readouts.BCellsPerMicroliter);
        Store(ref v, Measure.Nk, i, readouts.NkCellsPerMicroliter);
        Store(ref v, Measure.DonorChimerism, i, readouts.DonorChimerismPercent);
        Store(ref v, Measure.Autoreactive, i, readouts.AutoreactiveCells);
        Store(ref v, Measure.DiseaseActivity, i, readouts.DiseaseActivity);
        Store(ref v, Measure.Autoantibody, i, readouts.Autoantibody);
        for (int u = 0; u < _units.Length; u++) _units[u][i] = 0;   // until SetUnitChimerism (the storage is not cleared)
        Count = i + 1;
    }

    /// <summary>Allogeneic units with their own chimerism series (0 unless the model traces two or more units; docs/model.md §17).</summary>
    public int UnitCount => _units.Length;

    /// <summary>
    /// One unit's share of donor blood neutrophils (%), aligned with <see cref="Days"/> (the <c>unitChimerismN</c> rows of trajectory.csv);
    /// 0 while there are no donor neutrophils.
    /// </summary>
    /// <param name="unit">The unit, 0-based, below <see cref="UnitCount"/>.</param>
    /// <returns>The values.</returns>
    public ReadOnlySpan<double> UnitChimerism(int unit) => (uint)unit < (uint)_units.Length
        ? _units[unit].AsSpan(0, Count)
        : throw new ArgumentOutOfRangeException(nameof(unit), unit, $"Parameter 'unit' was {unit}; allowed: [0, {_units.Length - 1}].");

    /// <summary>Sets the per-unit chimerism of the last observation (called right after <see cref="Add"/>).</summary>
    /// <param name="percents">Each unit's share of donor neutrophils, %.</param>
    internal void SetUnitChimerism(ReadOnlySpan<double> percents)
    {
        if (_units.Length == 0)
        {
            _units = new double[percents.Length][];
            for (int u = 0; u < percents.Length; u++) _units[u] = new double[_days.Length];
        }
        for (int u = 0; u < _units.Length; u++) _units[u][Count - 1] = percents[u];
    }

    private static int Check(Measure measure) => (uint)measure < (uint)MeasureCount
        ? (int)measure
        : throw new ArgumentOutOfRangeException(nameof(measure), measure, $"Parameter 'measure' was {measure}; allowed: a defined Measure.");
}
