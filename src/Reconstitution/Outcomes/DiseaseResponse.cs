using Reconstitution.Physiology;

namespace Reconstitution.Outcomes;

/// <summary>
/// The response of the autoimmune disease to treatment, per disease (docs/outputs.md §Disease response): a daily criterion,
/// met on <see cref="SustainedDays"/> consecutive days from day <see cref="FirstDay"/> (after the conditioning's own
/// cytopenia) gives a response on the first of them; after a response, the criterion failing on as many consecutive days
/// is a relapse (loss of response). Criteria:
/// <list type="bullet">
/// <item>AIHA: Hb ≥ 10 g/dL, no red-cell transfusion in the 7 days before, and no ongoing haemolysis (disease activity below
/// 2/3 of its pre-treatment value) — the partial-response level of the first international consensus on AIHA (Jäger et al.,
/// <i>Blood Rev</i> 2020;41:100648).</item>
/// <item>ITP: platelets ≥ 50×10⁹/L, no platelet transfusion in the 7 days before. The IWG response (≥ 30×10⁹/L and at least
/// twice the pre-treatment count; Rodeghiero et al., <i>Blood</i> 2009;113:2386) needs a pre-treatment count, but each simulated
/// patient starts from healthy set points and conditioning begins before the disease has lowered the count to its untreated
/// level (≈ 33×10⁹/L, docs/model.md §7); ≥ 50 (the platelet response of ITP drug trials, e.g. Kuter et al., <i>Lancet</i>
/// 2008;371:395) stands in for "≥ 30 and doubled".</item>
/// <item>SLE, MS, SSc, RA: disease activity below 2/3 of its pre-treatment value (the model's surrogate of clinical remission
/// for SLE, and of freedom from relapse and progression for the others; for SLE it follows the autoantibody).</item>
/// </list>
/// Stateless and thread-safe.
/// </summary>
internal static class DiseaseResponse
{
    /// <summary>First day (after infusion) on which the criterion is evaluated.</summary>
    public const int FirstDay = 30;

    /// <summary>Consecutive days the criterion must hold (or fail, for a relapse).</summary>
    public const int SustainedDays = 7;

    /// <summary>Haemoglobin of an AIHA response, g/dL.</summary>
    public const double AihaHemoglobinGPerDl = 10;

    /// <summary>Platelets of an ITP response, ×10⁹/L.</summary>
    public const double ItpPlateletsE9PerLiter = 50;

    /// <summary>Disease activity relative to pre-treatment below which activity counts as controlled.</summary>
    public const double ActivityFraction = 2.0 / 3.0;

    /// <summary>The response and relapse days (days after infusion), or null.</summary>
    /// <param name="disease">The disease (None: no response).</param>
    /// <param name="tr">The daily trajectory; index 0 is the untreated state.</param>
    /// <param name="redCellDays">Days of red-cell transfusions.</param>
    /// <param name="plateletDays">Days of platelet transfusions.</param>
    /// <param name="daiBefore">Disease activity before treatment.</param>
    public static (int? Response, int? Relapse) Evaluate(AutoimmuneDisease disease, ReadoutTrajectory tr, IReadOnlyList<int> redCellDays,
        IReadOnlyList<int> plateletDays, double daiBefore)
    {
        if (disease == AutoimmuneDisease.None || tr.Count == 0) return (null, null);
        // The trajectory's columns read in place (they were copied to arrays: four allocations of a course's length per patient).
        ReadOnlySpan<double> days = tr.Days, dai = tr.Values(Measure.DiseaseActivity), hb = tr.Values(Measure.Hb), plt = tr.Values(Measure.Platelets);
        double activity = ActivityFraction * daiBefore;
        int? response = null, relapse = null;
        int run = 0;
        for (int i = 0; i < tr.Count; i++)
        {
            int day = (int)Math.Round(days[i]);
            if (day < FirstDay) continue;
            bool met = disease switch
            {
                AutoimmuneDisease.AutoimmuneHemolyticAnemia => hb[i] >= AihaHemoglobinGPerDl && dai[i] < activity && !TransfusedWithin7(redCellDays, day),
                AutoimmuneDisease.ImmuneThrombocytopenia => plt[i] >= ItpPlateletsE9PerLiter && !TransfusedWithin7(plateletDays, day),
                _ => dai[i] < activity,
            };
            if (response is null)
            {
                run = met ? run + 1 : 0;
                if (run == SustainedDays) { response = day - SustainedDays + 1; run = 0; }
            }
            else
            {
                run = met ? 0 : run + 1;
                if (run == SustainedDays) { relapse = day - SustainedDays + 1; break; }
            }
        }
        return (response, relapse);
    }

    /// <summary>Whether a transfusion day of <paramref name="list"/> lies in the 7 days ending on <paramref name="day"/>.</summary>
    /// <remarks>By index: a <c>foreach</c> through the interface boxes an enumerator at every call (every day from day 30).</remarks>
    private static bool TransfusedWithin7(IReadOnlyList<int> list, int day)
    {
        for (int k = 0; k < list.Count; k++)
        {
            int d = list[k];
            if (d > day - 7 && d <= day) return true;
        }
        return false;
    }
}
