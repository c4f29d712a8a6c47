using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using Reconstitution.Validation;

namespace Reconstitution.Kernel;

/// <summary>
/// A discrete-event simulation: a clock in days, a queue of triggered events, and the processes
/// (C# iterators) that wait for them.
/// </summary>
/// <remarks>
/// <para>
/// <b>Order of events.</b> Events are processed in increasing time; among events at the same
/// time, lower <c>priority</c> first; among equal times and priorities, in the order they were
/// put into the queue (triggered, or created for timeouts and scheduled callbacks). This order is
/// total and depends only on the calls made, so the same model with the same random seed gives
/// the same trace on every run. Kernel-internal priorities: a new process's first step, a
/// process's end and a condition's outcome use priority 0; an interrupt's delivery uses
/// <see cref="int.MinValue"/>.
/// </para>
/// <para>
/// <b>Running.</b> <see cref="Run()"/> processes events until the queue is empty or
/// <see cref="Stop"/> is called; the simulation is then finished. <see cref="Run(double)"/>
/// processes every event with time ≤ <c>untilDays</c> (inclusive), then moves the clock to
/// <c>untilDays</c>; it can be called again with a later time. Calling either on a finished
/// simulation throws <see cref="InvalidOperationException"/>; so does calling them from inside
/// a callback. An exception that escapes <c>Run</c> (from a callback, a process body's bad yield,
/// or an unhandled failure) also finishes the simulation.
/// </para>
/// <para>
/// <b>State advancers.</b> Each <see cref="IStateAdvancer"/> added with <see cref="AddAdvancer"/>
/// is called, in the order added, whenever the clock is about to move to a later time (before the
/// first event at that time) and when <see cref="Run(double)"/> reaches <c>untilDays</c>.
/// During <see cref="IStateAdvancer.AdvanceTo"/> <see cref="Now"/> is still the old time and
/// nothing may be scheduled or triggered (that throws <see cref="InvalidOperationException"/>).
/// </para>
/// <para>
/// <b>Allocation.</b> Timeouts are pooled (see <see cref="SimEvent"/> for the rule), and a
/// process registers on the event it waits for without a delegate, so a process that loops on
/// <c>yield return sim.Timeout(...)</c> allocates nothing per event in steady state.
/// </para>
/// <para>Not thread-safe: one simulation runs on one thread; run many simulations in parallel instead.</para>
/// </remarks>
public sealed class Simulation
{
    private readonly EventQueue _queue = new();
    private PooledEvent[] _pool = new PooledEvent[64];
    private int _poolCount;
    private IStateAdvancer[] _advancers = [];
    private Process[] _repeating = [];
    private int _repeatingCount;

    /// <summary>Waits of repeating processes that ride on another's timeout, outside the queue.</summary>
    internal int _ridingCount;

    /// <summary>Repeating processes waiting on a timeout of their own (the only ones that can carry another's wait: <see cref="CarrierFor"/>).</summary>
    internal int _ownTimeoutWaits;
    private double _now;
    private long _processedCount;
    private bool _running;
    private bool _advancing;
    private bool _stopRequested;
    private string? _finishedReason;

    internal Process? _activeProcess;

    /// <summary>Creates a simulation whose clock starts at <paramref name="startTimeDays"/>.</summary>
    /// <param name="startTimeDays">The initial clock value in days (e.g. −7 to start a week before infusion); finite.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="startTimeDays"/> is NaN or infinite.</exception>
    public Simulation(double startTimeDays = 0)
    {
        _now = Guard.Finite(startTimeDays, unit: "days");
    }

    /// <summary>Gets the current time in days.</summary>
    public double Now => _now;

    /// <summary>Gets how many events have been processed so far, including the kernel's own (process starts, interrupt deliveries).</summary>
    public long ProcessedEventCount => _processedCount;

    /// <summary>Gets how many triggered events wait in the queue.</summary>
    /// <remarks>Counts the waits of repeating processes that ride on another's timeout (<see cref="Repeat"/>) as the timeouts they stand for.</remarks>
    public int QueuedEventCount => _queue.Count + _ridingCount;

