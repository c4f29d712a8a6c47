namespace Reconstitution.Physiology;

/// <summary>
/// The order of a patient's daily events at the same time, as kernel priorities (lower runs first): first every treatment
/// action scheduled at the default priority 0 (conditioning doses, infusions), then the morning observation of the readouts,
/// then supportive care deciding on that observation (G-CSF, transfusions: the recorded count is the pre-transfusion one),
/// then the clinical hazards of the day (infection, GVHD, rejection, death). Defined once here and used by
/// <see cref="Patient.ObserveDaily"/>, the treatment context's supportive care and the clinical course.
/// </summary>
/// <remarks>Schedule a protocol's own same-day reaction between two of these (e.g. 1500: after the observation, before
/// supportive care) when it must see the day's readouts.</remarks>
public static class SameDayOrder
{
    /// <summary>Priority of the daily observation of the readouts.</summary>
    public const int ReadoutObservation = 1000;

    /// <summary>Priority of the daily supportive-care checks (G-CSF, transfusions).</summary>
    public const int SupportiveCare = 2000;

    /// <summary>Priority of the daily clinical hazards.</summary>
    public const int ClinicalHazards = 3000;
}
