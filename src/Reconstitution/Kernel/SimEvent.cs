using System.Globalization;

namespace Reconstitution.Kernel;

/// <summary>
/// Something that happens at one instant of a <see cref="Simulation"/>: it is triggered with an
/// outcome (a value or a failure), then processed when the clock reaches it, which runs its
/// callbacks and resumes the processes waiting for it.
/// </summary>
/// <remarks>
/// <para>
/// Make events through the simulation: <see cref="Simulation.Event"/> (triggered by your code),
/// <see cref="Simulation.Timeout"/> (triggered at creation, processed after a delay),
/// <see cref="Simulation.Process"/>, <see cref="Simulation.AnyOf"/> and <see cref="Simulation.AllOf"/>.
/// The state moves only forward: <see cref="EventState.Pending"/> → <see cref="EventState.Triggered"/>
/// → <see cref="EventState.Processed"/>.
/// </para>
/// <para>
/// <b>Failures must be handled.</b> An event that failed (<see cref="Fail"/>, or a process whose
/// body threw) counts as handled once someone reads its <see cref="IsOk"/> or <see cref="Failure"/>,
/// typically the process that waited for it, right after it resumes. A failure that nobody handled
/// by the end of the event's processing is rethrown by <see cref="Simulation.Run()"/>.
/// </para>
/// <para>
/// <b>Pooled timeouts.</b> Timeouts are recycled to avoid an allocation per event: a timeout whose
/// only waiter was one process is reused once it has been processed. Do not keep a reference to
/// such a timeout after the step in which your process resumed from it. Timeouts passed to
/// <see cref="Simulation.AnyOf"/>/<see cref="Simulation.AllOf"/> or given a callback with
/// <see cref="AddCallback"/> are never recycled and may be kept.
/// </para>
/// <para>Not thread-safe: an event belongs to one simulation, which runs on one thread.</para>
/// </remarks>
public class SimEvent
{
    internal readonly Simulation _sim;
    internal readonly EventKind _kind;
    internal EventState _state;

    /// <summary>The failure was observed (through <see cref="IsOk"/>, <see cref="Failure"/>, or a condition).</summary>
    internal bool _handled;

    /// <summary>A timeout that someone other than a single waiting process may hold: never recycled.</summary>
    internal bool _pinned;

    /// <summary>When the event is (or was) processed, in days, and its priority among events at that time.</summary>
    internal double _time;
    internal int _priority;

    /// <summary>The event's slot in the queue's side tables, or −1 (see <see cref="EventQueue"/>).</summary>
    internal int _slot = -1;

    internal object? _value;
    internal Exception? _failure;

    /// <summary>Null; a <see cref="Kernel.Process"/>, <see cref="Condition"/> or <see cref="Action{SimEvent}"/>; or a <see cref="List{Object}"/> of those.</summary>
    internal object? _callbacks;

    private readonly string? _name;

    internal SimEvent(Simulation simulation, EventKind kind, string? name = null)
    {
        _sim = simulation;
        _kind = kind;
        _name = name;
    }

    /// <summary>Gets the name given when the event was made, or null.</summary>
    public string? Name => _name;

    /// <summary>Gets where the event is in its life cycle.</summary>
    public EventState State => _state;

    /// <summary>
    /// Gets the time in days at which the event was (or will be) processed; NaN while pending.
    /// </summary>
    public double TimeDays => _state == EventState.Pending ? double.NaN : _time;

    /// <summary>
    /// Gets whether the event succeeded. Reading it marks a failure as handled.
    /// </summary>
    /// <exception cref="InvalidOperationException">The event is still pending.</exception>
    public bool IsOk
    {
        get
        {
            ThrowIfPending(nameof(IsOk));
            _handled = true;
            return _failure is null;
        }
    }

    /// <summary>
    /// Gets the exception the event failed with, or null if it succeeded. Reading it marks the failure as handled.
    /// </summary>
    /// <exception cref="InvalidOperationException">The event is still pending.</exception>
    public Exception? Failure
    {
        get
        {
            ThrowIfPending(nameof(Failure));
            _handled = true;
            return _failure;
        }
    }

    /// <summary>
    /// Gets the value the event succeeded with (null if none was given).
    /// </summary>
    /// <remarks>
    /// For <see cref="Simulation.AnyOf"/> the value is the first child event that was processed;
    /// for <see cref="Simulation.AllOf"/>, timeouts and processes it is null.
    /// </remarks>
    /// <exception cref="InvalidOperationException">
    /// The event is still pending, or it failed (the failure is the inner exception; reading
    /// <see cref="Value"/> does not count as handling it).
    /// </exception>
    public object? Value
    {
        get
        {
            ThrowIfPending(nameof(Value));
            if (_failure is not null)
                throw new InvalidOperationException($"Event '{this}' failed, so it has no value; check IsOk or Failure first.", _failure);
            return _value;
        }
    }