    /// <summary>Gets the process whose body is running right now, or null outside process steps.</summary>
    /// <remarks>Inside a process body, use it to reach the process itself, e.g. for <see cref="Kernel.Process.TryGetInterrupt"/>.</remarks>
    public Process? ActiveProcess => _activeProcess;

    /// <summary>Gets whether the simulation has finished (queue exhausted by <see cref="Run()"/>, <see cref="Stop"/>, or an exception), so it cannot run again.</summary>
    public bool IsFinished => _finishedReason is not null;

    /// <summary>Makes a new pending event that your code triggers with <see cref="SimEvent.Succeed"/> or <see cref="SimEvent.Fail"/>.</summary>
    /// <param name="name">An optional name used in messages and <see cref="SimEvent.ToString"/>.</param>
    /// <returns>The new event.</returns>
    public SimEvent Event(string? name = null) => new(this, EventKind.Plain, name);

    /// <summary>Makes a timeout: an event processed <paramref name="delayDays"/> after now.</summary>
    /// <param name="delayDays">The delay in days; finite and ≥ 0.</param>
    /// <param name="priority">Order among events at the same time: lower runs first.</param>
    /// <returns>A triggered event with a null value. It is pooled: see <see cref="SimEvent"/> for when it may be kept.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delayDays"/> is negative, NaN or infinite.</exception>
    public SimEvent Timeout(double delayDays, int priority = 0)
    {
        double time = TimeAfter(delayDays);
        SimEvent e = TakeTimeout();
        Enqueue(e, time, priority);
        return e;
    }

    /// <summary>The time <paramref name="delayDays"/> after now, checked as <see cref="Timeout"/> checks it.</summary>
    internal double TimeAfter(double delayDays)
    {
        double time = _now + delayDays;
        if (!(delayDays >= 0) || double.IsPositiveInfinity(time))
            throw Guard.OutOfRange(nameof(delayDays), delayDays, "[0, +∞)", "days");
        return time;
    }

    /// <summary>A pooled timeout queued at (<paramref name="timeDays"/>, <paramref name="priority"/>) with a sequence taken earlier by <see cref="ReserveSequence"/>.</summary>
    internal SimEvent TimeoutAt(double timeDays, int priority, long sequence) => Queue(TakeTimeout(), timeDays, priority, sequence);

    /// <summary>
    /// Queues again, at (<paramref name="timeDays"/>, <paramref name="priority"/>, <paramref name="sequence"/>), a pooled timeout that is
    /// being processed now and would be recycled once processed (a repeating process's own): the same as recycling it and taking a
    /// timeout from the pool for this wait, without the pool. It keeps its queue slot; the event loop sees it triggered again and does
    /// not recycle it.
    /// </summary>
    internal SimEvent RequeueAt(SimEvent timeout, double timeDays, int priority, long sequence) => Queue(timeout, timeDays, priority, sequence);

    /// <summary>Queues <paramref name="timeout"/>, triggered, at (<paramref name="timeDays"/>, <paramref name="priority"/>, <paramref name="sequence"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // a daily path (each repeating process's wait)
    private SimEvent Queue(SimEvent timeout, double timeDays, int priority, long sequence)
    {
        if (_advancing) ThrowSchedulingWhileAdvancing(timeout);
        timeout._time = timeDays;
        timeout._priority = priority;
        timeout._state = EventState.Triggered;
        _queue.Push(timeout, timeDays, priority, sequence);
        return timeout;
    }

    /// <summary>Takes the next insertion sequence now, for a timeout queued later (<see cref="TimeoutAt"/>) or never.</summary>
    internal long ReserveSequence() => _queue.ReserveSequence();

    private SimEvent TakeTimeout()
    {
        if (_poolCount == 0) return new SimEvent(this, EventKind.Timeout);
        SimEvent e = _pool[--_poolCount].Event;
        _pool[_poolCount].Event = null!;
        return e;
    }

