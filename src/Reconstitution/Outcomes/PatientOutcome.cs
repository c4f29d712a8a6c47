namespace Reconstitution.Outcomes;

/// <summary>
/// The clinical outcome of one simulated patient (definitions in docs/protocols.md §Outcomes). Days are relative
/// to graft infusion (day 0); <c>null</c> means "did not happen within the simulated time". Immutable.
/// </summary>
/// <remarks>The per-patient endpoints (one row of patients.csv); use <see cref="PatientCourse.Trajectory"/> for the daily counts.</remarks>
[TypeFormatterSource(PreferredMimeTypes = ["text/html"])]
public sealed record PatientOutcome
{
    /// <summary>The protocol's name.</summary>
    public required string Protocol { get; init; }

    /// <summary>The last simulated day (the end, or the day of death).</summary>
    public required double LastDay { get; init; }

    /// <summary>Whether a graft was infused.</summary>
    public bool Grafted { get; init; }

    /// <summary>The viable CD34+ dose received, cells/kg (0 without a graft).</summary>
    public double Cd34PerKgInfused { get; init; }

    /// <summary>Neutrophil engraftment day (ASTCT: first of 3 days with ANC ≥ 0.5×10⁹/L after the nadir); 0 if never neutropenic (<see cref="NeverNeutropenic"/>).</summary>
    public int? NeutrophilEngraftmentDay { get; init; }

    /// <summary>Platelet engraftment day (ASTCT: first of 3 days ≥ 20×10⁹/L with no platelet transfusion in the 7 days before); 0 if never below (<see cref="NeverThrombocytopenic"/>).</summary>
    public int? PlateletEngraftmentDay { get; init; }

    /// <summary>
    /// Whether neutrophil engraftment does not apply: the ANC never fell below 0.5×10⁹/L from day 0, so there was no
    /// nadir to recover from (ASTCT counts engraftment after a nadir). <see cref="NeutrophilEngraftmentDay"/> is then 0;
    /// cohort summaries, patients.csv (<c>NA</c>) and charts report these patients as "not applicable", not as day 0.
    /// </summary>
    public bool NeverNeutropenic => NeutrophilEngraftmentDay == 0;

    /// <summary>
    /// Whether platelet engraftment does not apply: platelets never fell below 20×10⁹/L from day 0
    /// (<see cref="PlateletEngraftmentDay"/> is then 0); reported as "not applicable", as for <see cref="NeverNeutropenic"/>.
    /// </summary>
    public bool NeverThrombocytopenic => PlateletEngraftmentDay == 0;

    /// <summary>Primary graft failure: a graft was given and neutrophils had not engrafted by day +30 (+42 for cord blood), or the graft was rejected before engraftment, in a patient alive at that day.</summary>
    public bool PrimaryGraftFailure { get; init; }

    /// <summary>Why the graft failed (<see cref="GraftFailureCauses"/>: <c>rejection</c> or <c>poorGraftFunction</c>), or <c>null</c> without graft failure.</summary>
    public string? GraftFailureCause { get; init; }

    /// <summary>With two or more traced allogeneic units (docs/model.md §17): the unit (1-based, in infusion order) with the largest share
    /// of donor neutrophils at the end, or <c>null</c> (one unit, or no donor neutrophils).</summary>
    public int? DominantUnit { get; init; }

    /// <summary>The first day the <see cref="DominantUnit"/> made up ≥ 90 % of donor neutrophils, or <c>null</c>.</summary>
    public int? DominantUnitDay { get; init; }

    /// <summary>Lowest ANC from day 0, ×10⁹/L.</summary>
    public double AncNadirE9PerLiter { get; init; }

    /// <summary>Lowest platelet count from day 0, ×10⁹/L (morning count before any transfusion).</summary>
    public double PlateletNadirE9PerLiter { get; init; }

    /// <summary>Lowest haemoglobin from day 0, g/dL.</summary>
    public double HemoglobinNadirGPerDl { get; init; }

