using Reconstitution.Validation;

namespace Reconstitution.Outcomes;

/// <summary>
/// Hazards of the clinical events that the physiology model does not produce itself: infection while
/// neutropenic, death from infection, aplasia, acute and chronic GVHD, death from the disease (<see cref="DiseaseMortality"/>). Rejection, graft-versus-host lymphohematopoiesis and
/// graft-versus-autoimmunity are mechanisms of the physiology (<c>AlloimmunityParameters</c>, docs/model.md §17).
/// Each is evaluated once a day as a Bernoulli trial with p = 1 − e^(−h·1 d). Immutable; every value is an
/// assumption with the range and reasoning given in docs/protocols.md §Hazards.
/// </summary>
/// <remarks>Override a value with <c>ClinicalRiskParameters.Default with { … }</c> in <see cref="PatientSimulationOptions.Risks"/> to test a hazard assumption; the physiology's own parameters are in <c>PhysiologyParameters</c>.</remarks>
public sealed record ClinicalRiskParameters
{
    /// <summary>Infection hazard per day while ANC &lt; 0.5×10⁹/L (default 0.035; documented infection in ≈ 30 % of autologous transplants with ≈ 10 days of neutropenia; Bodey 1966: risk rises with duration).</summary>
    public double InfectionPerNeutropenicDay { get; init; } = 0.035;

    /// <summary>Background infection hazard per day during the first year when not neutropenic (default 0.001).</summary>
    public double InfectionPerDayOtherwise { get; init; } = 0.001;

    /// <summary>CD4 count (per µL) below which the background infection hazard continues after the first year (default 200: CD4 &lt; 200/µL
    /// marks the late-infection risk: infectious morbidity of long-term allograft survivors correlates with low CD4 counts, Storek et al., Am J Hematol 1997;54:131; 0 turns late infections off).</summary>
    public double LateInfectionCd4PerMicroliter { get; init; } = 200;

    /// <summary>Probability that an infection is fatal while neutropenic (default 0.03; autologous TRM 1–2 %).</summary>
    public double FatalInfectionProbabilityNeutropenic { get; init; } = 0.03;

    /// <summary>Probability that an infection is fatal otherwise (default 0.01).</summary>
    public double FatalInfectionProbabilityOtherwise { get; init; } = 0.01;

    /// <summary>Multiplier of infection fatality and of infection hazard while acute or chronic GVHD is active (default 3).</summary>
    public double GvhdInfectionFactor { get; init; } = 3;

    /// <summary>Maximal acute GVHD (grade II–IV) hazard per day with saturating donor T cells of a sibling's adult graft and no prophylaxis,
    /// days 7–100 (default 0.015). The donor T cells' alloreactivity (HLA, cord blood), their half-saturation and the calcineurin
    /// inhibitor's factor are the physiology's (<c>AlloimmunityParameters</c>), shared with the graft-versus-host kill.</summary>
    public double AcuteGvhdMaxPerDay { get; init; } = 0.015;

    /// <summary>Maximal chronic GVHD hazard per day, days 100–730 (default 0.0008; × 2 after acute GVHD, × 1.5 for blood stem cells: Anasetti 2012).</summary>
    public double ChronicGvhdMaxPerDay { get; init; } = 0.0008;



    /// <summary>GVHD hazard factor of short-course methotrexate (default 0.75).</summary>
    public double MethotrexateFactor { get; init; } = 0.75;

    /// <summary>Death hazard per day of prolonged aplasia: ANC &lt; 0.5×10⁹/L for more than 30 days (default 0.03; without marrow recovery death follows within weeks).
    /// The death's cause is <c>graftFailure</c> once the graft has failed, else <c>aplasia</c> (docs/model.md §20.2).</summary>
    public double AplasiaDeathPerDay { get; init; } = 0.03;

    /// <summary>Death hazard per day while acute GVHD is active (default 0.006: ≈ 30 % of grade II–IV acute GVHD die of it within its 60 active days;
    /// assumption, non-relapse mortality of grade II–IV acute GVHD is commonly 25–40 %).</summary>
    public double GvhdDeathPerDay { get; init; } = 0.006;

    /// <summary>Death hazard per day while chronic GVHD is active (default 0.00015, ≈ 5 % a year: chronic GVHD is the leading cause of late
    /// non-relapse mortality; Socié et al., NEJM 1999;341:14; Lee et al., Blood 2002;100:406).</summary>
    public double ChronicGvhdDeathPerDay { get; init; } = 0.00015;

    /// <summary>Whether patients can die of other causes by age and sex (<see cref="Outcomes.BackgroundMortality"/>; cause <c>background</c>).</summary>
    /// <value>Default true.</value>
    public bool BackgroundMortality { get; init; } = true;

    /// <summary>Death from the autoimmune disease itself (cause <c>disease</c>; docs/model.md §20): each disease's excess death rate,
    /// scaled by the patient's relative disease activity. <see cref="DiseaseMortalityParameters.None"/> switches it off.</summary>
    /// <value>Default <see cref="DiseaseMortalityParameters.Default"/>.</value>
    public DiseaseMortalityParameters DiseaseMortality { get; init; } = DiseaseMortalityParameters.Default;

