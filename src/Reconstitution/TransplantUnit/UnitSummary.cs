namespace Reconstitution.TransplantUnit;

/// <summary>
/// The unit's figures over the observation window [warm-up, horizon) for occupancy, and over all referred patients
/// for the pathway. Immutable.
/// </summary>
/// <remarks>The unit-level answer (beds, waits, stays); read it from <see cref="UnitResult.Summary"/>. Day-by-day figures are in <see cref="DailyOccupancy"/>, per-patient paths in <see cref="UnitPatientRecord"/>.</remarks>
public sealed record UnitSummary
{
    /// <summary>Isolation beds.</summary>
    public required int Beds { get; init; }

    /// <summary>The observation window's first day (the end of the warm-up).</summary>
    public required double WindowStartDay { get; init; }

    /// <summary>The observation window's end (the end of referrals).</summary>
    public required double WindowEndDay { get; init; }

    /// <summary>Patients referred.</summary>
    public required int Referred { get; init; }

    /// <summary>Patients admitted for transplant.</summary>
    public required int Admitted { get; init; }

    /// <summary>Admitted patients who waited for a bed (wait &gt; 0).</summary>
    public required int Delayed { get; init; }

    /// <summary>Patients turned away after waiting the maximum.</summary>
    public required int TurnedAway { get; init; }


    /// <summary>Mean wait for a bed of admitted patients, days.</summary>
    public required double MeanBedWaitDays { get; init; }

    /// <summary>90th percentile of the wait for a bed of admitted patients, days.</summary>
    public required double P90BedWaitDays { get; init; }

    /// <summary>Mean wait for an apheresis slot of collected patients, days (NaN without autologous patients).</summary>
    public required double MeanApheresisWaitDays { get; init; }

    /// <summary>Time-averaged occupied beds in the window.</summary>
    public required double MeanOccupiedBeds { get; init; }

    /// <summary>Mean occupied beds / beds, in [0, 1].</summary>
    public required double Utilisation { get; init; }

    /// <summary>Share of the window with every bed occupied.</summary>
    public required double FullFraction { get; init; }

    /// <summary>Most beds occupied at once in the window.</summary>
    public required double MaxOccupiedBeds { get; init; }

    /// <summary>Time-averaged patients waiting for a bed in the window.</summary>
    public required double MeanWaitingForBed { get; init; }

    /// <summary>Readmissions in total.</summary>
    public required int Readmissions { get; init; }

    /// <summary>Length of stay by protocol, in the order of the specification's protocols.</summary>
    public required IReadOnlyList<LengthOfStaySummary> LengthOfStay { get; init; }
}
