using Reconstitution.Validation;

namespace Reconstitution.Protocols;

/// <summary>A graft as infused: source, donor, cell doses per kg of recipient weight and manipulation. Immutable.</summary>
/// <remarks>
/// Doses are viable-or-not cells per kg as counted in the product; <see cref="Viability"/> is the
/// fraction alive after thawing. When <see cref="Cd3PerKg"/> or <see cref="TotalNucleatedCellsPerKg"/>
/// is absent, the physiology layer derives it from the source's typical composition.
/// <see cref="Cd34SelectionLogDepletion"/> is the log₁₀ reduction of T cells (and of autoreactive
/// cells in an autologous graft) by CD34 selection; absent for an unmanipulated graft.
/// </remarks>
public sealed record GraftDefinition
{
    private readonly double _cd34PerKg;
    private readonly double? _tncPerKg;
    private readonly double? _cd3PerKg;
    private readonly double _viability = 1.0;
    private readonly double? _depletion;
    private readonly int _day;
    private readonly double _cd34DoseCv;
    private readonly double? _mobilisationCy;

    /// <summary>Creates a graft.</summary>
    /// <param name="source">The graft source.</param>
    /// <param name="donor">The donor; <see cref="DonorType.Self"/> for an autologous graft.</param>
    /// <param name="cd34PerKg">CD34+ cells per kg, in [0, 10⁸].</param>
    public GraftDefinition(GraftSource source, DonorType donor, double cd34PerKg)
    {
        if (!EnumMembers.IsDefined(source)) throw new ArgumentOutOfRangeException(nameof(source), source, $"Unknown graft source; allowed: {JsonNames.AllOf<GraftSource>()}.");
        if (!EnumMembers.IsDefined(donor)) throw new ArgumentOutOfRangeException(nameof(donor), donor, $"Unknown donor; allowed: {JsonNames.AllOf<DonorType>()}.");
        Source = source;
        Donor = donor;
        _cd34PerKg = Guard.InRange(cd34PerKg, 0, 1e8, nameof(cd34PerKg), "cells/kg");
    }

    /// <summary>The graft source.</summary>
    public GraftSource Source { get; }

    /// <summary>The donor.</summary>
    public DonorType Donor { get; }

    /// <summary>Whether the graft is the patient's own cells.</summary>
    public bool IsAutologous => Donor == DonorType.Self;

    /// <summary>Whether the unit carries any cells (CD34+ &gt; 0, or CD3+ &gt; 0 as in a donor lymphocyte infusion).</summary>
    public bool HasCells => Cd34PerKg > 0 || Cd3PerKg > 0;

    /// <summary>CD34+ cells per kg of recipient weight.</summary>
    public double Cd34PerKg => _cd34PerKg;

    /// <summary>Total nucleated cells per kg (mainly used for cord blood), or <c>null</c> for the source's typical ratio.</summary>
    /// <value>Allowed [0, 10¹⁰] cells/kg.</value>
    public double? TotalNucleatedCellsPerKg
    {
        get => _tncPerKg;
        init => _tncPerKg = value is null ? null : Guard.InRange(value.Value, 0, 1e10, nameof(TotalNucleatedCellsPerKg), "cells/kg");
    }

    /// <summary>CD3+ T cells per kg, or <c>null</c> for the source's typical T-cell content.</summary>
    /// <value>Allowed [0, 10¹⁰] cells/kg.</value>
    public double? Cd3PerKg
    {
        get => _cd3PerKg;
        init => _cd3PerKg = value is null ? null : Guard.InRange(value.Value, 0, 1e10, nameof(Cd3PerKg), "cells/kg");
    }

    /// <summary>Fraction of infused cells alive after cryopreservation and thawing.</summary>
    /// <value>Default 1; allowed (0, 1].</value>
    public double Viability
    {
        get => _viability;
        init => _viability = Guard.PositiveAtMost(value, 1, nameof(Viability));
    }

    /// <summary>Log₁₀ T-cell depletion by CD34 selection, or <c>null</c> for an unmanipulated graft.</summary>
    /// <value>Allowed [0, 7] logs; CD34 selection typically removes 3–5 logs.</value>
    public double? Cd34SelectionLogDepletion
    {
        get => _depletion;
        init => _depletion = value is null ? null : Guard.InRange(value.Value, 0, 7, nameof(Cd34SelectionLogDepletion), "log10");
    }

    /// <summary>
    /// Between-patient coefficient of variation of the CD34+ dose: each patient's dose is drawn log-normal with median
    /// <see cref="Cd34PerKg"/> (0: every patient gets exactly <see cref="Cd34PerKg"/>). Real products vary widely (cord blood
    /// units by a factor of ten), and the low tail is where graft failure lives.
    /// </summary>
    /// <value>Default 0; allowed [0, 2].</value>
    public double Cd34DoseCv
    {
        get => _cd34DoseCv;
        init => _cd34DoseCv = Guard.InRange(value, 0, 2, nameof(Cd34DoseCv));
    }

    /// <summary>
    /// Cyclophosphamide given to mobilise an autologous graft (mg/kg; 2 g/m² ≈ 50 mg/kg), or <c>null</c> for mobilisation by
    /// G-CSF alone. The autoreactive clone is cycling and more sensitive to cyclophosphamide than resting T cells
    /// (<see cref="ConditioningAgentEffects"/>), so the collected product carries a smaller autoreactive share:
    /// the graft's autoreactive cells are multiplied by e^(−(k_A − k_T)·dose) (docs/model.md §11). MIST mobilised with
    /// cyclophosphamide 2 g/m² and G-CSF (Burt 2019); HALT-MS with G-CSF and prednisone (Nash 2017).
    /// </summary>
    /// <value>Allowed [0, 200] mg/kg.</value>
    public double? MobilisationCyclophosphamideMgPerKg
    {
        get => _mobilisationCy;
        init => _mobilisationCy = value is null ? null : Guard.InRange(value.Value, 0, 200, nameof(MobilisationCyclophosphamideMgPerKg), "mg/kg");
    }

    /// <summary>The infusion day; day 0 by definition of the timeline.</summary>
    /// <value>Default 0; allowed [0, 365] (a later unit: boost or donor lymphocyte infusion).</value>
    public int Day
    {
        get => _day;
        init => _day = (int)Guard.InRange(value, 0, 365, nameof(Day));
    }
}
