using Reconstitution.Validation;

namespace Reconstitution.Physiology;

/// <summary>
/// Neutrophil and monocyte production: set points, maturation delays and G-CSF-like feedback. Immutable and thread-safe.
/// </summary>
/// <remarks>
/// Mitotic, post-mitotic and reserve pools after Craig, Humphries and Mackey (Bull Math Biol 2016):
/// post-mitotic maturation 3.9 days, marrow reserve transit 2.7 days. Blood half-life 6–19 h
/// (physiology.md §2; Lahoz-Beneytez et al., Blood 2016). G-CSF shortens post-mitotic transit from 6.4
/// to 2.9 days (Price, Chatta and Dale, Blood 1996); the gains below reproduce this. docs/model.md
/// §4.4.
/// Every value is checked when set: an out-of-range value throws <see cref="ArgumentOutOfRangeException"/>
/// naming the property, its value and the allowed range.
/// </remarks>
public sealed record GranulopoiesisParameters
{
    private readonly double ancSetPointE9PerLiter = 4.0;
    private readonly double monocyteSetPointE9PerLiter = 0.45;
    private readonly double eosinophilBasophilE9PerLiter = 0.2;
    private readonly double mitoticPoolDays = 5.0;
    private readonly double postMitoticDays = 3.9;
    private readonly double reserveDays = 2.7;
    private readonly double bloodHalfLifeHours = 12.0;
    private readonly double circulatingFraction = 0.5;
    private readonly double mitoticGainMax = 1.6;
    private readonly double maturationGainMax = 2.2;
    private readonly double releaseGainMax = 4.0;
    private readonly double exogenousGainFactor = 2.0;
    private readonly double gcsfHill = 2.0;
    private readonly double monocyteLifespanDays = 1.0;

    /// <summary>Healthy absolute neutrophil count (normal 2.0–7.5).</summary>
    /// <value>Default 4 1e9/L; allowed [0.5, 20.0].</value>
    public double AncSetPointE9PerLiter
    {
        get => ancSetPointE9PerLiter;
        init => ancSetPointE9PerLiter = Guard.InRange(value, 0.5, 20.0, nameof(AncSetPointE9PerLiter), "1e9/L");
    }

    /// <summary>Healthy blood monocyte count. Assumption, range 0.2–0.8.</summary>
    /// <value>Default 0.45 1e9/L; allowed [0.05, 3.0].</value>
    public double MonocyteSetPointE9PerLiter
    {
        get => monocyteSetPointE9PerLiter;
        init => monocyteSetPointE9PerLiter = Guard.InRange(value, 0.05, 3.0, nameof(MonocyteSetPointE9PerLiter), "1e9/L");
    }

    /// <summary>Eosinophils plus basophils added to the white cell count (not simulated; scaled with ANC).</summary>
    /// <value>Default 0.2 1e9/L; allowed [0.0, 2.0].</value>
    public double EosinophilBasophilE9PerLiter
    {
        get => eosinophilBasophilE9PerLiter;
        init => eosinophilBasophilE9PerLiter = Guard.InRange(value, 0.0, 2.0, nameof(EosinophilBasophilE9PerLiter), "1e9/L");
    }

    /// <summary>Transit through the four dividing stages (myeloblast to myelocyte). Assumption, range 4–7.</summary>
    /// <value>Default 5 days; allowed [1.0, 15.0].</value>
    public double MitoticPoolDays
    {
        get => mitoticPoolDays;
        init => mitoticPoolDays = Guard.InRange(value, 1.0, 15.0, nameof(MitoticPoolDays), "days");
    }

    /// <summary>Transit through the three post-mitotic stages (Craig 2016).</summary>
    /// <value>Default 3.9 days; allowed [0.5, 15.0].</value>
    public double PostMitoticDays
    {
        get => postMitoticDays;
        init => postMitoticDays = Guard.InRange(value, 0.5, 15.0, nameof(PostMitoticDays), "days");
    }

    /// <summary>Mean residence in the marrow neutrophil reserve at rest (Craig 2016).</summary>
    /// <value>Default 2.7 days; allowed [0.2, 15.0].</value>
    public double ReserveDays
    {
        get => reserveDays;
        init => reserveDays = Guard.InRange(value, 0.2, 15.0, nameof(ReserveDays), "days");
    }

