using Reconstitution.Validation;

namespace Reconstitution.Outcomes;

/// <summary>
/// When an allogeneic or autologous graft counts as failed, and why (docs/outputs.md §Graft failure): primary graft failure is no
/// neutrophil engraftment by <see cref="AdultSourceDay"/> (blood or marrow) or <see cref="CordBloodDay"/> (cord blood), an observed
/// rejection by then, or counts recovered with fewer than <see cref="DonorChimerismPercent"/> donor cells (autologous reconstitution).
/// Its cause is <c>rejection</c> when the donor share is below <see cref="DonorChimerismPercent"/> on the failure day or a rejection was
/// observed, else <c>poorGraftFunction</c> (cytopenia with the donor's cells in place). Immutable and thread-safe.
/// </summary>
/// <remarks>
/// The day +28/+42 rule is the ASTCT consensus (Kharfan-Dabaja et al., Transplant Cell Ther 2021;27:642; the model checks the day
/// after the 28th, +30, for blood and marrow as the previous versions did); "primary graft failure with autologous reconstitution" below
/// 5 % donor cells follows Rondón et al., Biol Blood Marrow Transplant 2008;14:859. The donor share is the donor share of blood
/// neutrophils, or of T cells when there are almost no neutrophils (ANC &lt; <see cref="MeasurableAncE9PerLiter"/>), as clinical
/// chimerism falls back to the CD3+ fraction in aplasia. Override with <c>GraftFailureCriteria.Default with { … }</c> in
/// <see cref="PatientSimulationOptions.GraftFailure"/>; the engraftment definitions themselves are <see cref="EngraftmentCriteria"/>.
/// </remarks>
public sealed record GraftFailureCriteria
{
    private readonly int _adult = 30, _cord = 42;
    private readonly double _chimerism = 5, _measurable = 0.05;

    /// <summary>Day by which a blood or marrow graft must have engrafted neutrophils.</summary>
    /// <value>Default 30; allowed [1, 365].</value>
    public int AdultSourceDay { get => _adult; init => _adult = (int)Guard.InRange(value, 1, 365, nameof(AdultSourceDay), "days"); }

    /// <summary>Day by which a cord blood graft must have engrafted neutrophils.</summary>
    /// <value>Default 42; allowed [1, 365].</value>
    public int CordBloodDay { get => _cord; init => _cord = (int)Guard.InRange(value, 1, 365, nameof(CordBloodDay), "days"); }

    /// <summary>Donor share (%) below which an allogeneic graft counts as rejected (after having reached it) or failed with autologous reconstitution.</summary>
    /// <value>Default 5 %; allowed [0, 100].</value>
    public double DonorChimerismPercent { get => _chimerism; init => _chimerism = Guard.InRange(value, 0, 100, nameof(DonorChimerismPercent), "%"); }

    /// <summary>ANC (×10⁹/L) below which the donor share is read from T cells instead of neutrophils.</summary>
    /// <value>Default 0.05; allowed [0, 10].</value>
    public double MeasurableAncE9PerLiter { get => _measurable; init => _measurable = Guard.InRange(value, 0, 10, nameof(MeasurableAncE9PerLiter), "×10⁹/L"); }

    /// <summary>The defaults.</summary>
    public static GraftFailureCriteria Default { get; } = new();

    /// <summary>The failure day for a graft source.</summary>
    /// <param name="cordBlood">Whether the graft is cord blood.</param>
    /// <returns>The day.</returns>
    public int DayFor(bool cordBlood) => cordBlood ? CordBloodDay : AdultSourceDay;
}
