namespace Reconstitution.Kernel;

/// <summary>The life cycle of a <see cref="SimEvent"/>: pending, then triggered, then processed.</summary>
/// <remarks>
/// An event moves only forward through these states, and each step happens at most once.
/// A timeout is triggered when it is created (its time is already known); a plain event is
/// triggered by <see cref="SimEvent.Succeed"/> or <see cref="SimEvent.Fail"/>; a process is
/// triggered when its body ends.
/// </remarks>
public enum EventState : byte
{
    /// <summary>Not yet triggered: it has neither a value nor a failure, and is not in the queue.</summary>
    Pending = 0,

    /// <summary>Triggered: it has its outcome (a value or a failure) and waits in the queue to be processed.</summary>
    Triggered = 1,

    /// <summary>Processed: the clock reached it and its callbacks have been (or are being) run.</summary>
    Processed = 2,
}
