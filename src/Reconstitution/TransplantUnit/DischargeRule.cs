using Reconstitution.Validation;

namespace Reconstitution.TransplantUnit;

/// <summary>
/// When a transplanted patient may leave the isolation bed, judged on the simulated daily readouts and events:
/// neutrophil recovery after the nadir, no recent transfusion, no recent infection. Immutable.
/// </summary>
/// <remarks>
/// <para>
/// The discharge day is the first day d ≥ <see cref="EarliestDayAfterInfusion"/> on which all of these hold:
/// the ANC has been ≥ <see cref="AncThresholdE9PerLiter"/> on <see cref="AncConsecutiveDays"/> consecutive days
/// ending on d, all after the ANC nadir (the lowest value from day 0, so the pre-nadir counts of the conditioning
/// days do not count: the ASTCT engraftment convention); no red-cell or platelet transfusion on days
/// d − <see cref="TransfusionFreeDays"/> + 1 … d; no infection began on days d − <see cref="InfectionFreeDays"/> + 1 … d.
/// A patient who dies first leaves on the day of death; one who meets the rule on no simulated day leaves at the
/// end of the simulated course ("unresolved").
/// </para>
/// <para>
/// The defaults follow common practice for discharge after autologous and allogeneic HSCT: neutrophil engraftment
/// (ANC ≥ 0.5×10⁹/L on 3 consecutive days; Kharfan-Dabaja et al., Transplant Cell Ther 2021;27:642), independence
/// from transfusions, and no active infection. Units differ; change them to match yours.
/// </para>
/// </remarks>
public sealed record DischargeRule
{
    private readonly double _anc = 0.5;
    private readonly int _ancDays = 3, _transfusionFree = 2, _infectionFree = 7, _earliest;

    /// <summary>The ANC that counts as recovered, ×10⁹/L.</summary>
    /// <value>Default 0.5; allowed (0, 100].</value>
    public double AncThresholdE9PerLiter { get => _anc; init => _anc = Guard.PositiveAtMost(value, 100, nameof(AncThresholdE9PerLiter), "×10⁹/L"); }

    /// <summary>Consecutive days with ANC at or above the threshold, after the nadir.</summary>
    /// <value>Default 3; allowed [1, 30].</value>
    public int AncConsecutiveDays { get => _ancDays; init => _ancDays = (int)Guard.InRange(value, 1, 30, nameof(AncConsecutiveDays)); }

    /// <summary>Days without any red-cell or platelet transfusion, ending on the discharge day; 0 ignores transfusions.</summary>
    /// <value>Default 2; allowed [0, 60].</value>
    public int TransfusionFreeDays { get => _transfusionFree; init => _transfusionFree = (int)Guard.InRange(value, 0, 60, nameof(TransfusionFreeDays)); }

    /// <summary>Days without the onset of an infection, ending on the discharge day; 0 ignores infections.</summary>
    /// <value>Default 7; allowed [0, 60].</value>
    public int InfectionFreeDays { get => _infectionFree; init => _infectionFree = (int)Guard.InRange(value, 0, 60, nameof(InfectionFreeDays)); }

    /// <summary>The earliest discharge day, relative to infusion (day 0).</summary>
    /// <value>Default 0; allowed [0, 365].</value>
    public int EarliestDayAfterInfusion { get => _earliest; init => _earliest = (int)Guard.InRange(value, 0, 365, nameof(EarliestDayAfterInfusion)); }

    /// <summary>The default rule: ANC ≥ 0.5 on 3 days after the nadir, 2 transfusion-free days, 7 infection-free days.</summary>
    public static DischargeRule Default { get; } = new();

    /// <summary>The discharge day (relative to infusion) and why the patient left.</summary>
    internal (int Day, DischargeReason Reason) Apply(InpatientCourse course)
    {
        int first = course.FirstDay, n = course.Anc.Length;
        int end = course.DeathDay ?? (first + n - 1);
        int zero = Math.Max(0, -first);
        int nadir = zero;
        for (int i = zero; i < n && first + i <= end; i++)
        {
            if (course.Anc[i] < course.Anc[nadir]) nadir = i;
        }

        int run = 0;
        for (int i = nadir + 1; i < n; i++)
        {
            int day = first + i;
            if (day > end) break;
            run = course.Anc[i] >= AncThresholdE9PerLiter ? run + 1 : 0;
            if (run >= AncConsecutiveDays && day >= EarliestDayAfterInfusion
                && !course.AnyTransfusion(day - TransfusionFreeDays + 1, day)
                && !course.AnyInfection(day - InfectionFreeDays + 1, day))
                return (day, DischargeReason.Discharged);
        }

        return course.DeathDay is { } death ? (death, DischargeReason.Died) : (end, DischargeReason.Unresolved);
    }
}