    /// <summary>
    /// Whether an event at (<paramref name="timeDays"/>, <paramref name="priority"/>, <paramref name="sequence"/>), were it queued,
    /// would be the next one processed: no stop was requested and no queued event comes before it (it is at the current time).
    /// </summary>
    internal bool IsNextEvent(double timeDays, int priority, long sequence) =>
        !_stopRequested && timeDays == _now && !_queue.HasEventBefore(timeDays, priority, sequence);

    /// <summary>Counts a riding wait of a repeating process (<see cref="Repeat"/>) as processed: an event, though outside the queue.</summary>
    internal void RideProcessed()
    {
        _processedCount++;
        _ridingCount--;
    }

    /// <summary>
    /// Registers a repeating process as a possible carrier of the others' waits. It brings a pooled timeout of its own: riding waits
    /// keep fewer timeouts in the queue than their processes, so the pool would otherwise first run short on a day when they all land
    /// at once (a protocol event between them), long after start-up.
    /// </summary>
    internal void AddRepeating(Process process)
    {
        if (_repeatingCount == _repeating.Length) Array.Resize(ref _repeating, Math.Max(4, 2 * _repeating.Length));
        _repeating[_repeatingCount++] = process;
        Recycle(new SimEvent(this, EventKind.Timeout));
    }

    /// <summary>Forgets a repeating process that has ended (the order of the others does not matter: <see cref="CarrierFor"/> orders by key).</summary>
    internal void RemoveRepeating(Process process)
    {
        for (int i = 0; i < _repeatingCount; i++)
        {
            if (!ReferenceEquals(_repeating[i], process)) continue;
            _repeating[i] = _repeating[--_repeatingCount];
            _repeating[_repeatingCount] = null!;
            return;
        }
    }

    /// <summary>
    /// The repeating process whose timeout is the latest, in queue order, of those at <paramref name="timeDays"/> before a wait of
    /// <paramref name="priority"/> with a sequence reserved now; null when there is none.
    /// </summary>
    internal Process? CarrierFor(Process rider, double timeDays, int priority)
    {
        Process? carrier = null;
        Process[] repeating = _repeating;
        for (int i = 0; i < _repeatingCount; i++)
        {
            Process p = repeating[i];
            if (!ReferenceEquals(p, rider) && p.CanCarry(timeDays, priority) && (carrier is null || p.CarriesAfter(carrier))) carrier = p;
        }

        return carrier;
    }

    /// <summary>Starts a process whose first step runs at the current time.</summary>
    /// <param name="body">An iterator that yields the events to wait for, typically a method with <c>yield return</c>.</param>
    /// <param name="name">An optional name used in messages.</param>
    /// <returns>The process; it is an event that is processed when the body ends.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="body"/> is null.</exception>
    public Process Process(IEnumerable<SimEvent> body, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        return new Process(this, body.GetEnumerator(), name);
    }

