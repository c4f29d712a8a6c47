using System.Runtime.CompilerServices;

namespace Reconstitution.Kernel;

/// <summary>
/// A simulated activity written as a C# iterator that <c>yield return</c>s the events it waits
/// for; it is itself an event, triggered when its body ends, so other processes can wait for it.
/// </summary>
/// <remarks>
/// <para>
/// Start one with <see cref="Simulation.Process"/>. Its first step runs as an event at the time it
/// was started (priority 0); each <c>yield return e</c> suspends it until <c>e</c> is processed
/// (at once, if <c>e</c> was already processed). When the body ends the process succeeds with a
/// null value; when the body throws, the process fails with that exception, which a waiter
/// handles by reading <see cref="SimEvent.IsOk"/> or <see cref="SimEvent.Failure"/>, or else
/// <see cref="Simulation.Run()"/> rethrows it.
/// </para>
/// <para>
/// <b>Interrupts.</b> <see cref="Interrupt"/> ends the process's current wait early: the event it
/// was waiting for no longer resumes it; instead it resumes at the current time (before other
/// events at that time, priority <see cref="int.MinValue"/>) and <see cref="TryGetInterrupt"/>
/// returns true with the cause until its next wait. Every interrupt is delivered exactly once, in
/// the order issued, each at a separate resumption; interrupts still queued when the body ends are
/// discarded. A process that does not check simply continues as if its wait had ended early.
/// </para>
/// <para>Not thread-safe.</para>
/// </remarks>
public sealed class Process : SimEvent
{
    /// <summary>The iterator body, or null for a repeating process (<see cref="_tick"/>).</summary>
    private readonly IEnumerator<SimEvent>? _body;

    // The fields every step reads or writes come first (the runtime lays out a class's references in the order declared, after its
    // base class's), so that a step touches as few of the process's cache lines as it can.

    /// <summary>The event whose processing resumes this process; null while running or finished.</summary>
    private SimEvent? _target;

    /// <summary>The wakeup that will deliver the oldest pending interrupt, when one is scheduled.</summary>
    private SimEvent? _delivery;

    /// <summary>The first of the repeating processes that ride on this one's current timeout, in queue order.</summary>
    private Process? _riders;

    /// <summary>The pooled timeout a repeating process made for its current wait (stale once it has resumed or been interrupted).</summary>
    private SimEvent? _ownTimeout;

    /// <summary>
    /// While a repeating process steps after its own timeout fired: that timeout, which the kernel would recycle once processed; the
    /// next wait queues it again instead of taking another from the pool. Null otherwise.
    /// </summary>
    private SimEvent? _firedOwnTimeout;

    private Queue<object?>? _pendingInterrupts;
    /// <summary>
    /// The cause of the interrupt the latest resumption delivered (<see cref="NullCause"/> for a null cause), or null when that
    /// resumption was not an interrupt: one reference, next to the other fields a step touches, rather than a flag beside it.
    /// </summary>
    private object? _interruptCause;
    private bool _finished;

    /// <summary>Stands for a null interrupt cause in <see cref="_interruptCause"/>.</summary>
    private static readonly object NullCause = new();

    /// <summary>A repeating process's step, its wait after each step and that wait's priority (<see cref="Simulation.Repeat"/>).</summary>
    private readonly Func<bool>? _tick;
    private readonly double _interval;
    private readonly int _waitPriority;

    /// <summary>A repeating process's wait before its first step, NaN once waited (or when there is none).</summary>
    private double _firstDelay = double.NaN;

    private long _ownSequence;

    /// <summary>
    /// While a repeating process rides (see <see cref="Simulation.Repeat"/>): the process whose timeout carries its wait, and the
    /// wait's time and reserved insertion sequence; null otherwise.
    /// </summary>
    private Process? _carrier;
    private double _rideTime;
    private long _rideSequence;

    /// <summary>The next rider of the same carrier, in queue order.</summary>
    private Process? _nextRider;

    /// <summary>The carrier of this process's latest ride, tried first for the next one (it usually carries the next day too).</summary>
    private Process? _lastCarrier;

