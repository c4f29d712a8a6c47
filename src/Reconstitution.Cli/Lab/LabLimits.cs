namespace Reconstitution.Cli.Lab;

/// <summary>
/// The bounds that keep the lab responsive on a student's laptop: cohort size and horizon, uploads, how many runs
/// compute at once, how long one may take, and how long results are kept. Immutable.
/// </summary>
/// <remarks>
/// The defaults are documented in docs/lab.md. 2,000 patients × 5 years is about a minute of computing on two
/// cores; a run that outlives <see cref="RunTimeLimit"/> is stopped and keeps the patients it finished.
/// </remarks>
internal sealed record LabLimits
{
    /// <summary>The largest cohort one run may ask for.</summary>
    public int MaxPatients { get; init; } = 2_000;

    /// <summary>The longest horizon, days after infusion (five years).</summary>
    public int MaxDays { get; init; } = 1_825;

    /// <summary>The largest protocol file accepted (1 MiB; a built-in protocol is about 2 KB).</summary>
    public int MaxUploadBytes { get; init; } = 1 << 20;

    /// <summary>The largest request body of any kind (form posts are a few KB).</summary>
    public int MaxRequestBytes { get; init; } = 2 << 20;

    /// <summary>Runs computing at the same time; more wait in a queue.</summary>
    public int MaxConcurrentRuns { get; init; } = 2;

    /// <summary>Runs queued or computing at the same time; more are refused with "busy".</summary>
    public int MaxPendingRuns { get; init; } = 8;

    /// <summary>Finished runs whose results are kept for download; the least recently used go first.</summary>
    public int MaxKeptRuns { get; init; } = 16;

    /// <summary>A run that computes longer is stopped; the finished patients are kept.</summary>
    public TimeSpan RunTimeLimit { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// A queued or running run whose page has not asked for its progress this long is stopped (the tab was closed
    /// without saying so). Long enough for a background tab whose timers the browser slows to once a minute.
    /// </summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromSeconds(75);

    /// <summary>Finished results not looked at for this long are dropped.</summary>
    public TimeSpan ResultLifetime { get; init; } = TimeSpan.FromMinutes(60);

    /// <summary>The documented defaults.</summary>
    public static LabLimits Default { get; } = new();
}