    /// <summary>
    /// Starts a process that, like an iterator body <c>while (tick()) yield return Timeout(intervalDays, priority);</c>
    /// preceded by <c>yield return Timeout(firstDelayDays, priority)</c> when <paramref name="firstDelayDays"/> &gt; 0, calls
    /// <paramref name="tick"/> at each resumption (interrupts included) and ends when it returns false; the same events at the
    /// same times, priorities and insertion order as that iterator, without its interface calls.
    /// </summary>
    /// <remarks>
    /// <para>For the kernel's own daily processes (observation, supportive care, clinical hazards), which run every day of every patient.</para>
    /// <para><b>Riding.</b> When another repeating process already waits on a timeout due at the same time as this process's next
    /// wait and before it in queue order, the wait rides on that timeout instead of entering the queue: it takes its insertion
    /// sequence at the same moment a timeout would, and when the carrier's timeout has been processed the rider's step runs
    /// inline if no queued event comes before the rider's (time, priority, sequence) and no stop was requested; otherwise its
    /// timeout enters the queue with that sequence. So several daily processes cost one queued event a day, in the same order,
    /// with the same counts (<see cref="ProcessedEventCount"/>, <see cref="QueuedEventCount"/>), as separate timeouts; a
    /// protocol's event between them on some day makes them separate events on that day. An interrupt of a rider or a carrier
    /// puts the riders' timeouts into the queue first.</para>
    /// </remarks>
    /// <param name="tick">One step of the loop: true to wait <paramref name="intervalDays"/> and step again, false to end.</param>
    /// <param name="firstDelayDays">A wait before the first step, in days; finite, none when ≤ 0.</param>
    /// <param name="intervalDays">The wait after each step, in days; finite and ≥ 0.</param>
    /// <param name="priority">The waits' priority.</param>
    /// <param name="name">An optional name used in messages.</param>
    /// <returns>The process; it is an event that is processed when <paramref name="tick"/> returns false or throws.</returns>
    internal Process Repeat(Func<bool> tick, double firstDelayDays, double intervalDays, int priority, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(tick);
        Guard.Finite(firstDelayDays, unit: "days");
        Guard.NonNegative(intervalDays, unit: "days");
        return new Process(this, tick, firstDelayDays, intervalDays, priority, name);
    }

    /// <summary>Makes an event that succeeds when the first of <paramref name="events"/> has been processed successfully.</summary>
    /// <param name="events">The child events, of this simulation; an empty list succeeds at once.</param>
    /// <returns>The condition; its <see cref="SimEvent.Value"/> is the first child processed. It fails if a child fails first.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="events"/> or one of its items is null.</exception>
    /// <exception cref="ArgumentException">An event belongs to another simulation.</exception>
    public SimEvent AnyOf(params IEnumerable<SimEvent> events) => new Condition(this, CheckChildren(events), any: true);

    /// <summary>Makes an event that succeeds when all of <paramref name="events"/> have been processed successfully.</summary>
    /// <param name="events">The child events, of this simulation; an empty list succeeds at once.</param>
    /// <returns>The condition, with a null value. It fails as soon as a child fails.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="events"/> or one of its items is null.</exception>
    /// <exception cref="ArgumentException">An event belongs to another simulation.</exception>
    public SimEvent AllOf(params IEnumerable<SimEvent> events) => new Condition(this, CheckChildren(events), any: false);

    /// <summary>Schedules a plain callback at an absolute time.</summary>
    /// <param name="timeDays">When to run it, in days; not before <see cref="Now"/>.</param>
    /// <param name="callback">The action to run. Exceptions it throws escape <see cref="Run()"/>.</param>
    /// <param name="priority">Order among events at the same time: lower runs first.</param>
    /// <returns>The event that runs the callback; processes may wait for it.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeDays"/> is before <see cref="Now"/>, NaN or infinite.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="callback"/> is null.</exception>
    public SimEvent Schedule(double timeDays, Action callback, int priority = 0)
    {
        Guard.FiniteAtLeast(timeDays, _now, unit: "days");
        ArgumentNullException.ThrowIfNull(callback);
        var e = new CallbackEvent(this, callback);
        Enqueue(e, timeDays, priority);
        return e;
    }

    /// <summary>Schedules a plain callback <paramref name="delayDays"/> after now.</summary>
    /// <param name="delayDays">The delay in days; finite and ≥ 0.</param>
    /// <param name="callback">The action to run. Exceptions it throws escape <see cref="Run()"/>.</param>
    /// <param name="priority">Order among events at the same time: lower runs first.</param>
    /// <returns>The event that runs the callback; processes may wait for it.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delayDays"/> is negative, NaN or infinite.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="callback"/> is null.</exception>
    public SimEvent ScheduleAfter(double delayDays, Action callback, int priority = 0)
    {
        double time = _now + delayDays;
        if (!(delayDays >= 0) || double.IsPositiveInfinity(time))
            throw Guard.OutOfRange(nameof(delayDays), delayDays, "[0, +∞)", "days");
        ArgumentNullException.ThrowIfNull(callback);
        var e = new CallbackEvent(this, callback);
        Enqueue(e, time, priority);
        return e;
    }

