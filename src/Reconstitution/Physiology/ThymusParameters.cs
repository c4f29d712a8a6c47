using Reconstitution.Validation;

namespace Reconstitution.Physiology;

/// <summary>
/// Thymic output, its decline with age, capacity limitation, damage and lymphopenia-driven rebound. Immutable and thread-safe.
/// </summary>
/// <remarks>
/// Output at age 40 is set so that 15 % of new naive T cells are thymic (den Braber et al., Immunity
/// 2012) given the naive half-lives of Vrisekoop et al. (PNAS 2008). Output and seeding scale with
/// thymic epithelial space, which falls 3 points a year until 45 and 1 point a year after, reaching 0
/// at 105 (Steinmann, Klaus and Müller-Hermelink, Scand J Immunol 1985). Rebound after lymphodepletion
/// follows Mackall et al. (N Engl J Med 1995). docs/model.md §4.8.
/// Every value is checked when set: an out-of-range value throws <see cref="ArgumentOutOfRangeException"/>
/// naming the property, its value and the allowed range.
/// </remarks>
public sealed record ThymusParameters
{
    private readonly double thymicShareOfNewNaive = 0.15;
    private readonly int amplificationExponent = 10;
    private readonly double earlyThymocyteDays = 14.0;
    private readonly double lateThymocyteDays = 7.0;
    private readonly double inputOverOutput = 10.0;
    private readonly double declinePointsPerYearBefore45 = 3.0;
    private readonly double endAgeYears = 105.0;
    private readonly double stromaRegrowthPerDay = 0.005;
    private readonly double reboundGainMax = 10.0;
    private readonly double tregShareOfCd4Output = 0.08;
    private readonly double crowdingDeathPerDay = 1.0;

    /// <summary>Share of new naive T cells that come from the thymus at age 40 (den Braber 2012: 0.10–0.20).</summary>
    /// <value>Default 0.15; allowed [0.0, 1.0].</value>
    public double ThymicShareOfNewNaive
    {
        get => thymicShareOfNewNaive;
        init => thymicShareOfNewNaive = Guard.InRange(value, 0.0, 1.0, nameof(ThymicShareOfNewNaive), "");
    }

    /// <summary>Divisions from thymic seeding progenitor to double-positive thymocyte.</summary>
    /// <value>Default 10; allowed [0, 20].</value>
    public int AmplificationExponent
    {
        get => amplificationExponent;
        init => amplificationExponent = (int)Guard.InRange(value, 0L, 20L, nameof(AmplificationExponent));
    }

    /// <summary>Residence of early thymocytes. Assumption.</summary>
    /// <value>Default 14 days; allowed [1.0, 100.0].</value>
    public double EarlyThymocyteDays
    {
        get => earlyThymocyteDays;
        init => earlyThymocyteDays = Guard.InRange(value, 1.0, 100.0, nameof(EarlyThymocyteDays), "days");
    }

    /// <summary>Residence of late thymocytes before export. Assumption.</summary>
    /// <value>Default 7 days; allowed [0.5, 100.0].</value>
    public double LateThymocyteDays
    {
        get => lateThymocyteDays;
        init => lateThymocyteDays = Guard.InRange(value, 0.5, 100.0, nameof(LateThymocyteDays), "days");
    }

    /// <summary>Thymocyte input per exported cell at rest; the rest die of crowding. Assumption, range 2–20.</summary>
    /// <value>Default 10; allowed [1.01, 1000.0].</value>
    public double InputOverOutput
    {
        get => inputOverOutput;
        init => inputOverOutput = Guard.InRange(value, 1.01, 1000.0, nameof(InputOverOutput), "");
    }

    /// <summary>Fall of thymic epithelial space before age 45 (Steinmann 1985); 1 point per year after.</summary>
    /// <value>Default 3 points/year; allowed [0.0, 10.0].</value>
    public double DeclinePointsPerYearBefore45
    {
        get => declinePointsPerYearBefore45;
        init => declinePointsPerYearBefore45 = Guard.InRange(value, 0.0, 10.0, nameof(DeclinePointsPerYearBefore45), "points/year");
    }

    /// <summary>Age at which thymic epithelial space reaches zero (Steinmann 1985).</summary>
    /// <value>Default 105 years; allowed [50.0, 200.0].</value>
    public double EndAgeYears
    {
        get => endAgeYears;
        init => endAgeYears = Guard.InRange(value, 50.0, 200.0, nameof(EndAgeYears), "years");
    }

    /// <summary>Logistic regrowth of damaged thymic stroma. Assumption, range 0.002–0.02.</summary>
    /// <value>Default 0.005 per day; allowed [0.0, 1.0].</value>
    public double StromaRegrowthPerDay
    {
        get => stromaRegrowthPerDay;
        init => stromaRegrowthPerDay = Guard.InRange(value, 0.0, 1.0, nameof(StromaRegrowthPerDay), "per day");
    }

    /// <summary>Largest IL-7-driven gain of thymic capacity in lymphopenia. Assumption, range 2–20.</summary>
    /// <value>Default 10; allowed [1.0, 100.0].</value>
    public double ReboundGainMax
    {
        get => reboundGainMax;
        init => reboundGainMax = Guard.InRange(value, 1.0, 100.0, nameof(ReboundGainMax), "");
    }

    /// <summary>Death rate of late thymocytes from crowding when the thymus is at capacity (negative selection and neglect). Assumption, range 0.3–3 per day (docs/model.md §4.8).</summary>
    /// <value>Default 1 per day; allowed [0.01, 10.0].</value>
    public double CrowdingDeathPerDay
    {
        get => crowdingDeathPerDay;
        init => crowdingDeathPerDay = Guard.InRange(value, 0.01, 10.0, nameof(CrowdingDeathPerDay), "per day");
    }

    /// <summary>Thymic Treg output relative to thymic CD4 output. Assumption.</summary>
    /// <value>Default 0.08; allowed [0.0, 1.0].</value>
    public double TregShareOfCd4Output
    {
        get => tregShareOfCd4Output;
        init => tregShareOfCd4Output = Guard.InRange(value, 0.0, 1.0, nameof(TregShareOfCd4Output), "");
    }

    /// <summary>Thymic output relative to age 40, proportional to thymic epithelial space (Steinmann 1985).</summary>
    /// <param name="ageYears">Age in years, at least 0.</param>
    /// <returns>2.2 at 10 years, 1.6 at 25, 1 at 40, 0.53 at 65, 0.33 at 80 with the defaults.</returns>
    public double AgeFactor(double ageYears)
    {
        Guard.InRange(ageYears, 0.0, 200.0, nameof(ageYears), "years");
        return EpithelialSpace(ageYears) / EpithelialSpace(40.0);
    }

    private double EpithelialSpace(double age) => age >= 45.0
        ? Math.Max(EndAgeYears - age, 0.5)
        : EndAgeYears - 45.0 + DeclinePointsPerYearBefore45 * (45.0 - age);
}
