using Reconstitution.Validation;

namespace Reconstitution.Physiology;

/// <summary>
/// The autoreactive clone: birth–death with antigen limitation and Treg regulation, plasma cells, autoantibody and activity index. Immutable and thread-safe.
/// </summary>
/// <remarks>
/// No published mechanistic model of autoreactive-clone eradication after transplantation exists
/// (physiology.md §1.8); this is the project's own, documented in docs/model.md §7. Birth b(ρ) =
/// 2·BirthOverDeathAtRest·d /(1 + (ρ/ρ*)²) falls as the Treg fraction ρ of CD4 cells rises; with n
/// surviving cells and b > d the extinction probability is (d/b)^n. All values are assumptions for the
/// disease-outcome calibration. Use ForDisease for the per-disease defaults.
/// Every value is checked when set: an out-of-range value throws <see cref="ArgumentOutOfRangeException"/>
/// naming the property, its value and the allowed range.
/// </remarks>
public sealed record AutoimmunityParameters
{
    private readonly double referenceBurdenCells = 1000000.0;
    private readonly double deathPerDay = 0.05;
    private readonly double birthOverDeathAtRest = 1.5;
    private readonly double plasmaCellRatePerDay = 0.002;
    private readonly double plasmaCellDeathPerDay = 0.0027397260273972603;
    private readonly double antibodyHalfLifeDays = 21.0;
    private readonly double longLivedAntibodyShare = 0.4;
    private readonly double shortLivedPlasmaCellHalfLifeDays = 3.0;
    private readonly double antibodyActivityShare;

    /// <summary>Autoreactive effector cells of a typical untreated patient (disease activity 0.75).</summary>
    /// <value>Default 1e+06 cells; allowed [1.0, 1000000000000.0].</value>
    public double ReferenceBurdenCells
    {
        get => referenceBurdenCells;
        init => referenceBurdenCells = Guard.InRange(value, 1.0, 1000000000000.0, nameof(ReferenceBurdenCells), "cells");
    }

    /// <summary>Death rate of autoreactive effector cells. Assumption, range 0.02–0.2.</summary>
    /// <value>Default 0.05 per day; allowed [0.0001, 10.0].</value>
    public double DeathPerDay
    {
        get => deathPerDay;
        init => deathPerDay = Guard.InRange(value, 0.0001, 10.0, nameof(DeathPerDay), "per day");
    }

    /// <summary>Birth over death rate of a small clone at the patient's Treg fraction.</summary>
    /// <value>Default 1.5; allowed [1.0001, 100.0].</value>
    public double BirthOverDeathAtRest
    {
        get => birthOverDeathAtRest;
        init => birthOverDeathAtRest = Guard.InRange(value, 1.0001, 100.0, nameof(BirthOverDeathAtRest), "");
    }

    /// <summary>Rate at which an autoreactive B cell founds a long-lived plasma cell (antibody diseases).</summary>
    /// <value>Default 0.002 per day; allowed [0.0, 1.0].</value>
    public double PlasmaCellRatePerDay
    {
        get => plasmaCellRatePerDay;
        init => plasmaCellRatePerDay = Guard.InRange(value, 0.0, 1.0, nameof(PlasmaCellRatePerDay), "per day");
    }

    /// <summary>Death rate of long-lived plasma cells (mean life 1 year; half-life of autoreactive long-lived plasma cells &gt; 6 months in
    /// lupus-prone mice, Hoyer et al., <i>J Exp Med</i> 2004;199:1577). Assumption, range 1/730–1/180 per day.</summary>
    /// <value>Default 0.00274 per day; allowed [1e-05, 1.0].</value>
    public double PlasmaCellDeathPerDay
    {
        get => plasmaCellDeathPerDay;
        init => plasmaCellDeathPerDay = Guard.InRange(value, 1e-05, 1.0, nameof(PlasmaCellDeathPerDay), "per day");
    }

    /// <summary>Half-life of the autoantibody (IgG: ≈ 21 days for IgG1, FcRn-protected; Morell et al., <i>J Clin Invest</i> 1970;49:673).</summary>
    /// <value>Default 21 days; allowed [0.1, 1000.0].</value>
    public double AntibodyHalfLifeDays
    {
        get => antibodyHalfLifeDays;
        init => antibodyHalfLifeDays = Guard.InRange(value, 0.1, 1000.0, nameof(AntibodyHalfLifeDays), "days");
    }

