namespace Reconstitution.Monitoring;

/// <summary>An append-only log of (time, kind, detail) entries, for timelines and debugging.</summary>
/// <remarks>
/// Cheap when unused: a disabled log (<c>new EventLog(enabled: false)</c>) makes <see cref="Add"/>
/// a single branch. Callers that build a detail string should check <see cref="IsEnabled"/>
/// first, so no string is formatted for nothing. Not thread-safe.
/// </remarks>
public sealed class EventLog
{
    // An array and a count behind a view of this assembly's own, not a List<LogEntry>: a framework generic over one of the
    // library's structs has no precompiled (ReadyToRun) code and would be JIT-compiled in every process (issue 15).
    private static readonly LogEntry[] None = new LogEntry[0]; // not [] (Array.Empty<LogEntry>, a generic instantiation too)
    private LogEntry[] _entries = None;
    private int _count;

    /// <summary>Creates a log.</summary>
    /// <param name="enabled">False to make <see cref="Add"/> a no-op.</param>
    public EventLog(bool enabled = true)
    {
        IsEnabled = enabled;
        Entries = new View(this);
    }

    /// <summary>Gets whether entries are kept.</summary>
    public bool IsEnabled { get; }

    /// <summary>Gets the entries in the order they were added.</summary>
    public IReadOnlyList<LogEntry> Entries { get; }

    /// <summary>Appends an entry (nothing if the log is disabled).</summary>
    /// <param name="timeDays">The time in days, typically <c>Simulation.Now</c>.</param>
    /// <param name="kind">A short category.</param>
    /// <param name="detail">Free text, or null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="kind"/> is null.</exception>
    public void Add(double timeDays, string kind, string? detail = null)
    {
        if (!IsEnabled) return;
        ArgumentNullException.ThrowIfNull(kind);
        if (_count == _entries.Length)
        {
            var larger = new LogEntry[Math.Max(4, 2 * _count)];
            Array.Copy(_entries, larger, _count);
            _entries = larger;
        }
        _entries[_count++] = new LogEntry(timeDays, kind, detail);
    }

    /// <summary>Removes every entry.</summary>
    public void Clear()
    {
        Array.Clear(_entries, 0, _count);
        _count = 0;
    }

    /// <summary>The live, read-only view of a log's entries.</summary>
    private sealed class View(EventLog log) : IReadOnlyList<LogEntry>
    {
        public int Count => log._count;

        public LogEntry this[int index] =>
            (uint)index < (uint)log._count ? log._entries[index] : throw new ArgumentOutOfRangeException(nameof(index), index, $"Parameter 'index' was {index}; the log has {log._count} entries.");

        public IEnumerator<LogEntry> GetEnumerator()
        {
            for (int i = 0; i < log._count; i++) yield return log._entries[i];
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
