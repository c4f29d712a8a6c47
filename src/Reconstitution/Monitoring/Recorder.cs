using Reconstitution.Kernel;

namespace Reconstitution.Monitoring;

/// <summary>
/// A set of named <see cref="TimeSeries"/>, filled by explicit calls at event times or by
/// periodic sampling on a <see cref="Simulation"/>.
/// </summary>
/// <remarks>
/// <para>
/// Cheap when unused: nothing is recorded or scheduled unless you call it, and a disabled
/// recorder (<c>new Recorder(enabled: false)</c>) turns <see cref="Record"/> into a single branch
/// and <see cref="SampleEvery"/> into a no-op, so model code can keep its recording calls.
/// </para>
/// <para>Not thread-safe: use one recorder per simulation.</para>
/// </remarks>
public sealed class Recorder
{
    private readonly Dictionary<string, TimeSeries> _byName = new(StringComparer.Ordinal);
    private readonly List<TimeSeries> _series = [];

    /// <summary>Creates a recorder.</summary>
    /// <param name="enabled">False to make every recording call a no-op.</param>
    public Recorder(bool enabled = true)
    {
        IsEnabled = enabled;
    }

    /// <summary>Gets whether the recorder records anything.</summary>
    public bool IsEnabled { get; }

    /// <summary>Gets every series, in the order they were first used.</summary>
    public IReadOnlyList<TimeSeries> AllSeries => _series;

    /// <summary>Gets the series with the given name, creating it if needed.</summary>
    /// <param name="name">The series name.</param>
    /// <returns>The series; keep it to append without a lookup.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    public TimeSeries Series(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!_byName.TryGetValue(name, out TimeSeries? series))
        {
            series = new TimeSeries(name);
            _byName.Add(name, series);
            _series.Add(series);
        }

        return series;
    }

    /// <summary>Gets whether a series with the given name exists.</summary>
    /// <param name="name">The series name.</param>
    /// <param name="series">The series, or null.</param>
    /// <returns>True if it exists.</returns>
    public bool TryGetSeries(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TimeSeries? series) => _byName.TryGetValue(name, out series);

    /// <summary>Appends a point to the named series (nothing if the recorder is disabled).</summary>
    /// <param name="name">The series name.</param>
    /// <param name="timeDays">The time in days, typically <see cref="Simulation.Now"/>; not before the series' last point.</param>
    /// <param name="value">The value.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeDays"/> is invalid (see <see cref="TimeSeries.Add"/>).</exception>
    public void Record(string name, double timeDays, double value)
    {
        if (!IsEnabled) return;
        Series(name).Add(timeDays, value);
    }

    /// <summary>
    /// Samples <paramref name="probe"/> into the named series at the current time and every
    /// <paramref name="intervalDays"/> after it, up to and including <paramref name="untilDays"/>
    /// (nothing if the recorder is disabled).
    /// </summary>
    /// <param name="simulation">The simulation whose clock drives the sampling.</param>
    /// <param name="intervalDays">The sampling interval in days; finite and &gt; 0.</param>
    /// <param name="untilDays">The last possible sampling time in days; not before <see cref="Simulation.Now"/>.</param>
    /// <param name="name">The series name.</param>
    /// <param name="probe">Returns the value to record; called after all other events at the sampling time.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The interval or end time is out of range.</exception>
    public void SampleEvery(Simulation simulation, double intervalDays, double untilDays, string name, Func<double> probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(name);
        if (!IsEnabled)
        {
            Sampling.Check(simulation, intervalDays, untilDays);
            return;
        }

        TimeSeries series = Series(name);
        Sampling.Every(simulation, intervalDays, untilDays, t => series.Add(t, probe()));
    }
}
