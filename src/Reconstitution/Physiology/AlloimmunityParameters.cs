using Reconstitution.Validation;

namespace Reconstitution.Physiology;

/// <summary>
/// Strengths of the alloimmune transitions of the physiology network (docs/model.md §17): graft-versus-host
/// lymphohematopoiesis (donor T cells kill host T and NK cells), graft-versus-autoimmunity (donor T cells kill the host
/// autoreactive clone), host-versus-graft resistance (host NK and T cells that survived conditioning, and pre-formed
/// donor-specific antibodies, kill donor nucleated cells, diluted by the graft's cell mass) and unit-versus-unit
/// competition between allogeneic units (each unit's T cells kill the other units' cells). Immutable and thread-safe.
/// </summary>
/// <remarks>
/// Override a value with <c>PhysiologyParameters.Default with { Alloimmunity = AlloimmunityParameters.Default with { … } }</c>
/// in <c>PatientSimulationOptions.Parameters</c>. Every value is checked when set: an out-of-range value throws
/// <see cref="ArgumentOutOfRangeException"/> naming the property, its value and the allowed range. The clinical hazards
/// (GVHD, infection) are in <c>ClinicalRiskParameters</c>; the GVHD hazards read the donor T cells' alloreactivity, its
/// half-saturation and the calcineurin-inhibitor factor from here.
/// </remarks>
public sealed record AlloimmunityParameters
{
    private readonly double _gvh = 0.15, _gvhHalf = 20, _gva = 0.1, _mud = 1.5, _mm = 2.5, _cord = 0.35, _cni = 0.45;
    private readonly double _hvg = 1.0, _nkWeight = 0.5, _effectorHalf = 0.1, _targetHalf = 5e8, _hvgMud = 2, _hvgMm = 4, _tolerance = 14;
    private readonly double _accessory = 7, _dsaP = 0.05, _dsaMud = 0.2, _dsaKill = 0.6, _gvg = 0.3, _gvgHalf = 5, _priming = 14;

    /// <summary>Graft-versus-host lymphohematopoiesis: extra death rate of host T and NK cells per day at saturating donor T cells,
    /// before HLA, source and calcineurin-inhibitor factors (alloreactive donor T cells eliminate residual recipient lymphohaematopoietic
    /// cells, which converts mixed T-cell chimerism to donor over weeks and is how donor lymphocyte infusions work).</summary>
    /// <value>Default 0.15 d⁻¹ (assumption; plausible 0.05–0.5); allowed [0, 100].</value>
    public double GraftVersusHostMaxPerDay { get => _gvh; init => _gvh = Guard.InRange(value, 0, 100, nameof(GraftVersusHostMaxPerDay), "per day"); }

    /// <summary>Donor T cells (CD4 + CD8 per µL of blood) at half the graft-versus-host rate, and at half the maximal acute and chronic
    /// GVHD hazards of the clinical course (<c>ClinicalRiskParameters.AcuteGvhdMaxPerDay</c>).</summary>
    /// <value>Default 20 cells/µL (assumption, the GVHD half-saturation; plausible 10–40); allowed (0, 10⁴].</value>
    public double GraftVersusHostHalfPerMicroliter { get => _gvhHalf; init => _gvhHalf = Guard.PositiveAtMost(value, 1e4, nameof(GraftVersusHostHalfPerMicroliter), "cells/µL"); }

    /// <summary>Graft-versus-autoimmunity: extra death rate of the host autoreactive clone per day at 100 % donor T-cell chimerism.</summary>
    /// <value>Default 0.1 d⁻¹ (assumption; plausible 0.03–0.3); allowed [0, 100].</value>
    public double GraftVersusAutoimmunityPerDay { get => _gva; init => _gva = Guard.InRange(value, 0, 100, nameof(GraftVersusAutoimmunityPerDay), "per day"); }

    /// <summary>Alloreactivity of a matched unrelated donor's T cells relative to a sibling's: a factor on the graft-versus-host kill and on
    /// the clinical GVHD hazards.</summary>
    /// <value>Default 1.5 (assumption from Flowers 2011: grade II–IV GVHD 35 % sibling vs ≈ 50 % unrelated); allowed [0, 100].</value>
    public double MatchedUnrelatedAlloreactivity { get => _mud; init => _mud = Guard.InRange(value, 0, 100, nameof(MatchedUnrelatedAlloreactivity)); }

    /// <summary>Alloreactivity of a mismatched donor's T cells relative to a sibling's (graft-versus-host kill and GVHD hazards).</summary>
    /// <value>Default 2.5 (assumption; plausible 1.5–4); allowed [0, 100].</value>
    public double MismatchedAlloreactivity { get => _mm; init => _mm = Guard.InRange(value, 0, 100, nameof(MismatchedAlloreactivity)); }

    /// <summary>Alloreactivity of cord blood T cells relative to adult donor T cells, on the graft-versus-host kill and the GVHD hazards
    /// (naive cord T cells cause less GVHD despite
    /// mismatch, Eapen et al., Lancet 2007;369:1947).</summary>
    /// <value>Default 0.35 (assumption on the size; plausible 0.2–0.6); allowed [0, 100].</value>
    public double CordBloodAlloreactivity { get => _cord; init => _cord = Guard.InRange(value, 0, 100, nameof(CordBloodAlloreactivity)); }