    /// <summary>Attaches a state advancer (see the remarks on <see cref="Simulation"/>).</summary>
    /// <param name="advancer">The advancer; it is advanced from <see cref="Now"/> on.</param>
    /// <exception cref="ArgumentNullException"><paramref name="advancer"/> is null.</exception>
    /// <exception cref="ArgumentException">The advancer is already attached.</exception>
    /// <exception cref="InvalidOperationException">Called from inside <see cref="IStateAdvancer.AdvanceTo"/>.</exception>
    public void AddAdvancer(IStateAdvancer advancer)
    {
        ArgumentNullException.ThrowIfNull(advancer);
        if (_advancing) throw new InvalidOperationException("Advancers cannot be added from inside IStateAdvancer.AdvanceTo.");
        if (Array.IndexOf(_advancers, advancer) >= 0)
            throw new ArgumentException($"Parameter 'advancer' ({advancer}) is already attached to this simulation.", nameof(advancer));
        IStateAdvancer[] grown = new IStateAdvancer[_advancers.Length + 1];
        _advancers.CopyTo(grown, 0);
        grown[^1] = advancer;
        _advancers = grown;
    }

    /// <summary>Processes events until the queue is empty or <see cref="Stop"/> is called; the simulation is then finished.</summary>
    /// <exception cref="InvalidOperationException">The simulation has finished, or <c>Run</c> is already running.</exception>
    public void Run()
    {
        ThrowIfCannotRun();
        RunCore(double.PositiveInfinity);
        if (_finishedReason is null)
            _finishedReason = $"Run() processed every event (queue exhausted at day {SimEvent.Format(_now)})";
    }

    /// <summary>
    /// Processes every event with time ≤ <paramref name="untilDays"/>, then advances the clock
    /// (and the attached advancers) to <paramref name="untilDays"/>, unless <see cref="Stop"/> was called.
    /// </summary>
    /// <param name="untilDays">The time to run to, in days; not before <see cref="Now"/>, finite.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="untilDays"/> is before <see cref="Now"/>, NaN or infinite.</exception>
    /// <exception cref="InvalidOperationException">The simulation has finished, or <c>Run</c> is already running.</exception>
    public void Run(double untilDays)
    {
        ThrowIfCannotRun();
        Guard.FiniteAtLeast(untilDays, _now, unit: "days");
        RunCore(untilDays);
        if (_finishedReason is not null) return;
        if (untilDays > _now)
        {
            Advance(untilDays);
            _now = untilDays;
        }
    }

    /// <summary>
    /// Stops the simulation: the running <c>Run</c> returns after the current event's callbacks,
    /// and the simulation is finished. Outside <c>Run</c>, it just finishes the simulation.
    /// </summary>
    public void Stop()
    {
        _stopRequested = true;
        if (!_running) _finishedReason ??= $"Stop() was called at day {SimEvent.Format(_now)}";
    }

