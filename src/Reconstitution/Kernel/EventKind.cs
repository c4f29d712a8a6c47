namespace Reconstitution.Kernel;

/// <summary>What an event is, so the kernel can special-case the hot paths without virtual calls.</summary>
internal enum EventKind : byte
{
    /// <summary>A plain event made by <see cref="Simulation.Event"/>, triggered by user code.</summary>
    Plain,

    /// <summary>A pooled timeout made by <see cref="Simulation.Timeout"/>.</summary>
    Timeout,

    /// <summary>A <see cref="Kernel.Process"/>; triggered when its body ends.</summary>
    Process,

    /// <summary>An any-of or all-of condition.</summary>
    Condition,

    /// <summary>A plain callback scheduled by <see cref="Simulation.Schedule"/>.</summary>
    Callback,

    /// <summary>Internal: the first step of a process, or the delivery of an interrupt.</summary>
    Wakeup,

    /// <summary>A request to a resource, container or store (<see cref="Resources.ResourceEvent"/>); triggered when served.</summary>
    Request,
}
