using Reconstitution.Validation;

namespace Reconstitution.Physiology;

/// <summary>
/// B and NK cells, lymphoid progenitors, blood fractions and homeostatic feedback. Immutable and thread-safe.
/// </summary>
/// <remarks>
/// NK proliferation 4.3 %/day and disappearance 6.9 %/day with maturation before release (Zhang et al.,
/// Immunology 2007); B-cell division 0.46 %/day naive and 2.7 %/day memory (Macallan et al., Blood
/// 2005). Cell pools are whole-body counts; blood counts use the blood fractions (about 2 % of
/// lymphocytes circulate). docs/model.md §4.7, §9.
/// Every value is checked when set: an out-of-range value throws <see cref="ArgumentOutOfRangeException"/>
/// naming the property, its value and the allowed range.
/// </remarks>
public sealed record LymphocyteParameters
{
    private readonly double bSetPointPerMicroliter = 300.0;
    private readonly double nkSetPointPerMicroliter = 250.0;
    private readonly double bloodFractionTAndB = 0.02;
    private readonly double bloodFractionNk = 0.1;
    private readonly double otherLymphocyteFraction = 0.05;
    private readonly double bPrecursorDays = 10.0;
    private readonly double bDeathPerDay = 0.02;
    private readonly double bProliferationPerDay = 0.005;
    private readonly double bHomeostaticGainMax = 2.0;
    private readonly double homeostaticGainHill = 2.0;
    private readonly double nkPrecursorDays = 7.0;
    private readonly double nkDeathPerDay = 0.069;
    private readonly double nkProliferationPerDay = 0.043;
    private readonly double nkHomeostaticGainMax = 4.0;

    /// <summary>Healthy blood B-cell count (CD19, normal 140–476).</summary>
    /// <value>Default 300 cells/µL; allowed [1.0, 5000.0].</value>
    public double BSetPointPerMicroliter
    {
        get => bSetPointPerMicroliter;
        init => bSetPointPerMicroliter = Guard.InRange(value, 1.0, 5000.0, nameof(BSetPointPerMicroliter), "cells/µL");
    }

    /// <summary>Healthy blood NK count (normal 160–544).</summary>
    /// <value>Default 250 cells/µL; allowed [1.0, 5000.0].</value>
    public double NkSetPointPerMicroliter
    {
        get => nkSetPointPerMicroliter;
        init => nkSetPointPerMicroliter = Guard.InRange(value, 1.0, 5000.0, nameof(NkSetPointPerMicroliter), "cells/µL");
    }

    /// <summary>Share of body T and B cells that are in blood. Assumption, range 0.01–0.025.</summary>
    /// <value>Default 0.02; allowed [0.001, 1.0].</value>
    public double BloodFractionTAndB
    {
        get => bloodFractionTAndB;
        init => bloodFractionTAndB = Guard.InRange(value, 0.001, 1.0, nameof(BloodFractionTAndB), "");
    }

    /// <summary>Share of body NK cells that are in blood. Assumption, range 0.05–0.2.</summary>
    /// <value>Default 0.1; allowed [0.001, 1.0].</value>
    public double BloodFractionNk
    {
        get => bloodFractionNk;
        init => bloodFractionNk = Guard.InRange(value, 0.001, 1.0, nameof(BloodFractionNk), "");
    }

    /// <summary>Other lymphocytes (gamma-delta, double-negative T) added to the lymphocyte count.</summary>
    /// <value>Default 0.05; allowed [0.0, 1.0].</value>
    public double OtherLymphocyteFraction
    {
        get => otherLymphocyteFraction;
        init => otherLymphocyteFraction = Guard.InRange(value, 0.0, 1.0, nameof(OtherLymphocyteFraction), "");
    }

    /// <summary>Marrow B-cell development (two stages). Assumption, range 7–21.</summary>
    /// <value>Default 10 days; allowed [1.0, 60.0].</value>
    public double BPrecursorDays
    {
        get => bPrecursorDays;
        init => bPrecursorDays = Guard.InRange(value, 1.0, 60.0, nameof(BPrecursorDays), "days");
    }