    private void RunCore(double untilDays)
    {
        _running = true;
        try
        {
            EventQueue queue = _queue;
            while (queue.Count > 0 && !_stopRequested)
            {
                double time = queue.MinTime;
                if (time > untilDays) break;
                if (time > _now)
                {
                    if (_advancers.Length != 0) Advance(time);
                    _now = time;
                }

                SimEvent e = queue.PopFirst();
                _processedCount++;
                PrefetchWaiter(queue.PeekNext());
                object? callbacks = e._callbacks;
                if (e._kind == EventKind.Timeout && !e._pinned && callbacks is not null)
                {
                    // An unpinned timeout's callbacks are one waiting process (a second waiter, a condition or a callback pins it:
                    // SimEvent.AddCallbackObject, Condition, AddCallback), taken without reading its type from the process's first
                    // cache line, which a step does not otherwise touch.
                    Debug.Assert(callbacks is Process);
                    Process waiter = Unsafe.As<Process>(callbacks);
                    // The common event: a timeout waited on by one process (what Fire does for it, without its dispatch; a timeout
                    // never fails, so there is no failure to rethrow).
                    e._state = EventState.Processed;
                    e._callbacks = null;
                    waiter.Resume(e, this);
                    if (e._state == EventState.Processed) Recycle(e);
                }
                else if (e.Fire())
                {
                    // A repeating process may have queued its own timeout again (RequeueAt) instead of taking one from the pool.
                    if (e._state == EventState.Processed) Recycle(e);
                }
                else
                {
                    queue.Release(e);
                }
            }

            if (_stopRequested) _finishedReason = $"Stop() was called at day {SimEvent.Format(_now)}";
        }
        catch (Exception ex)
        {
            _finishedReason = $"an exception escaped Run at day {SimEvent.Format(_now)} ({ex.GetType().Name}: {ex.Message})";
            _activeProcess = null;
            throw;
        }
        finally
        {
            _running = false;
        }
    }

    /// <summary>
    /// Starts loading the process that waits on the event processed after this one. Reaching it is a chain of dependent loads
    /// (queue slot, event, process), each a likely cache miss with a thousand live processes; begun one event ahead, the chain
    /// overlaps the current event's work instead of stalling the next iteration.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PrefetchWaiter(SimEvent? next)
    {
        // As in RunCore: an unpinned timeout's callbacks are null or one process.
        if (next is not null && next._kind == EventKind.Timeout && !next._pinned && next._callbacks is { } waiter)
            Unsafe.As<Process>(waiter).Prefetch();
    }

    private void Advance(double timeDays)
    {
        _advancing = true;
        try
        {
            foreach (IStateAdvancer advancer in _advancers) advancer.AdvanceTo(timeDays);
        }
        finally
        {
            _advancing = false;
        }
    }

    private void Recycle(SimEvent timeout)
    {
        if (_poolCount == _pool.Length) Array.Resize(ref _pool, _pool.Length * 2);
        _pool[_poolCount++].Event = timeout;
    }

    /// <summary>A reference wrapped in a struct, so array stores skip the covariance check.</summary>
    private struct PooledEvent
    {
        public SimEvent Event;
    }

    /// <summary>Puts a triggered event into the queue at <paramref name="timeDays"/>; callers have validated the time.</summary>
    internal void Enqueue(SimEvent e, double timeDays, int priority)
    {
        if (_advancing) ThrowSchedulingWhileAdvancing(e);
        e._time = timeDays;
        e._priority = priority;
        e._state = EventState.Triggered;
        _queue.Push(e, timeDays, priority);
    }

    /// <summary>Rethrows the failure of an event that nobody handled.</summary>
    internal void ThrowUnhandled(SimEvent e) => ExceptionDispatchInfo.Throw(e._failure!);

    private static void ThrowSchedulingWhileAdvancing(SimEvent e) =>
        throw new InvalidOperationException(
            $"Cannot schedule or trigger '{e}' from inside IStateAdvancer.AdvanceTo: the clock is between events. Schedule from an event callback or a process instead.");

    private void ThrowIfCannotRun()
    {
        if (_running) throw new InvalidOperationException("Run was called while the simulation is already running (from a callback or process).");
        if (_finishedReason is not null)
            throw new InvalidOperationException($"The simulation has finished: {_finishedReason}; it cannot run again. Create a new Simulation.");
    }

    private SimEvent[] CheckChildren(IEnumerable<SimEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        SimEvent[] children = events.ToArray();
        for (int i = 0; i < children.Length; i++)
        {
            SimEvent? child = children[i];
            if (child is null) throw new ArgumentNullException(nameof(events), $"Parameter 'events' has a null item at index {i}.");
            if (!ReferenceEquals(child._sim, this))
                throw new ArgumentException($"Parameter 'events' item {i} ('{child}') belongs to another Simulation.", nameof(events));
        }

        return children;
    }
}
