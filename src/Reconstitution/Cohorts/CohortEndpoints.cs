using Reconstitution.Analysis;
using Reconstitution.Outcomes;

namespace Reconstitution.Cohorts;

/// <summary>
/// Turns patient outcomes into time-to-event observations for the estimators (definitions in docs/outputs.md).
/// Times start at day 0 (infusion): an event before it (a death during conditioning) counts at day 0. Stateless and thread-safe.
/// </summary>
internal static class CohortEndpoints
{
    /// <summary>
    /// Whether a patient counts in the engraftment analysis: grafted, and the count fell below the engraftment
    /// threshold after infusion (a patient who was never cytopenic has no engraftment to time: not applicable).
    /// </summary>
    public static bool EngraftmentApplies(PatientOutcome o, bool platelets) =>
        o.Grafted && !(platelets ? o.NeverThrombocytopenic : o.NeverNeutropenic);

    /// <summary>Grafted patients for whom engraftment does not apply (never below the threshold from day 0).</summary>
    public static int EngraftmentNotApplicable(IEnumerable<PatientOutcome> outcomes, bool platelets) =>
        outcomes.Count(o => o.Grafted && !EngraftmentApplies(o, platelets));

    /// <summary>
    /// Whether the patient received donor (allogeneic) cells, and so could develop GVHD: donor chimerism above 0 on
    /// day 30, day 100 or the last day, or GVHD itself. Autologous and no-graft courses have no donor cells.
    /// </summary>
    public static bool ReceivedDonorCells(PatientOutcome o) =>
        o.AcuteGvhdDay is not null || o.ChronicGvhdDay is not null || o.DonorChimerismDay30Percent > 0
        || o.DonorChimerismDay100Percent > 0 || o.DonorChimerismLastPercent > 0 || o.DonorTCellChimerismLastPercent > 0;

    /// <summary>Cause 1 = engraftment, cause 2 = death before engraftment; otherwise censored at the last day (for patients in whom <see cref="EngraftmentApplies"/>).</summary>
    public static SurvivalObservation Engraftment(PatientOutcome o, bool platelets)
    {
        int? day = platelets ? o.PlateletEngraftmentDay : o.NeutrophilEngraftmentDay;
        if (day is { } e && (o.DeathDay is not { } d0 || e <= d0)) return new(e, 1);
        if (o.DeathDay is { } d) return new(Math.Max(d, 0), 2);
        return new(Math.Max(o.LastDay, 0), 0);
    }

    /// <summary>Treatment-related (non-relapse) mortality: cause 1 = death without prior relapse, cause 2 = relapse.</summary>
    public static SurvivalObservation TreatmentRelatedDeath(PatientOutcome o)
    {
        if (o.RelapseDay is { } r && (o.DeathDay is not { } d0 || r < d0)) return new(r, 2);
        if (o.DeathDay is { } d) return new(Math.Max(d, 0), 1);
        return new(Math.Max(o.LastDay, 0), 0);
    }

    /// <summary>Cause 1 = relapse, cause 2 = death without relapse.</summary>
    public static SurvivalObservation Relapse(PatientOutcome o)
    {
        var t = TreatmentRelatedDeath(o);
        return t.Cause switch { 1 => new(t.TimeDays, 2), 2 => new(t.TimeDays, 1), _ => t };
    }

    /// <summary>Cause 1 = death from any cause.</summary>
    public static SurvivalObservation Death(PatientOutcome o) =>
        o.DeathDay is { } d ? new(Math.Max(d, 0), 1) : new(Math.Max(o.LastDay, 0), 0);

    /// <summary>Event (cause 1) = the first of death, relapse and primary graft failure (at the rejection day, else day 30).</summary>
    public static SurvivalObservation EventFree(PatientOutcome o)
    {
        double t = double.PositiveInfinity;
        if (o.DeathDay is { } d) t = d;
        if (o.RelapseDay is { } r) t = Math.Min(t, r);
        if (o.PrimaryGraftFailure) t = Math.Min(t, o.RejectionDay ?? 30);
        return double.IsPositiveInfinity(t) ? new(Math.Max(o.LastDay, 0), 0) : new(Math.Max(t, 0), 1);
    }

    /// <summary>Cause 1 = GVHD onset (acute or chronic), cause 2 = death without it.</summary>
    public static SurvivalObservation Gvhd(PatientOutcome o, bool chronic)
    {
        int? day = chronic ? o.ChronicGvhdDay : o.AcuteGvhdDay;
        if (day is { } g) return new(Math.Max(g, 0), 1);
        if (o.DeathDay is { } d) return new(Math.Max(d, 0), 2);
        return new(Math.Max(o.LastDay, 0), 0);
    }
}