    /// <summary>Death rate of mature B cells. Assumption, range 0.01–0.05.</summary>
    /// <value>Default 0.02 per day; allowed [0.0001, 1.0].</value>
    public double BDeathPerDay
    {
        get => bDeathPerDay;
        init => bDeathPerDay = Guard.InRange(value, 0.0001, 1.0, nameof(BDeathPerDay), "per day");
    }

    /// <summary>Homeostatic proliferation of B cells at the set point (Macallan 2005).</summary>
    /// <value>Default 0.005 per day; allowed [0.0, 1.0].</value>
    public double BProliferationPerDay
    {
        get => bProliferationPerDay;
        init => bProliferationPerDay = Guard.InRange(value, 0.0, 1.0, nameof(BProliferationPerDay), "per day");
    }

    /// <summary>Largest BAFF-like gain of B proliferation in lymphopenia. Assumption.</summary>
    /// <value>Default 2; allowed [1.0, 100.0].</value>
    public double BHomeostaticGainMax
    {
        get => bHomeostaticGainMax;
        init => bHomeostaticGainMax = Guard.InRange(value, 1.0, 100.0, nameof(BHomeostaticGainMax), "");
    }

    /// <summary>Hill coefficient of the B (BAFF-like), NK (IL-15-like) and Treg (IL-2-like) homeostatic gains. Assumption, range 1–4 (docs/model.md §4.7, §4.9).</summary>
    /// <value>Default 2; allowed [0.5, 8.0].</value>
    public double HomeostaticGainHill
    {
        get => homeostaticGainHill;
        init => homeostaticGainHill = Guard.InRange(value, 0.5, 8.0, nameof(HomeostaticGainHill), "");
    }

    /// <summary>NK maturation before release (Zhang 2007: label peaks about 10 days after division).</summary>
    /// <value>Default 7 days; allowed [0.5, 60.0].</value>
    public double NkPrecursorDays
    {
        get => nkPrecursorDays;
        init => nkPrecursorDays = Guard.InRange(value, 0.5, 60.0, nameof(NkPrecursorDays), "days");
    }

    /// <summary>NK disappearance rate (Zhang 2007).</summary>
    /// <value>Default 0.069 per day; allowed [0.001, 2.0].</value>
    public double NkDeathPerDay
    {
        get => nkDeathPerDay;
        init => nkDeathPerDay = Guard.InRange(value, 0.001, 2.0, nameof(NkDeathPerDay), "per day");
    }

    /// <summary>NK proliferation at the set point (Zhang 2007).</summary>
    /// <value>Default 0.043 per day; allowed [0.0, 2.0].</value>
    public double NkProliferationPerDay
    {
        get => nkProliferationPerDay;
        init => nkProliferationPerDay = Guard.InRange(value, 0.0, 2.0, nameof(NkProliferationPerDay), "per day");
    }

    /// <summary>Largest IL-15-like gain of NK proliferation in lymphopenia. Assumption.</summary>
    /// <value>Default 4; allowed [1.0, 100.0].</value>
    public double NkHomeostaticGainMax
    {
        get => nkHomeostaticGainMax;
        init => nkHomeostaticGainMax = Guard.InRange(value, 1.0, 100.0, nameof(NkHomeostaticGainMax), "");
    }

    /// <summary>Kinetics of the lymphoid progenitor compartment L (feedback signal: B plus NK cells).</summary>
    /// <value>Division 0.3 per day, self-renewal 0.30 at the set point and 0.45 at most, Hill 2 (assumptions).</value>
    public ProgenitorKinetics Progenitor { get; init; } = new()
    {
        DivisionRatePerDay = 0.3, SelfRenewalAtSetPoint = 0.30, SelfRenewalMax = 0.45, HillCoefficient = 2.0,
    };
}