    /// <summary>Factor of a calcineurin inhibitor on every alloimmune kill (donor against host, host against donor, unit against unit)
    /// and on the clinical acute GVHD hazard (its square root on the chronic one).</summary>
    /// <value>Default 0.45 (the GVHD hazard factor; assumption; plausible 0.25–0.7); allowed [0, 1].</value>
    public double CalcineurinInhibitorFactor { get => _cni; init => _cni = Guard.InRange(value, 0, 1, nameof(CalcineurinInhibitorFactor)); }

    /// <summary>Host-versus-graft resistance: death rate of donor nucleated cells per day with host NK and T cells at their untreated
    /// level, a sibling donor, no immunosuppression and a negligible donor cell mass (an unconditioned recipient rejects an allogeneic
    /// marrow graft within days; Storb et al., Blood 1977;50:537).</summary>
    /// <value>Default 1.0 d⁻¹ (assumption, set with <see cref="HostEffectorHalf"/> and <see cref="HostVersusGraftHalfTargetCells"/> so that
    /// single-cord graft failure after myeloablation is ≈ 15 % (Wagner 2002: 88 % engrafted; Ruggeri 2014) and matched sibling marrow and
    /// blood grafts do not fail; plausible 0.3–3); allowed [0, 100].</value>
    public double HostVersusGraftMaxPerDay { get => _hvg; init => _hvg = Guard.InRange(value, 0, 100, nameof(HostVersusGraftMaxPerDay), "per day"); }

    /// <summary>Weight of host NK cells (relative to their untreated level) in the host effector level; host T cells carry the rest. NK cells
    /// alone reject semi-allogeneic marrow in mice (hybrid resistance; Murphy et al., J Exp Med 1987;165:1212) and survive low-intensity
    /// conditioning.</summary>
    /// <value>Default 0.5 (assumption; plausible 0.3–0.7); allowed [0, 1].</value>
    public double HostNkEffectorWeight { get => _nkWeight; init => _nkWeight = Guard.InRange(value, 0, 1, nameof(HostNkEffectorWeight)); }

    /// <summary>Host effector level (weighted NK and T cells relative to their untreated level) at half the host-versus-graft rate,
    /// with a Hill coefficient of 2: a rejecting response needs a substantial surviving repertoire.</summary>
    /// <value>Default 0.1 (assumption; plausible 0.05–0.3); allowed (0, 10].</value>
    public double HostEffectorHalf { get => _effectorHalf; init => _effectorHalf = Guard.PositiveAtMost(value, 10, nameof(HostEffectorHalf)); }

    /// <summary>Donor nucleated target cells (whole body: stem cells, progenitors, lymphocytes and the infused accessory cells) at which
    /// the per-cell host-versus-graft rate halves: host effectors kill a limited number of targets a day, so a larger graft dilutes
    /// their attack (effector-to-target ratio). This is how the total nucleated cell dose protects cord grafts (Rubinstein et al.,
    /// N Engl J Med 1998;339:1565; Wagner et al., Blood 2002;100:1611; Barker et al., Blood 2005;105:1343).</summary>
    /// <value>Default 5×10⁸ cells (a quarter of one cord unit of 3×10⁷ TNC/kg in 70 kg: a cord graft is diluted a few-fold, an adult marrow
    /// or blood graft (10¹⁰–10¹¹ cells) so much that host resistance rarely matters; assumption; plausible 2×10⁸–5×10⁹); allowed (0, 10¹⁴].</value>
    public double HostVersusGraftHalfTargetCells { get => _targetHalf; init => _targetHalf = Guard.PositiveAtMost(value, 1e14, nameof(HostVersusGraftHalfTargetCells), "cells"); }

    /// <summary>Host-versus-graft factor of a matched unrelated donor relative to a sibling (minor and unmeasured-locus disparities).</summary>
    /// <value>Default 2 (assumption; plausible 1–4); allowed [0, 100].</value>
    public double MatchedUnrelatedResistance { get => _hvgMud; init => _hvgMud = Guard.InRange(value, 0, 100, nameof(MatchedUnrelatedResistance)); }

    /// <summary>Host-versus-graft factor of a mismatched donor (or a cord unit) relative to a sibling.</summary>
    /// <value>Default 4 (assumption; plausible 2–8); allowed [0, 100].</value>
    public double MismatchedResistance { get => _hvgMm; init => _hvgMm = Guard.InRange(value, 0, 100, nameof(MismatchedResistance)); }

    /// <summary>Half-life of host-versus-graft reactivity after a unit's infusion: rejection happens in the first
    /// weeks and stable mixed chimerism persists afterwards (tolerance; graft failure is diagnosed by day +28 to +42, Kharfan-Dabaja et
    /// al., Transplant Cell Ther 2021;27:642).</summary>
    /// <value>Default 14 days (assumption; plausible 7–45); allowed (0, 3650].</value>
    public double ToleranceHalfLifeDays { get => _tolerance; init => _tolerance = Guard.PositiveAtMost(value, 3650, nameof(ToleranceHalfLifeDays), "days"); }