    internal Process(Simulation simulation, IEnumerator<SimEvent> body, string? name)
        : base(simulation, EventKind.Process, name)
    {
        _body = body;
        Start();
    }

    /// <summary>A repeating process: see <see cref="Simulation.Repeat"/>.</summary>
    internal Process(Simulation simulation, Func<bool> tick, double firstDelayDays, double intervalDays, int priority, string? name)
        : base(simulation, EventKind.Process, name)
    {
        _tick = tick;
        _interval = intervalDays;
        _waitPriority = priority;
        if (firstDelayDays > 0) _firstDelay = firstDelayDays;
        simulation.AddRepeating(this);
        Start();
    }

    private void Start()
    {
        var start = new SimEvent(_sim, EventKind.Wakeup);
        start._callbacks = this;
        _target = start;
        start.TriggerInternal(null, null, 0);
    }

    /// <summary>Gets whether the body has not ended yet (it may still be waiting to start).</summary>
    public bool IsAlive => !_finished;

    /// <summary>
    /// Interrupts the process: its current wait ends, and it resumes at the current time with
    /// <paramref name="cause"/> available from <see cref="TryGetInterrupt"/>.
    /// </summary>
    /// <param name="cause">Why it was interrupted (any object, may be null).</param>
    /// <exception cref="InvalidOperationException">The process has ended, or it is the active process (a process cannot interrupt itself).</exception>
    public void Interrupt(object? cause = null)
    {
        if (_finished)
            throw new InvalidOperationException($"Process '{this}' has already ended; only a live process can be interrupted.");
        if (ReferenceEquals(_sim.ActiveProcess, this))
            throw new InvalidOperationException($"Process '{this}' cannot interrupt itself.");
        // Schedule first: if scheduling is not allowed now (inside IStateAdvancer.AdvanceTo) it
        // throws before the process's state has changed.
        if (_delivery is null) ScheduleDelivery();
        (_pendingInterrupts ??= new Queue<object?>()).Enqueue(cause);
    }

    /// <summary>
    /// Tells whether the process's latest resumption was an interrupt rather than the event it waited for.
    /// </summary>
    /// <param name="cause">The cause passed to <see cref="Interrupt"/>, or null if not interrupted.</param>
    /// <returns>True from the resumption by an interrupt until the process waits again.</returns>
    public bool TryGetInterrupt(out object? cause)
    {
        object? stored = _interruptCause;
        cause = ReferenceEquals(stored, NullCause) ? null : stored;
        return stored is not null;
    }

    /// <summary>
    /// Reads the field a resumption reads first, so that its cache line is loading while the event loop still works on the
    /// event before (see <see cref="Simulation"/>'s event loop); the value itself is not needed.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Prefetch() => GC.KeepAlive(_target);

    /// <summary>Called when an event this process registered on is processed.</summary>
    internal void Resume(SimEvent trigger) => Resume(trigger, _sim);

    /// <summary>Called when an event this process registered on is processed, by the event loop of <paramref name="sim"/> (this process's simulation), which saves reading it from the process.</summary>
    internal void Resume(SimEvent trigger, Simulation sim)
    {
        // A process removed from a callback list that was already being run (it was interrupted
        // by an earlier callback of the same event) must not be resumed by that event.
        if (!ReferenceEquals(trigger, _target)) return;
        _target = null;
        if (ReferenceEquals(trigger, _ownTimeout))
        {
            // A repeating process's own timeout (never shared, never pinned: the kernel recycles it after this step unless queued again).
            sim._ownTimeoutWaits--;
            _firedOwnTimeout = trigger;
        }
        if (ReferenceEquals(trigger, _delivery))
        {
            _delivery = null;
            _interruptCause = _pendingInterrupts!.Dequeue() ?? NullCause;
        }
        else
        {
            _interruptCause = null;
        }

        // The riders of the timeout that just fired are due at this same time, after it.
        Process? riders = _riders;
        _riders = null;
        Step(sim);
        _firedOwnTimeout = null;
        if (riders is not null) RunRiders(riders);
    }

