using Reconstitution.Validation;

namespace Reconstitution.Physiology;

/// <summary>
/// Red-cell production: haemoglobin set points, erythroblast and reticulocyte delays, age-structured removal and EPO-like feedback. Immutable and thread-safe.
/// </summary>
/// <remarks>
/// Red cells live about 115 days and are removed by age, not at random (Franco, Transfus Med Hemother
/// 2012); an Erlang chain of RedCellStages stages gives a removal-age coefficient of variation of
/// 1/sqrt(stages). Reticulocyte and marrow delays and the EPO Hill exponent 6.96 follow Colijn and
/// Mackey (J Theor Biol 2005). Haemoglobin is red-cell count times MCH over blood volume. docs/model.md
/// §4.5.
/// Every value is checked when set: an out-of-range value throws <see cref="ArgumentOutOfRangeException"/>
/// naming the property, its value and the allowed range.
/// </remarks>
public sealed record ErythropoiesisParameters
{
    private readonly double hemoglobinSetPointMaleGPerDl = 15.0;
    private readonly double hemoglobinSetPointFemaleGPerDl = 13.5;
    private readonly double meanCellHemoglobinPg = 29.5;
    private readonly double erythroblastDays = 5.0;
    private readonly double marrowReticulocyteDays = 2.0;
    private readonly double redCellLifespanDays = 115.0;
    private readonly int redCellStages = 10;
    private readonly double hemolysisMaxPerDay = 0.02;

    /// <summary>Healthy haemoglobin of a man (normal 13.5–17.5).</summary>
    /// <value>Default 15 g/dL; allowed [5.0, 22.0].</value>
    public double HemoglobinSetPointMaleGPerDl
    {
        get => hemoglobinSetPointMaleGPerDl;
        init => hemoglobinSetPointMaleGPerDl = Guard.InRange(value, 5.0, 22.0, nameof(HemoglobinSetPointMaleGPerDl), "g/dL");
    }

    /// <summary>Healthy haemoglobin of a woman (normal 12.0–15.5).</summary>
    /// <value>Default 13.5 g/dL; allowed [5.0, 22.0].</value>
    public double HemoglobinSetPointFemaleGPerDl
    {
        get => hemoglobinSetPointFemaleGPerDl;
        init => hemoglobinSetPointFemaleGPerDl = Guard.InRange(value, 5.0, 22.0, nameof(HemoglobinSetPointFemaleGPerDl), "g/dL");
    }

    /// <summary>Mean haemoglobin per red cell (29–30 pg).</summary>
    /// <value>Default 29.5 pg; allowed [15.0, 45.0].</value>
    public double MeanCellHemoglobinPg
    {
        get => meanCellHemoglobinPg;
        init => meanCellHemoglobinPg = Guard.InRange(value, 15.0, 45.0, nameof(MeanCellHemoglobinPg), "pg");
    }

    /// <summary>Transit through the four dividing erythroblast stages. Assumption, range 4–6.</summary>
    /// <value>Default 5 days; allowed [1.0, 15.0].</value>
    public double ErythroblastDays
    {
        get => erythroblastDays;
        init => erythroblastDays = Guard.InRange(value, 1.0, 15.0, nameof(ErythroblastDays), "days");
    }

    /// <summary>Reticulocyte maturation in the marrow before release (Colijn–Mackey 2.8 days including blood).</summary>
    /// <value>Default 2 days; allowed [0.2, 10.0].</value>
    public double MarrowReticulocyteDays
    {
        get => marrowReticulocyteDays;
        init => marrowReticulocyteDays = Guard.InRange(value, 0.2, 10.0, nameof(MarrowReticulocyteDays), "days");
    }

    /// <summary>Mean red-cell lifespan (Franco 2012: 70–140).</summary>
    /// <value>Default 115 days; allowed [20.0, 200.0].</value>
    public double RedCellLifespanDays
    {
        get => redCellLifespanDays;
        init => redCellLifespanDays = Guard.InRange(value, 20.0, 200.0, nameof(RedCellLifespanDays), "days");
    }

    /// <summary>Erlang stages of the red-cell age chain (coefficient of variation 1/sqrt(stages)).</summary>
    /// <value>Default 10; allowed [1, 100].</value>
    public int RedCellStages
    {
        get => redCellStages;
        init => redCellStages = (int)Guard.InRange(value, 1L, 100L, nameof(RedCellStages));
    }

    /// <summary>Extra red-cell clearance at disease activity 1 in AIHA. Assumption giving Hb about 10 g/dL.</summary>
    /// <value>Default 0.02 per day; allowed [0.0, 5.0].</value>
    public double HemolysisMaxPerDay
    {
        get => hemolysisMaxPerDay;
        init => hemolysisMaxPerDay = Guard.InRange(value, 0.0, 5.0, nameof(HemolysisMaxPerDay), "per day");
    }

    /// <summary>Kinetics of the erythroid progenitor compartment E (feedback signal: red cells, EPO-like).</summary>
    /// <value>Division 0.5 per day, self-renewal 0.30 at the set point and 0.42 at most, Hill 6.96 (Colijn–Mackey 2005).</value>
    public ProgenitorKinetics Progenitor { get; init; } = new()
    {
        DivisionRatePerDay = 0.5, SelfRenewalAtSetPoint = 0.30, SelfRenewalMax = 0.42, HillCoefficient = 6.96,
    };
}
