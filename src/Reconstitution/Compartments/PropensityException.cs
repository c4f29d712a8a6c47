namespace Reconstitution.Compartments;

/// <summary>
/// Thrown when a transition's propensity becomes NaN, infinite or negative during a run, or is
/// positive while the transition's reactants are not available; the run stops at that time
/// rather than continuing on a wrong trajectory.
/// </summary>
/// <remarks>Catch it where you run user-defined networks or rate functions; a built-in physiology network never throws it unless a parameter was overridden to a value outside its documented range.</remarks>
public sealed class PropensityException : InvalidOperationException
{
    /// <summary>Creates the exception for a transition at a time.</summary>
    /// <param name="transitionName">The transition whose propensity was invalid.</param>
    /// <param name="timeDays">The simulated time in days at which it happened.</param>
    /// <param name="value">The offending propensity per day.</param>
    /// <param name="reason">What was wrong, completing the sentence "the propensity …".</param>
    public PropensityException(string transitionName, double timeDays, double value, string reason)
        : base(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"Transition '{transitionName}' at time {timeDays:R} days: the propensity {reason} (value {value:R} per day); the run was stopped."))
    {
        TransitionName = transitionName;
        TimeDays = timeDays;
        Value = value;
    }

    /// <summary>The transition whose propensity was invalid.</summary>
    public string TransitionName { get; }

    /// <summary>The simulated time in days at which it happened.</summary>
    public double TimeDays { get; }

    /// <summary>The offending propensity per day.</summary>
    public double Value { get; }
}