    /// <summary>Half-life of a graft's accessory nucleated cells (TNC minus CD34+ and CD3+ cells: monocytes, granulocytes, B and NK cells,
    /// facilitating cells) as targets of host effectors (graft facilitating cells persist about a month in mice, Colson et al., Blood
    /// 2004;104:3829; mature myeloid cells days).</summary>
    /// <value>Default 7 days (assumption; plausible 2–30); allowed (0, 365].</value>
    public double AccessoryCellHalfLifeDays { get => _accessory; init => _accessory = Guard.PositiveAtMost(value, 365, nameof(AccessoryCellHalfLifeDays), "days"); }

    /// <summary>Probability that a recipient of an HLA-mismatched unit carries pre-formed antibodies against that donor's HLA (donor-specific
    /// antibodies: 14 of 294 (≈ 5 %) cord recipients, Ruggeri et al., Haematologica 2013;98:1154; DSA in 24 % of failed versus 1 % of
    /// engrafted unrelated transplants, Spellman et al., Blood 2010;115:2704). Drawn once per unit at infusion.</summary>
    /// <value>Default 0.05; allowed [0, 1].</value>
    public double DonorSpecificAntibodyProbability { get => _dsaP; init => _dsaP = Guard.InRange(value, 0, 1, nameof(DonorSpecificAntibodyProbability)); }

    /// <summary>Share of <see cref="DonorSpecificAntibodyProbability"/> for matched unrelated donors (mismatch at unmeasured loci such as DP).</summary>
    /// <value>Default 0.2 (assumption); allowed [0, 1].</value>
    public double DonorSpecificAntibodyMatchedUnrelatedShare { get => _dsaMud; init => _dsaMud = Guard.InRange(value, 0, 1, nameof(DonorSpecificAntibodyMatchedUnrelatedShare)); }

    /// <summary>Death rate of donor nucleated cells per day from donor-specific antibodies (complement and antibody-dependent killing;
    /// long-lived plasma cells survive conditioning, so this needs no host T or NK cells), before dilution by the graft's cell mass and
    /// tolerance. Neutrophil engraftment with DSA 44–56 % versus 76–81 % without (Ruggeri 2013).</summary>
    /// <value>Default 0.6 d⁻¹ (assumption; plausible 0.2–1.5); allowed [0, 100].</value>
    public double DonorSpecificAntibodyKillPerDay { get => _dsaKill; init => _dsaKill = Guard.InRange(value, 0, 100, nameof(DonorSpecificAntibodyKillPerDay), "per day"); }

    /// <summary>Unit-versus-unit competition: death rate of one allogeneic unit's nucleated cells per day at saturating T cells of the other
    /// units (graft-versus-graft reactivity; unit dominance in double cord blood is an immune interaction mediated by the units' CD3+
    /// cells, Eldjerou et al., Blood 2010;116:3999; the dominant unit has the higher CD3+ dose, Barker et al., Blood 2005;105:1343;
    /// Avery et al., Blood 2011;117:3277).</summary>
    /// <value>Default 0.3 d⁻¹ (assumption: with <see cref="UnitVersusUnitPrimingDays"/> one unit makes ≥ 90 % of donor neutrophils by day 100 in
    /// ≈ 90 % of patients, as in Barker 2005, with ≈ 5 % graft failure; at 1.0 the mutual killing fails a quarter of double cords by day 42;
    /// plausible 0.1–1); allowed [0, 100].</value>
    public double UnitVersusUnitMaxPerDay { get => _gvg; init => _gvg = Guard.InRange(value, 0, 100, nameof(UnitVersusUnitMaxPerDay), "per day"); }

    /// <summary>T cells of the other units (CD4 + CD8 per µL of blood) at half <see cref="UnitVersusUnitMaxPerDay"/>.</summary>
    /// <value>Default 5 cells/µL (assumption; plausible 1–20); allowed (0, 10⁴].</value>
    public double UnitVersusUnitHalfPerMicroliter { get => _gvgHalf; init => _gvgHalf = Guard.PositiveAtMost(value, 1e4, nameof(UnitVersusUnitHalfPerMicroliter), "cells/µL"); }

    /// <summary>Half-time of the priming of one unit's T cells against another unit: the unit-versus-unit rate rises as 1 − 2^(−t/τ) after
    /// infusion, so both units contribute to early neutrophil recovery (engraftment from both donors in a quarter of patients at day 21)
    /// and one is cleared later (one unit predominated in all patients by day 100; Barker 2005).</summary>
    /// <value>Default 14 days (assumption; alloreactive T-cell expansion takes 1–3 weeks; plausible 7–28); allowed (0, 365].</value>
    public double UnitVersusUnitPrimingDays { get => _priming; init => _priming = Guard.PositiveAtMost(value, 365, nameof(UnitVersusUnitPrimingDays), "days"); }

    /// <summary>The defaults.</summary>
    public static AlloimmunityParameters Default { get; } = new();
}