    private void Step(Simulation sim)
    {
        sim._activeProcess = this;
        while (true)
        {
            bool more;
            try
            {
                more = _body is not null ? _body.MoveNext() : StepRepeating();
            }
            catch (Exception ex)
            {
                sim._activeProcess = null;
                Finish(ex);
                return;
            }

            if (!more)
            {
                sim._activeProcess = null;
                Finish(null);
                return;
            }

            if (_body is null)
            {
                WaitRepeating(sim);
                break;
            }

            SimEvent? next = _body.Current;
            if (next is null || !ReferenceEquals(next._sim, sim) || ReferenceEquals(next, this))
            {
                sim._activeProcess = null;
                ThrowBadYield(next);
            }

            if (next._state == EventState.Processed)
            {
                // Already happened: continue at once, as if resumed by it.
                _interruptCause = null;
                continue;
            }

            _target = next;
            if (next._callbacks is null) next._callbacks = this;
            else next.AddCallbackObject(this);
            break;
        }

        // Steps never nest (they run only from the event loop), so there is no outer process to restore.
        sim._activeProcess = null;
        if (_pendingInterrupts is not null && _pendingInterrupts.Count > 0) ScheduleDelivery();
    }

    /// <summary>
    /// A repeating process's resumption: nothing before its first wait, else its step. The step is a delegate call, which costs
    /// less than an iterator's <c>MoveNext</c> and <c>Current</c> through the interface at this one call site shared by every
    /// kind of process (the runtime resolves those through a hashed stub once more than one kind runs).
    /// </summary>
    private bool StepRepeating() => !double.IsNaN(_firstDelay) || _tick!();

    /// <summary>
    /// A repeating process's next wait: its insertion sequence is taken now, as a timeout made now would take it. When another
    /// repeating process waits on a timeout due at the same time and before this wait in queue order, this wait rides on it
    /// (the last ride's carrier if it can, else the latest such carrier in queue order, which leaves the fewest events that
    /// could come between); else it is a pooled timeout. Any carrier gives the same course: the choice only decides how often
    /// a ride must land.
    /// </summary>
    private void WaitRepeating(Simulation sim)
    {
        double time = sim.TimeAfter(WaitDays());
        long sequence = sim.ReserveSequence();
        Process? carrier = _lastCarrier;
        // Only a process waiting on its own timeout can carry: when none does (the usual carrier's own step), there is none to look for.
        if (carrier is null || !carrier.CanCarry(time, _waitPriority)) carrier = sim._ownTimeoutWaits == 0 ? null : sim.CarrierFor(this, time, _waitPriority);
        if (carrier is null)
        {
            WaitOnTimeout(time, sequence);
            return;
        }

        sim._ridingCount++;
        _lastCarrier = carrier;
        _carrier = carrier;
        _rideTime = time;
        _rideSequence = sequence;
        carrier.AddRider(this);
    }

    /// <summary>Waits on a pooled timeout at (<paramref name="time"/>, the wait priority, <paramref name="sequence"/>).</summary>
    private void WaitOnTimeout(double time, long sequence)
    {
        SimEvent? fired = _firedOwnTimeout;
        _firedOwnTimeout = null;
        SimEvent timeout = fired is not null ? _sim.RequeueAt(fired, time, _waitPriority, sequence) : _sim.TimeoutAt(time, _waitPriority, sequence);
        _sim._ownTimeoutWaits++;
        timeout._callbacks = this;
        _ownTimeout = timeout;
        _ownSequence = sequence;
        _target = timeout;
    }

    /// <summary>Whether this repeating process waits on its own timeout at <paramref name="time"/> that comes before (<paramref name="time"/>, <paramref name="priority"/>, any later sequence).</summary>
    internal bool CanCarry(double time, int priority) =>
        _target is { } target && ReferenceEquals(target, _ownTimeout) && target._time == time && target._priority <= priority;

    /// <summary>Whether this carrier's timeout comes after <paramref name="other"/>'s in queue order (both can carry at one time).</summary>
    internal bool CarriesAfter(Process other) =>
        _waitPriority > other._waitPriority || (_waitPriority == other._waitPriority && _ownSequence > other._ownSequence);

