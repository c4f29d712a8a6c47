namespace Reconstitution.Analysis;

/// <summary>
/// One subject's time to an event, or to censoring, for survival and competing-risk estimators.
/// </summary>
/// <remarks>
/// <see cref="Cause"/> is 0 when the subject was censored at <see cref="TimeDays"/> (followed
/// that long without an event), and a positive cause code otherwise (for example 1 = engraftment,
/// 2 = death before engraftment). Immutable and thread-safe.
/// </remarks>
/// <param name="TimeDays">Time from the origin (usually the day of infusion) to the event or censoring, in days; finite and ≥ 0.</param>
/// <param name="Cause">0 for censored; a positive code for the cause of the event.</param>
public readonly record struct SurvivalObservation(double TimeDays, int Cause)
{
    /// <summary>Creates an observation of an event of cause 1 at <paramref name="timeDays"/>.</summary>
    /// <param name="timeDays">The event time in days.</param>
    /// <returns>The observation.</returns>
    public static SurvivalObservation Event(double timeDays) => new(timeDays, 1);

    /// <summary>Creates an observation censored at <paramref name="timeDays"/>.</summary>
    /// <param name="timeDays">The last time the subject was seen event-free, in days.</param>
    /// <returns>The observation.</returns>
    public static SurvivalObservation Censored(double timeDays) => new(timeDays, 0);

    /// <summary>Whether an event (of any cause) was observed.</summary>
    public bool IsEvent => Cause != 0;
}
