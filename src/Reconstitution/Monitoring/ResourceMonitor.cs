using Reconstitution.Kernel;
using Reconstitution.Kernel.Resources;

namespace Reconstitution.Monitoring;

/// <summary>
/// Watches a <see cref="SharedResource"/> from the moment it is attached: time-weighted mean level (units in use,
/// amount, items) and utilisation, time-weighted mean and maximum queue length, and the waiting times of served
/// requests and gets; optionally records the level, queue length and each wait as series of a <see cref="Recorder"/>.
/// </summary>
/// <remarks>
/// <para>
/// The means are exact integrals of the step functions over [<see cref="StartDays"/>, now]: every change is
/// accounted for at its own instant, not sampled. Waiting time is the time from a request (or get) to its service;
/// puts' waits are not counted. With a recorder, the series are named <c>{resource name}.level</c>,
/// <c>{name}.queue</c> (a point after each change, several at one instant allowed) and <c>{name}.wait</c> (a point
/// at each service: the wait in days).
/// </para>
/// <para>
/// Cheap when unused: a resource without a monitor pays one null check per operation; a monitor without a recorder
/// does a few additions per change and allocates nothing. One monitor per resource. Not thread-safe.
/// </para>
/// <code>
/// using Reconstitution.Kernel.Resources;
/// using Reconstitution.Monitoring;
///
/// var beds = new Resource(sim, capacity: 12, name: "beds");
/// var monitor = new ResourceMonitor(beds);
/// sim.Run(365);
/// Console.WriteLine($"{100 * monitor.Utilisation:0}% occupied, mean wait {monitor.MeanWaitDays:F1} days");
/// </code>
/// </remarks>
public sealed class ResourceMonitor : IResourceObserver
{
    private readonly Simulation _sim;
    private readonly TimeSeries? _levelSeries, _queueSeries, _waitSeries;
    private double _last, _level, _levelArea, _queueArea, _maxLevel;
    private int _queued, _maxQueued;
    private long _waits;
    private double _waitMean, _waitM2, _waitMax;

    /// <summary>Attaches a monitor to a resource, container or store, starting now.</summary>
    /// <param name="resource">The resource to watch.</param>
    /// <param name="recorder">Where to record the series, or null for the summary statistics only.</param>
    /// <exception cref="ArgumentNullException"><paramref name="resource"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The resource already has a monitor.</exception>
    public ResourceMonitor(SharedResource resource, Recorder? recorder = null)
    {
        ArgumentNullException.ThrowIfNull(resource);
        if (resource.Observer is not null)
            throw new InvalidOperationException($"Resource '{resource.Name}' already has a monitor; attach one monitor per resource.");
        Resource = resource;
        _sim = resource.Simulation;
        StartDays = _last = _sim.Now;
        _level = _maxLevel = resource.Level;
        _queued = _maxQueued = resource.WaitingCount;
        if (recorder is { IsEnabled: true })
        {
            _levelSeries = recorder.Series(resource.Name + ".level");
            _queueSeries = recorder.Series(resource.Name + ".queue");
            _waitSeries = recorder.Series(resource.Name + ".wait");
            _levelSeries.Add(StartDays, _level);
            _queueSeries.Add(StartDays, _queued);
        }

        resource.Observer = this;
    }

    /// <summary>Gets the resource watched.</summary>
    public SharedResource Resource { get; }

    /// <summary>Gets when the monitor was attached, in days.</summary>
    public double StartDays { get; }

    /// <summary>Gets the length of the observed period, now − <see cref="StartDays"/>, in days.</summary>
    public double ObservedDays => _sim.Now - StartDays;

    /// <summary>Gets the time-weighted mean level over the observed period (the current level if no time has passed).</summary>
    public double MeanLevel => Mean(_levelArea, _level);

    /// <summary>Gets the mean level as a share of the capacity, in [0, 1]; NaN for an unlimited container.</summary>
    public double Utilisation => double.IsFinite(Resource.CapacityLevel) ? MeanLevel / Resource.CapacityLevel : double.NaN;

    /// <summary>Gets the highest level seen.</summary>
    public double MaxLevel => _maxLevel;

    /// <summary>Gets the time-weighted mean number of waiting events (requests, or puts and gets).</summary>
    public double MeanQueueLength => Mean(_queueArea, _queued);

    /// <summary>Gets the largest number of waiting events seen.</summary>
    public int MaxQueueLength => _maxQueued;

    /// <summary>Gets the number of requests (or gets) served since the monitor was attached, including those served at once.</summary>
    public long WaitCount => _waits;

    /// <summary>Gets the mean wait from request to service, in days; NaN before the first service.</summary>
    public double MeanWaitDays => _waits == 0 ? double.NaN : _waitMean;

    /// <summary>Gets the standard deviation of the waits (n − 1 in the denominator), in days; NaN with fewer than two.</summary>
    public double WaitStandardDeviationDays => _waits < 2 ? double.NaN : Math.Sqrt(_waitM2 / (_waits - 1));

    /// <summary>Gets the longest wait, in days; NaN before the first service.</summary>
    public double MaxWaitDays => _waits == 0 ? double.NaN : _waitMax;

    void IResourceObserver.Changed(double level, int waiting)
    {
        double now = _sim.Now, dt = now - _last;
        _levelArea += _level * dt;
        _queueArea += _queued * dt;
        _last = now;
        _level = level;
        _queued = waiting;
        if (level > _maxLevel) _maxLevel = level;
        if (waiting > _maxQueued) _maxQueued = waiting;
        _levelSeries?.Add(now, level);
        _queueSeries?.Add(now, waiting);
    }

    void IResourceObserver.Waited(double waitDays)
    {
        // Welford's update: numerically stable mean and sum of squared deviations in one pass.
        _waits++;
        double delta = waitDays - _waitMean;
        _waitMean += delta / _waits;
        _waitM2 += delta * (waitDays - _waitMean);
        if (waitDays > _waitMax) _waitMax = waitDays;
        _waitSeries?.Add(_sim.Now, waitDays);
    }

    private double Mean(double area, double current)
    {
        double span = _sim.Now - StartDays;
        return span > 0 ? (area + (current * (_sim.Now - _last))) / span : current;
    }
}
