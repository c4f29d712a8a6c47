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

    /// <summary>Creates an empty trajectory.</summary>
    /// <param name="capacity">Expected number of observations (storage grows as needed).</param>
    public ReadoutTrajectory(int capacity = 64)
    {
        capacity = Math.Max(capacity, 4);
        _days = new double[capacity];
        _values = new double[MeasureCount][];
        for (int m = 0; m < MeasureCount; m++) _values[m] = new double[capacity];
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
    public void Clear() => Count = 0;

    /// <summary>Appends one observation.</summary>
    /// <param name="timeDays">The time in days.</param>
    /// <param name="readouts">The readouts at that time.</param>
    public void Add(double timeDays, in ClinicalReadouts readouts)
    {
        if (Count == _days.Length)
        {
            int size = 2 * Count;
            Array.Resize(ref _days, size);
            for (int m = 0; m < MeasureCount; m++) Array.Resize(ref _values[m], size);
        }
        _days[Count] = timeDays;
        for (int m = 0; m < MeasureCount; m++) _values[m][Count] = readouts.Get((Measure)m);
        Count++;
    }

    private static int Check(Measure measure) => (uint)measure < (uint)MeasureCount
        ? (int)measure
        : throw new ArgumentOutOfRangeException(nameof(measure), measure, $"Parameter 'measure' was {measure}; allowed: a defined Measure.");
}