    /// <summary>Triggers the event with a value; it is processed at the current time.</summary>
    /// <param name="value">The outcome that waiters read from <see cref="Value"/>; may be null.</param>
    /// <param name="priority">Order among events at the same time: lower runs first.</param>
    /// <exception cref="InvalidOperationException">The event was already triggered, or it is a process, timeout or condition (their outcome is set by the kernel).</exception>
    public void Succeed(object? value = null, int priority = 0)
    {
        ThrowIfNotUserTriggerable(nameof(Succeed));
        _sim.Enqueue(this, _sim.Now, priority);
        _value = value;
    }

    /// <summary>Triggers the event with a failure; it is processed at the current time.</summary>
    /// <param name="failure">The exception waiters read from <see cref="Failure"/>.</param>
    /// <param name="priority">Order among events at the same time: lower runs first.</param>
    /// <exception cref="ArgumentNullException"><paramref name="failure"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The event was already triggered, or it is a process, timeout or condition.</exception>
    public void Fail(Exception failure, int priority = 0)
    {
        ArgumentNullException.ThrowIfNull(failure);
        ThrowIfNotUserTriggerable(nameof(Fail));
        _sim.Enqueue(this, _sim.Now, priority);
        _failure = failure;
    }

    /// <summary>Adds a callback that runs when the event is processed, after those added before it.</summary>
    /// <param name="callback">Receives this event. Read <see cref="IsOk"/> or <see cref="Failure"/> to handle a failure.</param>
    /// <exception cref="ArgumentNullException"><paramref name="callback"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The event was already processed.</exception>
    public void AddCallback(Action<SimEvent> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        if (_state == EventState.Processed)
            throw new InvalidOperationException($"Event '{this}' was already processed at day {Format(_time)}; callbacks can only be added before that.");
        _pinned = true;
        AddCallbackObject(callback);
    }

    /// <summary>Describes the event: its name if it has one, else its kind and time.</summary>
    /// <returns>A short description for messages and logs.</returns>
    public override string ToString()
    {
        if (_name is not null) return _name;
        string kind = _kind switch
        {
            EventKind.Timeout => "Timeout",
            EventKind.Process => "Process",
            EventKind.Condition => "Condition",
            EventKind.Callback => "Callback",
            EventKind.Wakeup => "Wakeup",
            _ => "Event",
        };
        return _state == EventState.Pending ? kind + " (pending)" : kind + " at day " + Format(_time);
    }

    internal void AddCallbackObject(object callback)
    {
        switch (_callbacks)
        {
            case null:
                _callbacks = callback;
                break;
            case List<object> list:
                list.Add(callback);
                break;
            default:
                // Several waiters: never recycled (Fire recycles only a timeout with one waiting process), and pinned so that an
                // unpinned timeout's callbacks are null or a single process, which the event loop takes without a type check.
                _pinned = true;
                _callbacks = new List<object>(4) { _callbacks, callback };
                break;
        }
    }

    /// <summary>Removes one registration of <paramref name="callback"/> (used when a process is interrupted).</summary>
    internal void RemoveCallbackObject(object callback)
    {
        if (ReferenceEquals(_callbacks, callback)) _callbacks = null;
        else if (_callbacks is List<object> list) list.Remove(callback);
    }

    /// <summary>Processes the event: runs its own action, then its callbacks in the order they were added.</summary>
    /// <returns>True when the event may be recycled (a timeout waited on by exactly one process).</returns>
    internal bool Fire()
    {
        _state = EventState.Processed;
        object? callbacks = _callbacks;
        _callbacks = null;
        if (_kind == EventKind.Callback) ((CallbackEvent)this).Invoke();
        if (callbacks is Process process) process.Resume(this);
        else if (callbacks is not null) RunCallbacks(callbacks);

        if (_failure is not null && !_handled) _sim.ThrowUnhandled(this);
        return callbacks is Process && _kind == EventKind.Timeout && !_pinned;
    }

    private void RunCallbacks(object callbacks)
    {
        if (callbacks is List<object> list)
        {
            for (int i = 0; i < list.Count; i++) Notify(list[i]);
        }
        else
        {
            Notify(callbacks);
        }
    }

    private void Notify(object callback)
    {
        switch (callback)
        {
            case Process p: p.Resume(this); break;
            case Condition c: c.OnChildProcessed(this); break;
            case Action<SimEvent> a: a(this); break;
        }
    }

    /// <summary>Triggers the event from inside the kernel (processes, conditions, wakeups).</summary>
    internal void TriggerInternal(object? value, Exception? failure, int priority)
    {
        _sim.Enqueue(this, _sim.Now, priority);
        _value = value;
        _failure = failure;
    }

    private void ThrowIfPending(string member)
    {
        if (_state == EventState.Pending)
            throw new InvalidOperationException($"Event '{this}' is still pending, so '{member}' is not available yet.");
    }

    private void ThrowIfNotUserTriggerable(string method)
    {
        if (_kind is not EventKind.Plain)
            throw new InvalidOperationException($"Event '{this}' is a {_kind.ToString().ToLowerInvariant()}; its outcome is set by the simulation, not by {method}.");
        if (_state != EventState.Pending)
            throw new InvalidOperationException($"Event '{this}' was already triggered (state {_state}); an event can be triggered only once.");
    }

    internal static string Format(double days) => days.ToString("R", CultureInfo.InvariantCulture);
}
