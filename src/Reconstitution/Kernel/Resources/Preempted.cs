namespace Reconstitution.Kernel.Resources;

/// <summary>
/// The interrupt cause a process receives (from <see cref="Process.TryGetInterrupt"/>) when a
/// <see cref="PreemptiveResource"/> takes its unit away for a request of better priority.
/// </summary>
/// <param name="Request">The request that held the unit and lost it (its <see cref="ResourceRequest.GrantedAtDays"/> says since when it was used).</param>
/// <param name="By">The request that took the unit.</param>
/// <remarks>Immutable. The preempted request no longer holds the unit: do not release it (cancelling it is a no-op).</remarks>
public sealed record Preempted(ResourceRequest Request, ResourceRequest By);
