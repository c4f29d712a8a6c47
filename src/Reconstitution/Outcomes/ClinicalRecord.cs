namespace Reconstitution.Outcomes;

/// <summary>
/// The clinical events of one patient that the clinical course observes (infections, GVHD, rejection), kept by the outcome
/// layer itself: nothing is written back into the treatment context except death, which ends the treatment.
/// Not thread-safe (one patient, one thread).
/// </summary>
internal sealed class ClinicalRecord
{
    /// <summary>Infections so far.</summary>
    public int Infections { get; set; }

    /// <summary>Day of onset of acute GVHD grade II–IV, or null.</summary>
    public double? AcuteGvhdDay { get; set; }

    /// <summary>Day of onset of chronic GVHD, or null.</summary>
    public double? ChronicGvhdDay { get; set; }

    /// <summary>Day of rejection of the graft (the donor share fell below the graft-failure criterion after having reached it), or null.</summary>
    public double? RejectionDay { get; set; }

    /// <summary>The donor share (%) of neutrophils, or of T cells in aplasia, on the graft-failure day (<see cref="GraftFailureCriteria.DayFor"/>), or null.</summary>
    public double? DonorShareOnFailureDayPercent { get; set; }
}
