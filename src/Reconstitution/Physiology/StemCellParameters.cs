using Reconstitution.Validation;

namespace Reconstitution.Physiology;

/// <summary>
/// Long-term and short-term stem cells and the multipotent progenitor (MPP) generation chain. Immutable and thread-safe.
/// </summary>
/// <remarks>
/// LT-HSC number and quiescence from Lee-Six et al. (Nature 2018), Abkowitz et al. (Blood 2002) and
/// Catlin et al. (Blood 2011: one division per 40 weeks); the niche raises self-renewal when stem cells
/// are few. Short-term stem cells are two transit stages that lump 2 x 7 divisions (Zheng et al., CPT
/// Pharmacometrics Syst Pharmacol 2021: ST amplification about 1000 over 20 days). The MPP chain lets a
/// clone expand exponentially under demand but ends every MPP clone, so only LT-HSC sustain lifelong
/// hematopoiesis (docs/model.md §4.1–4.2). Values marked as assumptions in docs/model.md §12 were fixed
/// in the design verification (docs/model.md §13) against the engraftment calibration.
/// Every value is checked when set: an out-of-range value throws <see cref="ArgumentOutOfRangeException"/>
/// naming the property, its value and the allowed range.
/// </remarks>
public sealed record StemCellParameters
{
    private readonly double hscCount = 40000.0;
    private readonly double hscDivisionIntervalDays = 280.0;
    private readonly double hscRenewalMaxRatio = 30.0;
    private readonly double hscNicheHill = 2.0;
    private readonly double nicheRegrowthPerDay = 0.01;
    private readonly int shortTermAmplificationExponent = 7;
    private readonly double shortTermStageDays = 10.0;
    private readonly int mppStages = 8;
    private readonly double mppDivisionRatePerDay = 0.29;
    private readonly double mppContinueMax = 0.9;
    private readonly int mppExitAmplification = 16;
    private readonly double mppDensityHill = 2.0;

    /// <summary>LT-HSC at rest, whole body (not scaled by weight). Assumption, range 1e4–2e5.</summary>
    /// <value>Default 4e+04 cells; allowed [1000.0, 1000000.0].</value>
    public double HscCount
    {
        get => hscCount;
        init => hscCount = Guard.InRange(value, 1000.0, 1000000.0, nameof(HscCount), "cells");
    }

    /// <summary>Mean interval between LT-HSC divisions at rest (Catlin 2011: 40 weeks, 25–50).</summary>
    /// <value>Default 280 days; allowed [50.0, 1000.0].</value>
    public double HscDivisionIntervalDays
    {
        get => hscDivisionIntervalDays;
        init => hscDivisionIntervalDays = Guard.InRange(value, 50.0, 1000.0, nameof(HscDivisionIntervalDays), "days");
    }

    /// <summary>Self-renewal rate of an emptied niche relative to the rest rate κ. Assumption, range 10–50.</summary>
    /// <value>Default 30; allowed [1.5, 200.0].</value>
    public double HscRenewalMaxRatio
    {
        get => hscRenewalMaxRatio;
        init => hscRenewalMaxRatio = Guard.InRange(value, 1.5, 200.0, nameof(HscRenewalMaxRatio), "");
    }

    /// <summary>Hill coefficient of niche feedback on LT-HSC self-renewal. Assumption (Colijn–Mackey use 4).</summary>
    /// <value>Default 2; allowed [0.5, 10.0].</value>
    public double HscNicheHill
    {
        get => hscNicheHill;
        init => hscNicheHill = Guard.InRange(value, 0.5, 10.0, nameof(HscNicheHill), "");
    }

    /// <summary>Logistic regrowth rate of the marrow niche after radiation or busulfan damage. Assumption, range 0.003–0.03 per day (docs/model.md §10).</summary>
    /// <value>Default 0.01 per day; allowed [0.0, 1.0].</value>
    public double NicheRegrowthPerDay
    {
        get => nicheRegrowthPerDay;
        init => nicheRegrowthPerDay = Guard.InRange(value, 0.0, 1.0, nameof(NicheRegrowthPerDay), "per day");
    }

    /// <summary>Each short-term stem-cell stage multiplies cells by 2 to this power.</summary>
    /// <value>Default 7; allowed [1, 20].</value>
    public int ShortTermAmplificationExponent
    {
        get => shortTermAmplificationExponent;
        init => shortTermAmplificationExponent = (int)Guard.InRange(value, 1L, 20L, nameof(ShortTermAmplificationExponent));
    }

    /// <summary>Mean residence in each short-term stem-cell stage (Zheng 2021: 20 days in all).</summary>
    /// <value>Default 10 days; allowed [0.5, 100.0].</value>
    public double ShortTermStageDays
    {
        get => shortTermStageDays;
        init => shortTermStageDays = Guard.InRange(value, 0.5, 100.0, nameof(ShortTermStageDays), "days");
    }

    /// <summary>Number of stages of the MPP generation chain. Assumption, range 6–10.</summary>
    /// <value>Default 8; allowed [2, 20].</value>
    public int MppStages
    {
        get => mppStages;
        init => mppStages = (int)Guard.InRange(value, 2L, 20L, nameof(MppStages));
    }

    /// <summary>Rate at which an MPP leaves its stage (two divisions when it continues). Assumption, range 0.2–0.5.</summary>
    /// <value>Default 0.29 per day; allowed [0.01, 5.0].</value>
    public double MppDivisionRatePerDay
    {
        get => mppDivisionRatePerDay;
        init => mppDivisionRatePerDay = Guard.InRange(value, 0.01, 5.0, nameof(MppDivisionRatePerDay), "per day");
    }

    /// <summary>Largest probability that an MPP continues to the next stage rather than exit to a lineage. Assumption, range 0.8–0.95.</summary>
    /// <value>Default 0.9; allowed [0.0, 0.99].</value>
    public double MppContinueMax
    {
        get => mppContinueMax;
        init => mppContinueMax = Guard.InRange(value, 0.0, 0.99, nameof(MppContinueMax), "");
    }

    /// <summary>Lineage progenitors made by one exiting MPP (four lumped divisions; Zheng 2021 CMP amplification 16).</summary>
    /// <value>Default 16; allowed [1, 1024].</value>
    public int MppExitAmplification
    {
        get => mppExitAmplification;
        init => mppExitAmplification = (int)Guard.InRange(value, 1L, 1024L, nameof(MppExitAmplification));
    }

    /// <summary>Hill coefficient of progenitor-density feedback on MPP continuation. Assumption.</summary>
    /// <value>Default 2; allowed [0.5, 10.0].</value>
    public double MppDensityHill
    {
        get => mppDensityHill;
        init => mppDensityHill = Guard.InRange(value, 0.5, 10.0, nameof(MppDensityHill), "");
    }
}
