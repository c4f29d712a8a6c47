namespace Reconstitution.Compartments;

/// <summary>
/// Records the counts of a <see cref="CompartmentSystem"/> whenever <see cref="Record"/> is
/// called, typically from a kernel observation event, and turns them into a <see cref="Trajectory"/>.
/// </summary>
/// <remarks>Not thread-safe. Storage grows geometrically; nothing is stored per firing.</remarks>
public sealed class TrajectoryRecorder
{
    private readonly CompartmentSystem _system;
    private double[] _times;
    private double[][] _columns;

    internal TrajectoryRecorder(CompartmentSystem system, int capacity)
    {
        _system = system;
        capacity = Math.Max(capacity, 4);
        _times = new double[capacity];
        _columns = new double[system.Network.Compartments.Count][];
        for (int i = 0; i < _columns.Length; i++) _columns[i] = new double[capacity];
    }

    /// <summary>The number of samples recorded.</summary>
    public int Count { get; private set; }

    /// <summary>Appends the system's current time and counts.</summary>
    public void Record()
    {
        if (Count == _times.Length)
        {
            int capacity = Count * 2;
            Array.Resize(ref _times, capacity);
            for (int i = 0; i < _columns.Length; i++) Array.Resize(ref _columns[i], capacity);
        }
        _times[Count] = _system.TimeDays;
        ReadOnlySpan<double> counts = _system.Counts;
        for (int i = 0; i < _columns.Length; i++) _columns[i][Count] = counts[i];
        Count++;
    }

    /// <summary>Copies the samples recorded so far into an immutable trajectory.</summary>
    /// <returns>The trajectory.</returns>
    public Trajectory ToTrajectory()
    {
        var columns = new double[_columns.Length][];
        for (int i = 0; i < columns.Length; i++) columns[i] = _columns[i].AsSpan(0, Count).ToArray();
        return new Trajectory(_system.CompartmentNames, _times.AsSpan(0, Count).ToArray(), columns);
    }
}
