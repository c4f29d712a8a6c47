namespace Reconstitution.Monitoring;

/// <summary>An append-only log of (time, kind, detail) entries, for timelines and debugging.</summary>
/// <remarks>
/// Cheap when unused: a disabled log (<c>new EventLog(enabled: false)</c>) makes <see cref="Add"/>
/// a single branch. Callers that build a detail string should check <see cref="IsEnabled"/>
/// first, so no string is formatted for nothing. Not thread-safe.
/// </remarks>
public sealed class EventLog
{
    private readonly List<LogEntry> _entries = [];

    /// <summary>Creates a log.</summary>
    /// <param name="enabled">False to make <see cref="Add"/> a no-op.</param>
    public EventLog(bool enabled = true)
    {
        IsEnabled = enabled;
    }

    /// <summary>Gets whether entries are kept.</summary>
    public bool IsEnabled { get; }

    /// <summary>Gets the entries in the order they were added.</summary>
    public IReadOnlyList<LogEntry> Entries => _entries;

    /// <summary>Appends an entry (nothing if the log is disabled).</summary>
    /// <param name="timeDays">The time in days, typically <c>Simulation.Now</c>.</param>
    /// <param name="kind">A short category.</param>
    /// <param name="detail">Free text, or null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="kind"/> is null.</exception>
    public void Add(double timeDays, string kind, string? detail = null)
    {
        if (!IsEnabled) return;
        ArgumentNullException.ThrowIfNull(kind);
        _entries.Add(new LogEntry(timeDays, kind, detail));
    }

    /// <summary>Removes every entry.</summary>
    public void Clear() => _entries.Clear();
}
