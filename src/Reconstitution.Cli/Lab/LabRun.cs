namespace Reconstitution.Cli.Lab;

/// <summary>The states of a lab run.</summary>
internal enum LabRunState
{
    Queued,
    Running,
    Finished,
    Cancelled,
    Failed,
}

/// <summary>
/// One cohort run started from a lab page: its arms, its progress, its cancellation and, once done, its output.
/// Thread-safe: the cohort thread reports progress while request threads read it.
/// </summary>
/// <remarks>
/// A run belongs to the page that started it only by its id (128 random bits): another tab cannot see it without the
/// id, so several tabs never mix results. A run ends by itself, when the page says stop or leaves, when the page stops
/// asking for progress (<see cref="LabLimits.Lease"/>), or at <see cref="LabLimits.RunTimeLimit"/>.
/// </remarks>
internal sealed class LabRun : IDisposable
{
    private readonly CancellationTokenSource _cancel = new();
    private readonly Lock _gate = new();
    private int _finished;
    private LabRunState _state = LabRunState.Queued;
    private string? _message;
    private LabRunOutput? _output;
    private long _lastSeenTicks;
    private DateTimeOffset? _startedAt;

    public LabRun(string id, IReadOnlyList<LabArm> arms, DateTimeOffset now)
    {
        Id = id;
        Arms = arms;
        Requested = arms.Sum(a => a.Specification.Patients);
        Touch(now);
    }

    public string Id { get; }

    public IReadOnlyList<LabArm> Arms { get; }

    /// <summary>Patients asked for, over all arms.</summary>
    public int Requested { get; }

    /// <summary>Patients finished so far, over all arms.</summary>
    public int Finished => Volatile.Read(ref _finished);

    public CancellationToken Token => _cancel.Token;

    public LabRunState State { get { lock (_gate) return _state; } }

    /// <summary>Why the run stopped early or failed, or null.</summary>
    public string? Message { get { lock (_gate) return _message; } }

    /// <summary>The output, once the run has ended with at least one patient.</summary>
    public LabRunOutput? Output { get { lock (_gate) return _output; } }

    public bool IsActive => State is LabRunState.Queued or LabRunState.Running;

    /// <summary>When the page last asked about the run.</summary>
    public DateTimeOffset LastSeen => new(Interlocked.Read(ref _lastSeenTicks), TimeSpan.Zero);

    public void Touch(DateTimeOffset now) => Interlocked.Exchange(ref _lastSeenTicks, now.UtcTicks);

    public void ReportFinished(int patients) => Volatile.Write(ref _finished, patients);

    /// <summary>When the run started computing, or null while queued.</summary>
    public DateTimeOffset? StartedAt { get { lock (_gate) return _startedAt; } }

    public void Start(DateTimeOffset now)
    {
        lock (_gate)
        {
            if (_state != LabRunState.Queued) return;
            _state = LabRunState.Running;
            _startedAt = now;
        }
    }

    /// <summary>Asks the run to stop; the first reason given is the one reported.</summary>
    public void Cancel(string reason)
    {
        lock (_gate)
        {
            if (_state is not (LabRunState.Queued or LabRunState.Running)) return;
            _message ??= reason;
        }
        _cancel.Cancel();
    }

    public void Complete(LabRunOutput? output, bool cancelled)
    {
        lock (_gate)
        {
            _output = output;
            _state = cancelled ? LabRunState.Cancelled : LabRunState.Finished;
        }
    }

    public void Fail(string message)
    {
        lock (_gate)
        {
            _state = LabRunState.Failed;
            _message = message;
        }
    }

    public void Dispose() => _cancel.Dispose();
}
