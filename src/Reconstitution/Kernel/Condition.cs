namespace Reconstitution.Kernel;

/// <summary>
/// An event that succeeds when any one (<see cref="Simulation.AnyOf"/>) or all
/// (<see cref="Simulation.AllOf"/>) of its child events have been processed successfully,
/// and fails as soon as a child fails (the child's failure then counts as handled).
/// </summary>
internal sealed class Condition : SimEvent
{
    private readonly bool _any;
    private readonly int _needed;
    private int _count;

    internal Condition(Simulation simulation, SimEvent[] events, bool any)
        : base(simulation, EventKind.Condition, any ? "AnyOf" : "AllOf")
    {
        _any = any;
        _needed = any ? 1 : events.Length;
        if (events.Length == 0)
        {
            TriggerInternal(null, null, 0);
            return;
        }

        foreach (SimEvent child in events)
        {
            // The condition keeps a reference to its children, and so may the user: never recycle them.
            child._pinned = true;
            if (child._state == EventState.Processed) OnChildProcessed(child);
            else child.AddCallbackObject(this);
        }
    }

    internal void OnChildProcessed(SimEvent child)
    {
        if (_state != EventState.Pending) return;
        if (child._failure is not null)
        {
            child._handled = true;
            TriggerInternal(null, child._failure, 0);
            return;
        }

        if (++_count >= _needed) TriggerInternal(_any ? child : null, null, 0);
    }
}