    /// <summary>Adds a rider, keeping the riders in queue order (priority, then sequence).</summary>
    private void AddRider(Process rider)
    {
        ref Process? link = ref _riders;
        while (link is not null && (link._waitPriority < rider._waitPriority || (link._waitPriority == rider._waitPriority && link._rideSequence < rider._rideSequence)))
            link = ref link._nextRider;
        rider._nextRider = link;
        link = rider;
    }

    /// <summary>Removes a rider from this carrier's current riders (when it is not there, it is in a list being run, which skips it).</summary>
    private void RemoveRider(Process rider)
    {
        ref Process? link = ref _riders;
        while (link is not null)
        {
            if (ReferenceEquals(link, rider))
            {
                link = rider._nextRider;
                rider._nextRider = null;
                return;
            }

            link = ref link._nextRider;
        }
    }

    /// <summary>
    /// Runs the riders of the timeout that just fired, each as the kernel would process its timeout: inline when no queued event
    /// comes before its key (nor was a stop requested), else its timeout goes into the queue with its reserved sequence, as
    /// though it had been there all along.
    /// </summary>
    private void RunRiders(Process? rider)
    {
        Simulation sim = _sim;
        while (rider is not null)
        {
            Process? next = rider._nextRider;
            rider._nextRider = null;
            if (ReferenceEquals(rider._carrier, this))
            {
                if (sim.IsNextEvent(rider._rideTime, rider._waitPriority, rider._rideSequence))
                {
                    sim.RideProcessed();
                    rider._carrier = null;
                    rider._interruptCause = null;
                    rider.Step(rider._sim);
                }
                else
                {
                    rider.Land();
                }
            }

            rider = next;
        }
    }

    /// <summary>Puts a riding wait's timeout into the queue at its key.</summary>
    private void Land()
    {
        _sim._ridingCount--;
        _carrier = null;
        WaitOnTimeout(_rideTime, _rideSequence);
    }

    /// <summary>This process will not resume at its timeout (interrupted): its riders' timeouts go into the queue.</summary>
    private void LandRiders()
    {
        Process? rider = _riders;
        _riders = null;
        while (rider is not null)
        {
            Process? next = rider._nextRider;
            rider._nextRider = null;
            rider.Land();
            rider = next;
        }
    }

    /// <summary>A repeating process's next wait: the first delay once, then the interval.</summary>
    private double WaitDays()
    {
        double delay = _firstDelay;
        if (double.IsNaN(delay)) return _interval;
        _firstDelay = double.NaN;
        return delay;
    }

    private void ScheduleDelivery()
    {
        // A riding wait becomes the timeout it stands for (which the interrupt then leaves, as it leaves any other); a carrier will
        // not resume at its timeout, so its riders' timeouts go into the queue.
        if (_carrier is not null)
        {
            _carrier.RemoveRider(this);
            Land();
        }

        if (_riders is not null) LandRiders();
        if (_target is not null && ReferenceEquals(_target, _ownTimeout)) _sim._ownTimeoutWaits--;
        var delivery = new SimEvent(_sim, EventKind.Wakeup);
        delivery.TriggerInternal(null, null, int.MinValue);
        delivery._callbacks = this;
        _target?.RemoveCallbackObject(this);
        _delivery = delivery;
        _target = delivery;
    }

    private void Finish(Exception? failure)
    {
        _finished = true;
        if (_tick is not null) _sim.RemoveRepeating(this);
        _pendingInterrupts?.Clear();
        _body?.Dispose();
        TriggerInternal(null, failure, 0);
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private void ThrowBadYield(SimEvent? next)
    {
        _finished = true;
        _body?.Dispose();
        string what = next is null
            ? "null"
            : ReferenceEquals(next, this)
                ? "itself (a process cannot wait for its own end)"
                : $"event '{next}' of another Simulation";
        throw new InvalidOperationException(
            $"Process '{this}' yielded {what}; a process must yield events of its own Simulation.");
    }
}