    /// <summary>Half-life of neutrophils in blood (physiology.md §2: 6–19 h).</summary>
    /// <value>Default 12 h; allowed [1.0, 48.0].</value>
    public double BloodHalfLifeHours
    {
        get => bloodHalfLifeHours;
        init => bloodHalfLifeHours = Guard.InRange(value, 1.0, 48.0, nameof(BloodHalfLifeHours), "h");
    }

    /// <summary>Circulating share of blood neutrophils; the rest are marginated. Assumption, range 0.4–0.6.</summary>
    /// <value>Default 0.5; allowed [0.05, 1.0].</value>
    public double CirculatingFraction
    {
        get => circulatingFraction;
        init => circulatingFraction = Guard.InRange(value, 0.05, 1.0, nameof(CirculatingFraction), "");
    }

    /// <summary>Largest G-CSF-like speed-up of the mitotic stages. Assumption, range 1–2.</summary>
    /// <value>Default 1.6; allowed [1.0, 10.0].</value>
    public double MitoticGainMax
    {
        get => mitoticGainMax;
        init => mitoticGainMax = Guard.InRange(value, 1.0, 10.0, nameof(MitoticGainMax), "");
    }

    /// <summary>Largest G-CSF-like speed-up of post-mitotic maturation (Price 1996).</summary>
    /// <value>Default 2.2; allowed [1.0, 10.0].</value>
    public double MaturationGainMax
    {
        get => maturationGainMax;
        init => maturationGainMax = Guard.InRange(value, 1.0, 10.0, nameof(MaturationGainMax), "");
    }

    /// <summary>Largest G-CSF-like speed-up of release from the reserve. Assumption, range 2–10.</summary>
    /// <value>Default 4; allowed [1.0, 20.0].</value>
    public double ReleaseGainMax
    {
        get => releaseGainMax;
        init => releaseGainMax = Guard.InRange(value, 1.0, 20.0, nameof(ReleaseGainMax), "");
    }

    /// <summary>
    /// How far above the endogenous maximum exogenous G-CSF pushes the G-CSF-like gains: serum G-CSF after
    /// 5 µg/kg (tens of ng/mL) far exceeds the endogenous peak in aplasia (≈ 1–2 ng/mL). Assumption, range 1.2–2.5:
    /// the default shortens neutropenia after an autologous graft by ≈ 2.3 days (clinically 2–5 days).
    /// </summary>
    /// <value>Default 2; allowed [1.0, 5.0].</value>
    public double ExogenousGainFactor
    {
        get => exogenousGainFactor;
        init => exogenousGainFactor = Guard.InRange(value, 1.0, 5.0, nameof(ExogenousGainFactor), "");
    }

    /// <summary>Hill coefficient of the G-CSF-like gains.</summary>
    /// <value>Default 2; allowed [0.5, 10.0].</value>
    public double GcsfHill
    {
        get => gcsfHill;
        init => gcsfHill = Guard.InRange(value, 0.5, 10.0, nameof(GcsfHill), "");
    }

    /// <summary>Mean life of a blood monocyte (Patel et al., J Exp Med 2017). Assumption, range 0.7–3.</summary>
    /// <value>Default 1 days; allowed [0.1, 10.0].</value>
    public double MonocyteLifespanDays
    {
        get => monocyteLifespanDays;
        init => monocyteLifespanDays = Guard.InRange(value, 0.1, 10.0, nameof(MonocyteLifespanDays), "days");
    }

    /// <summary>Kinetics of the granulocyte–macrophage progenitor compartment G (feedback signal: blood neutrophils).</summary>
    /// <value>Division 1.5 per day, self-renewal 0.30 at the set point and 0.45 at most, Hill 2 (assumptions).</value>
    public ProgenitorKinetics Progenitor { get; init; } = new()
    {
        DivisionRatePerDay = 1.5, SelfRenewalAtSetPoint = 0.30, SelfRenewalMax = 0.45, HillCoefficient = 2.0,
    };
}
