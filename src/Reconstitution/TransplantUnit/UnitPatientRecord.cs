namespace Reconstitution.TransplantUnit;

/// <summary>
/// One patient's path through the unit. Unit days count from the start of the simulation (day 0); course days
/// (engraftment) count from the patient's own infusion. <c>null</c> means "did not happen". Immutable.
/// </summary>
/// <remarks>One row of <c>unit-patients.csv</c>. The patient's clinical course itself (counts, engraftment) is the <see cref="Outcomes.PatientCourse"/> of a cohort run; this record adds only the unit's logistics.</remarks>
public sealed record UnitPatientRecord
{
    /// <summary>The patient's index (its random streams derive from the seed and this index).</summary>
    public required int Index { get; init; }

    /// <summary>The protocol's name.</summary>
    public required string Protocol { get; init; }

    /// <summary>The referral day (unit days).</summary>
    public required double ArrivalDay { get; init; }

    /// <summary>The day apheresis began (unit days), or null for a donor graft or a patient still waiting at the end.</summary>
    public double? ApheresisDay { get; init; }

    /// <summary>Days waited for an apheresis slot (0 without apheresis).</summary>
    public double ApheresisWaitDays { get; init; }

    /// <summary>The day the patient was ready and asked for a bed (unit days), or null if never (still on the pathway at the end).</summary>
    public double? ReadyDay { get; init; }

    /// <summary>The admission day (unit days), or null if turned away or never admitted.</summary>
    public double? AdmissionDay { get; init; }

    /// <summary>Days waited for a bed (until admission, or until turned away).</summary>
    public double BedWaitDays { get; init; }

    /// <summary>Whether the patient waited longer than the unit's limit and was turned away.</summary>
    public bool TurnedAway { get; init; }

    /// <summary>The day the transplant admission ended (unit days), or null if not admitted.</summary>
    public double? DischargeDay { get; init; }

    /// <summary>Days in the bed for the transplant admission (admission the day before conditioning to discharge), or null.</summary>
    public double? LengthOfStayDays { get; init; }

    /// <summary>Why the transplant admission ended, or null if not admitted.</summary>
    public DischargeReason? DischargeReason { get; init; }

    /// <summary>The neutrophil engraftment day of the simulated course (days after infusion), or null.</summary>
    public int? NeutrophilEngraftmentDay { get; init; }

    /// <summary>The viable CD34+ dose infused, cells/kg.</summary>
    public double Cd34PerKg { get; init; }

    /// <summary>Readmissions (infections after discharge).</summary>
    public int Readmissions { get; init; }

    /// <summary>Bed-days of the readmissions.</summary>
    public double ReadmissionBedDays { get; init; }

    /// <summary>Days the readmissions waited for a bed, in total.</summary>
    public double ReadmissionWaitDays { get; init; }
}
