namespace Reconstitution.Kernel;

/// <summary>An event that runs a plain callback when processed (<see cref="Simulation.Schedule"/>).</summary>
internal sealed class CallbackEvent : SimEvent
{
    private readonly Action _action;

    internal CallbackEvent(Simulation simulation, Action action)
        : base(simulation, EventKind.Callback)
    {
        _action = action;
    }

    internal void Invoke() => _action();
}
