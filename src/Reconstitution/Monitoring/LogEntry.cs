namespace Reconstitution.Monitoring;

/// <summary>One entry of an <see cref="EventLog"/>: what happened, when, and details.</summary>
/// <param name="TimeDays">The simulation time in days.</param>
/// <param name="Kind">A short category, e.g. <c>"infusion"</c> or <c>"interrupt"</c>.</param>
/// <param name="Detail">Free text, or null.</param>
/// <remarks>Immutable.</remarks>
public readonly record struct LogEntry(double TimeDays, string Kind, string? Detail);
