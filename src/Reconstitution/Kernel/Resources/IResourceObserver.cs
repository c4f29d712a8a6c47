namespace Reconstitution.Kernel.Resources;

/// <summary>Receives a shared resource's changes (implemented by the monitor, so the kernel does not depend on Monitoring).</summary>
internal interface IResourceObserver
{
    /// <summary>The level or the number of waiting events changed at the current time.</summary>
    void Changed(double level, int waiting);

    /// <summary>An event was served after waiting <paramref name="waitDays"/> (0 if served at once).</summary>
    void Waited(double waitDays);
}