    /// <summary>Days from day 0 with ANC &lt; 0.5×10⁹/L.</summary>
    public int DaysAncBelow0_5 { get; init; }

    /// <summary>Days from day 0 with platelets &lt; 20×10⁹/L.</summary>
    public int DaysPlateletsBelow20 { get; init; }

    /// <summary>Days from day 0 with platelets &lt; 10×10⁹/L.</summary>
    public int DaysPlateletsBelow10 { get; init; }

    /// <summary>Red-cell units transfused (whole course).</summary>
    public int RedCellUnits { get; init; }

    /// <summary>Platelet doses transfused (whole course).</summary>
    public int PlateletTransfusions { get; init; }

    /// <summary>Infections (whole course).</summary>
    public int Infections { get; init; }

    /// <summary>Day of acute GVHD grade II–IV onset.</summary>
    public int? AcuteGvhdDay { get; init; }

    /// <summary>Day of chronic GVHD onset.</summary>
    public int? ChronicGvhdDay { get; init; }

    /// <summary>Day of graft rejection by host T cells.</summary>
    public int? RejectionDay { get; init; }

    /// <summary>Donor share of blood neutrophils on day 30, %, or <c>null</c> if not reached.</summary>
    public double? DonorChimerismDay30Percent { get; init; }

    /// <summary>Donor share of blood neutrophils on day 100, %, or <c>null</c> if not reached.</summary>
    public double? DonorChimerismDay100Percent { get; init; }

    /// <summary>Donor share of blood neutrophils on the last day, %.</summary>
    public double DonorChimerismLastPercent { get; init; }

    /// <summary>Donor share of T cells on the last day, %.</summary>
    public double DonorTCellChimerismLastPercent { get; init; }

    /// <summary>Whether the patient has an autoreactive clone (autoimmune disease).</summary>
    public bool HasDisease { get; init; }

    /// <summary>Autoreactive cells before treatment (whole body).</summary>
    public double AutoreactiveBeforeCells { get; init; }

    /// <summary>Autoreactive cells carried by an autologous graft (contamination; 0 for allogeneic grafts or none).</summary>
    public double GraftAutoreactiveCells { get; init; }

    /// <summary>Fewest autoreactive cells from day 0.</summary>
    public double AutoreactiveNadirCells { get; init; }

    /// <summary>Day the autoreactive clone went extinct (0 cells) and stayed so to the end: eradication.</summary>
    public int? AutoreactiveEradicationDay { get; init; }

    /// <summary>
    /// Relapse day: the first day ≥ 30 on which disease activity is back at or above 2/3 of its pre-treatment value,
    /// after it had fallen below that level (docs/model.md §7.1).
    /// </summary>
    public int? RelapseDay { get; init; }

    /// <summary>Day of death, or <c>null</c> if alive at the end.</summary>
    public int? DeathDay { get; init; }

    /// <summary>Cause of death, one of <see cref="DeathCauses.All"/> (<c>infection</c>, <c>aplasia</c>, <c>gvhd</c>, <c>organ:heart</c> …), or <c>null</c>.</summary>
    public string? DeathCause { get; init; }

    /// <summary>Day the disease responded to treatment by its disease-specific criterion (docs/outputs.md §Disease response), or <c>null</c>.</summary>
    public int? ResponseDay { get; init; }

    /// <summary>Day the response was lost (the criterion failed on 7 consecutive days after a response), or <c>null</c>.</summary>
    public int? LossOfResponseDay { get; init; }

    /// <summary>Whether the disease responded (<c>null</c> without disease): patients.csv <c>response</c>.</summary>
    public bool? Responded => HasDisease ? ResponseDay is not null : null;

    /// <summary>Whether a response was lost (<c>null</c> without disease): patients.csv <c>relapse</c>.</summary>
    public bool? RelapsedAfterResponse => HasDisease ? LossOfResponseDay is not null : null;
}