    /// <summary>ANC (×10⁹/L) below which a patient counts as neutropenic for the infection and aplasia hazards (default 0.5: the
    /// standard definition of severe neutropenia and of neutrophil engraftment, ASTCT consensus, Kharfan-Dabaja et al. 2021).</summary>
    public double NeutropeniaAncE9PerLiter { get; init; } = 0.5;

    /// <summary>Days after day 0 during which the background infection hazard applies to every patient (default 365: the first year;
    /// later it applies only while CD4 stays below <see cref="LateInfectionCd4PerMicroliter"/>).</summary>
    public int EarlyInfectionDays { get; init; } = 365;

    /// <summary>Consecutive neutropenic days after which the aplasia death hazard starts (default 30; assumption: by day +30 a graft
    /// that will engraft usually has, ASTCT day +28 rule).</summary>
    public int AplasiaDeathAfterNeutropenicDays { get; init; } = 30;

    /// <summary>First and last day after the allograft on which acute GVHD can start (default 7 and 100: the classical acute window).</summary>
    public int AcuteGvhdFirstDay { get; init; } = 7;

    /// <inheritdoc cref="AcuteGvhdFirstDay"/>
    public int AcuteGvhdLastDay { get; init; } = 100;

    /// <summary>Days acute GVHD stays active after onset (GVHD death hazard, infection factor; default 60; assumption).</summary>
    public int AcuteGvhdActiveDays { get; init; } = 60;

    /// <summary>First and last day after the allograft on which chronic GVHD can start (default 100 and 730).</summary>
    public int ChronicGvhdFirstDay { get; init; } = 100;

    /// <inheritdoc cref="ChronicGvhdFirstDay"/>
    public int ChronicGvhdLastDay { get; init; } = 730;

    /// <summary>Factor on the chronic GVHD hazard after acute GVHD (default 2: prior acute GVHD is the strongest risk factor; assumption on the size).</summary>
    public double ChronicGvhdAfterAcuteFactor { get; init; } = 2;

    /// <summary>Factor on the chronic GVHD hazard for blood stem-cell grafts (default 1.5: Anasetti 2012, 53 % vs 41 % with marrow).</summary>
    public double ChronicGvhdBloodStemCellFactor { get; init; } = 1.5;


    /// <summary>The defaults.</summary>
    public static ClinicalRiskParameters Default { get; } = new();

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(DiseaseMortality, nameof(DiseaseMortality));
        Guard.InRange(InfectionPerNeutropenicDay, 0, 10, nameof(InfectionPerNeutropenicDay), "per day");
        Guard.InRange(InfectionPerDayOtherwise, 0, 10, nameof(InfectionPerDayOtherwise), "per day");
        Guard.InRange(FatalInfectionProbabilityNeutropenic, 0, 1, nameof(FatalInfectionProbabilityNeutropenic));
        Guard.InRange(FatalInfectionProbabilityOtherwise, 0, 1, nameof(FatalInfectionProbabilityOtherwise));
        Guard.InRange(GvhdInfectionFactor, 0, 100, nameof(GvhdInfectionFactor));
        Guard.InRange(AcuteGvhdMaxPerDay, 0, 10, nameof(AcuteGvhdMaxPerDay), "per day");
        Guard.InRange(ChronicGvhdMaxPerDay, 0, 10, nameof(ChronicGvhdMaxPerDay), "per day");
        Guard.InRange(MethotrexateFactor, 0, 1, nameof(MethotrexateFactor));
        Guard.InRange(AplasiaDeathPerDay, 0, 10, nameof(AplasiaDeathPerDay), "per day");
        Guard.InRange(GvhdDeathPerDay, 0, 10, nameof(GvhdDeathPerDay), "per day");
        Guard.InRange(ChronicGvhdDeathPerDay, 0, 10, nameof(ChronicGvhdDeathPerDay), "per day");
        Guard.InRange(LateInfectionCd4PerMicroliter, 0, 1e4, nameof(LateInfectionCd4PerMicroliter), "cells/µL");
        Guard.InRange(NeutropeniaAncE9PerLiter, 0, 100, nameof(NeutropeniaAncE9PerLiter), "×10⁹/L");
        Guard.InRange(EarlyInfectionDays, 0, 36500, nameof(EarlyInfectionDays));
        Guard.InRange(AplasiaDeathAfterNeutropenicDays, 0, 36500, nameof(AplasiaDeathAfterNeutropenicDays));
        Guard.InRange(AcuteGvhdFirstDay, 0, AcuteGvhdLastDay, nameof(AcuteGvhdFirstDay));
        Guard.InRange(AcuteGvhdLastDay, 0, 36500, nameof(AcuteGvhdLastDay));
        Guard.InRange(AcuteGvhdActiveDays, 1, 36500, nameof(AcuteGvhdActiveDays));
        Guard.InRange(ChronicGvhdFirstDay, 0, ChronicGvhdLastDay, nameof(ChronicGvhdFirstDay));
        Guard.InRange(ChronicGvhdLastDay, 0, 36500, nameof(ChronicGvhdLastDay));
        Guard.InRange(ChronicGvhdAfterAcuteFactor, 0, 100, nameof(ChronicGvhdAfterAcuteFactor));
        Guard.InRange(ChronicGvhdBloodStemCellFactor, 0, 100, nameof(ChronicGvhdBloodStemCellFactor));
    }
}