    /// <summary>
    /// Share of the pre-treatment autoantibody made by long-lived plasma cells (the rest by short-lived plasmablasts fed by the
    /// clone, docs/model.md §19). 40 % of the autoantibody-secreting cells of lupus-prone mice were non-dividing long-lived plasma
    /// cells that survived high-dose cyclophosphamide (Hoyer et al., <i>J Exp Med</i> 2004;199:1577). Assumption for humans, range 0.2–0.7.
    /// </summary>
    /// <value>Default 0.4; allowed [0.01, 0.99].</value>
    public double LongLivedAntibodyShare
    {
        get => longLivedAntibodyShare;
        init => longLivedAntibodyShare = Guard.InRange(value, 0.01, 0.99, nameof(LongLivedAntibodyShare), "");
    }

    /// <summary>Half-life of short-lived plasma cells (plasmablasts: dividing, gone within days without renewal; assumption, range 1–7 days).</summary>
    /// <value>Default 3 days; allowed [0.1, 60.0].</value>
    public double ShortLivedPlasmaCellHalfLifeDays
    {
        get => shortLivedPlasmaCellHalfLifeDays;
        init => shortLivedPlasmaCellHalfLifeDays = Guard.InRange(value, 0.1, 60.0, nameof(ShortLivedPlasmaCellHalfLifeDays), "days");
    }

    /// <summary>
    /// Share of the disease activity driven by autoantibody rather than by the autoreactive cells (docs/model.md §19): 1 for
    /// antibody diseases (AIHA, ITP, SLE), 0 for T-cell diseases (MS, RA), 0.3 for systemic sclerosis (autoantibodies against
    /// topoisomerase I and other antigens accompany a T-cell disease; assumption, range 0–0.5).
    /// </summary>
    /// <value>Default 0 (the per-disease value from <see cref="ForDisease"/>); allowed [0, 1].</value>
    public double AntibodyActivityShare
    {
        get => antibodyActivityShare;
        init => antibodyActivityShare = Guard.InRange(value, 0.0, 1.0, nameof(AntibodyActivityShare), "");
    }

    /// <summary>The per-disease defaults of docs/model.md §7 (assumptions to be calibrated).</summary>
    /// <param name="disease">The disease.</param>
    /// <returns>The parameters, or <see langword="null"/> for <see cref="AutoimmuneDisease.None"/>.</returns>
    public static AutoimmunityParameters? ForDisease(AutoimmuneDisease disease) => disease switch
    {
        AutoimmuneDisease.None => null,
        AutoimmuneDisease.MultipleSclerosis => new() { ReferenceBurdenCells = 1e6, BirthOverDeathAtRest = 1.5 },
        AutoimmuneDisease.SystemicSclerosis => new() { ReferenceBurdenCells = 3e6, BirthOverDeathAtRest = 1.6, AntibodyActivityShare = 0.3 },
        AutoimmuneDisease.RheumatoidArthritis => new() { ReferenceBurdenCells = 3e6, BirthOverDeathAtRest = 1.4 },
        AutoimmuneDisease.SystemicLupusErythematosus => new() { ReferenceBurdenCells = 1e6, BirthOverDeathAtRest = 1.6, AntibodyActivityShare = 1 },
        AutoimmuneDisease.AutoimmuneHemolyticAnemia => new() { ReferenceBurdenCells = 1e6, BirthOverDeathAtRest = 1.5, AntibodyActivityShare = 1 },
        AutoimmuneDisease.ImmuneThrombocytopenia => new() { ReferenceBurdenCells = 1e6, BirthOverDeathAtRest = 1.5, AntibodyActivityShare = 1 },
        _ => throw new ArgumentOutOfRangeException(nameof(disease), disease, $"Parameter 'disease' was {disease}; allowed: a defined AutoimmuneDisease."),
    };

    /// <summary>Whether the disease acts through autoantibody (SLE, AIHA, ITP) rather than T cells.</summary>
    /// <param name="disease">The disease.</param>
    /// <returns><see langword="true"/> for antibody-mediated diseases.</returns>
    public static bool IsAntibodyMediated(AutoimmuneDisease disease) => disease is
        AutoimmuneDisease.SystemicLupusErythematosus or AutoimmuneDisease.AutoimmuneHemolyticAnemia or AutoimmuneDisease.ImmuneThrombocytopenia;
}
