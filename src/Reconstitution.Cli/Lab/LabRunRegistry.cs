using System.Security.Cryptography;

namespace Reconstitution.Cli.Lab;

/// <summary>
/// The lab's runs: starts them (at most <see cref="LabLimits.MaxConcurrentRuns"/> computing, the rest queued),
/// finds them by id, stops them on request, when their page goes quiet or at the time limit, and forgets old results.
/// Thread-safe.
/// </summary>
internal sealed class LabRunRegistry : IDisposable
{
    private readonly LabLimits _limits;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _slots;
    private readonly Dictionary<string, LabRun> _runs = new(StringComparer.Ordinal);
    private readonly List<Task> _tasks = [];
    private readonly Lock _gate = new();
    private readonly ITimer? _sweeper;
    private bool _disposed;

    /// <param name="limits">The bounds.</param>
    /// <param name="time">The clock (tests pass their own).</param>
    /// <param name="sweepEvery">How often leases, time limits and old results are checked; null: only when <see cref="Sweep"/> is called.</param>
    public LabRunRegistry(LabLimits limits, TimeProvider time, TimeSpan? sweepEvery)
    {
        _limits = limits;
        _time = time;
        _slots = new SemaphoreSlim(limits.MaxConcurrentRuns, limits.MaxConcurrentRuns);
        if (sweepEvery is { } every) _sweeper = time.CreateTimer(_ => Sweep(), null, every, every);
    }

    public LabLimits Limits => _limits;

    /// <summary>Starts a run of the arms and returns it at once (queued or running).</summary>
    /// <exception cref="LabInputException">The lab is busy (status 503): too many runs are queued or computing.</exception>
    public LabRun Start(IReadOnlyList<LabArm> arms)
    {
        LabRun run;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            int pending = _runs.Values.Count(r => r.IsActive);
            if (pending >= _limits.MaxPendingRuns)
                throw new LabInputException("", $"The lab is busy: {pending} runs are waiting or computing (at most {_limits.MaxPendingRuns}). Stop one, or wait for one to finish.") { StatusCode = 503 };
            run = new LabRun(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), arms, _time.GetUtcNow());
            _runs.Add(run.Id, run);
            _tasks.RemoveAll(t => t.IsCompleted);
            _tasks.Add(Task.Run(() => ExecuteAsync(run)));
        }
        return run;
    }

    /// <summary>The run of an id, renewing its lease; null when unknown or forgotten.</summary>
    public LabRun? Find(string id)
    {
        lock (_gate)
        {
            if (!_runs.TryGetValue(id, out var run)) return null;
            run.Touch(_time.GetUtcNow());
            return run;
        }
    }

    /// <summary>Stops a run; false when the id is unknown.</summary>
    public bool Cancel(string id, string reason)
    {
        var run = Find(id);
        run?.Cancel(reason);
        return run is not null;
    }

    /// <summary>Stops runs whose page went quiet or whose time is up, and forgets results nobody looked at for long.</summary>
    public void Sweep()
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            foreach (var run in _runs.Values)
            {
                if (!run.IsActive) continue;
                if (now - run.LastSeen > _limits.Lease)
                    run.Cancel("Stopped: the page that started this run was closed or stopped asking for progress.");
                else if (run.StartedAt is { } started && now - started > _limits.RunTimeLimit)
                    run.Cancel($"Stopped at the lab's time limit of {_limits.RunTimeLimit.TotalMinutes:0} minutes.");
            }
            var ended = _runs.Values.Where(r => !r.IsActive).OrderBy(r => r.LastSeen).ToList();
            int excess = ended.Count - _limits.MaxKeptRuns;
            foreach (var run in ended)
            {
                if (excess-- > 0 || now - run.LastSeen > _limits.ResultLifetime)
                {
                    _runs.Remove(run.Id);
                    run.Dispose();
                }
            }
        }
    }

    /// <summary>Waits until every run started so far has ended (tests, and shutdown).</summary>
    public Task WhenIdle()
    {
        lock (_gate) return Task.WhenAll(_tasks.ToArray());
    }

    private async Task ExecuteAsync(LabRun run)
    {
        try
        {
            await _slots.WaitAsync(run.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            run.Complete(null, cancelled: true);
            return;
        }
        try
        {
            run.Start(_time.GetUtcNow());
            // Cohort.Run blocks while its workers compute: give it a thread of its own rather than a pool thread.
            var (output, cancelled) = await Task.Factory.StartNew(() => LabRunOutput.Compute(run), CancellationToken.None,
                TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
            run.Complete(output, cancelled);
        }
        catch (Exception ex)
        {
            run.Fail($"The run failed: {ex.GetType().Name}: {ex.Message}");
        }
        finally
        {
            _slots.Release();
            Sweep();
        }
    }

    public void Dispose()
    {
        Task idle;
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            foreach (var run in _runs.Values) run.Cancel("Stopped: the lab is shutting down.");
            idle = Task.WhenAll(_tasks.ToArray());
        }
        _sweeper?.Dispose();
        // Workers finish the patient they hold; do not wait for ever.
        idle.Wait(TimeSpan.FromSeconds(10));
        lock (_gate)
        {
            foreach (var run in _runs.Values) run.Dispose();
            _runs.Clear();
        }
        _slots.Dispose();
    }
}
