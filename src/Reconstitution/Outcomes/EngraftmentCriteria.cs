using Reconstitution.Validation;

namespace Reconstitution.Outcomes;

/// <summary>
/// The ASTCT consensus definitions of neutrophil and platelet engraftment (Kharfan-Dabaja et al.,
/// <i>Transplant Cell Ther</i> 2021), applied to daily counts. Stateless and thread-safe.
/// </summary>
/// <remarks>
/// <para>
/// Counts are given one per day, <c>counts[i]</c> being the value on day <c>firstDay + i</c>
/// relative to infusion (day 0). Engraftment is the <em>first</em> of a run of
/// <see cref="ConsecutiveDays"/> days at or above the threshold, counted after the post-transplant
/// nadir: the search starts on the first day from day 0 on which the count is below the
/// threshold. A patient whose count never falls below the threshold after infusion was never
/// cytopenic; the definition then gives day 0 (document it in outcome tables as such).
/// </para>
/// <para>
/// Platelet engraftment additionally requires no platelet transfusion in the
/// <see cref="PlateletTransfusionFreeDays"/> days before the first day of the run, so a
/// transfused count does not count as the patient's own recovery.
/// </para>
/// </remarks>
public static class EngraftmentCriteria
{
    /// <summary>Neutrophil engraftment threshold: ANC ≥ 0.5×10⁹/L.</summary>
    public const double NeutrophilThresholdPerNanoliter = 0.5;

    /// <summary>Platelet engraftment threshold: platelets ≥ 20×10⁹/L.</summary>
    public const double PlateletThresholdPerNanoliter = 20;

    /// <summary>Consecutive days at or above the threshold that make engraftment: 3.</summary>
    public const int ConsecutiveDays = 3;

    /// <summary>Days before the run that must be free of platelet transfusions: 7.</summary>
    public const int PlateletTransfusionFreeDays = 7;

    /// <summary>The neutrophil engraftment day, or <c>null</c> if the counts never meet the definition.</summary>
    /// <param name="ancPerNanoliter">Daily absolute neutrophil counts (×10⁹/L), one per day from <paramref name="firstDay"/>.</param>
    /// <param name="firstDay">The day (relative to infusion) of the first count.</param>
    /// <returns>The day relative to infusion, or <c>null</c>.</returns>
    public static int? NeutrophilEngraftmentDay(ReadOnlySpan<double> ancPerNanoliter, int firstDay) =>
        FirstSustainedRecovery(ancPerNanoliter, firstDay, NeutrophilThresholdPerNanoliter, ReadOnlySpan<int>.Empty, 0);

    /// <summary>The platelet engraftment day, or <c>null</c> if the counts never meet the definition.</summary>
    /// <param name="plateletsPerNanoliter">Daily platelet counts (×10⁹/L), one per day from <paramref name="firstDay"/>.</param>
    /// <param name="firstDay">The day (relative to infusion) of the first count.</param>
    /// <param name="plateletTransfusionDays">Days (relative to infusion) on which platelets were transfused, ascending.</param>
    /// <returns>The day relative to infusion, or <c>null</c>.</returns>
    public static int? PlateletEngraftmentDay(ReadOnlySpan<double> plateletsPerNanoliter, int firstDay, ReadOnlySpan<int> plateletTransfusionDays) =>
        FirstSustainedRecovery(plateletsPerNanoliter, firstDay, PlateletThresholdPerNanoliter, plateletTransfusionDays, PlateletTransfusionFreeDays);

    /// <summary>
    /// The first day of a run of <see cref="ConsecutiveDays"/> days with counts ≥ <paramref name="threshold"/>,
    /// after the first day from day 0 with a count below it, with no transfusion in the
    /// <paramref name="transfusionFreeDays"/> days before the run.
    /// </summary>
    /// <param name="counts">Daily counts, one per day from <paramref name="firstDay"/>.</param>
    /// <param name="firstDay">The day (relative to infusion) of the first count.</param>
    /// <param name="threshold">The threshold, in the counts' unit.</param>
    /// <param name="transfusionDays">Transfusion days relative to infusion, ascending.</param>
    /// <param name="transfusionFreeDays">Days before the run that must be transfusion-free; 0 to ignore transfusions.</param>
    /// <returns>The day relative to infusion, or <c>null</c>.</returns>
    public static int? FirstSustainedRecovery(
        ReadOnlySpan<double> counts, int firstDay, double threshold, ReadOnlySpan<int> transfusionDays, int transfusionFreeDays)
    {
        Guard.Finite(threshold);
        Guard.InRange(transfusionFreeDays, 0, 365);
        int start = Math.Max(0, -firstDay);
        int nadirStart = -1;
        for (int i = start; i < counts.Length; i++)
        {
            if (double.IsNaN(counts[i]))
                throw Guard.OutOfRange($"{nameof(counts)}[{i}]", counts[i], "a number (day " + (firstDay + i) + ")");
            if (counts[i] < threshold) { nadirStart = i; break; }
        }
        if (nadirStart < 0) return start < counts.Length ? firstDay + start : null;

        int run = 0;
        for (int i = nadirStart; i < counts.Length; i++)
        {
            run = counts[i] >= threshold ? run + 1 : 0;
            if (run < ConsecutiveDays) continue;
            int runStartDay = firstDay + i - ConsecutiveDays + 1;
            if (!TransfusedWithin(transfusionDays, runStartDay - transfusionFreeDays, runStartDay - 1))
                return runStartDay;
        }
        return null;
    }

    private static bool TransfusedWithin(ReadOnlySpan<int> days, int from, int to)
    {
        if (from > to) return false;
        foreach (int d in days)
            if (d >= from && d <= to) return true;
        return false;
    }
}
