using Reconstitution.Validation;

namespace Reconstitution.Physiology;

/// <summary>
/// Platelet production: set point, megakaryocyte maturation, platelet lifespan and splenic pool, TPO-like feedback. Immutable and thread-safe.
/// </summary>
/// <remarks>
/// Platelets survive 9–10 days, a third pooled in the spleen (Harker 1977; physiology.md §1.6). The
/// TPO-like signal counts platelets plus megakaryocyte mass, because both clear thrombopoietin; its
/// Hill coefficient 1.29 is Colijn and Mackey's. docs/model.md §4.6.
/// Every value is checked when set: an out-of-range value throws <see cref="ArgumentOutOfRangeException"/>
/// naming the property, its value and the allowed range.
/// </remarks>
public sealed record ThrombopoiesisParameters
{
    private readonly double plateletSetPointE9PerLiter = 250.0;
    private readonly double megakaryocyteDays = 5.0;
    private readonly int plateletsPerMegakaryocyte = 2000;
    private readonly double plateletLifespanDays = 9.5;
    private readonly int plateletStages = 4;
    private readonly double splenicPoolFraction = 0.3333333333333333;
    private readonly double tpoMegakaryocyteWeight = 1000.0;
    private readonly double plateletDestructionMaxPerDay = 1.2;
    private readonly double fixedConsumptionE9PerLiterPerDay = 7.1;
    private readonly double fixedConsumptionHalfE9PerLiter = 20.0;

    /// <summary>Healthy platelet count (normal 150–450).</summary>
    /// <value>Default 250 1e9/L; allowed [10.0, 1000.0].</value>
    public double PlateletSetPointE9PerLiter
    {
        get => plateletSetPointE9PerLiter;
        init => plateletSetPointE9PerLiter = Guard.InRange(value, 10.0, 1000.0, nameof(PlateletSetPointE9PerLiter), "1e9/L");
    }

    /// <summary>Megakaryocyte maturation (three stages). Assumption, range 4–7.</summary>
    /// <value>Default 5 days; allowed [1.0, 15.0].</value>
    public double MegakaryocyteDays
    {
        get => megakaryocyteDays;
        init => megakaryocyteDays = Guard.InRange(value, 1.0, 15.0, nameof(MegakaryocyteDays), "days");
    }

    /// <summary>Platelets shed by one megakaryocyte. Assumption, range 1000–5000.</summary>
    /// <value>Default 2000; allowed [10, 100000].</value>
    public int PlateletsPerMegakaryocyte
    {
        get => plateletsPerMegakaryocyte;
        init => plateletsPerMegakaryocyte = (int)Guard.InRange(value, 10L, 100000L, nameof(PlateletsPerMegakaryocyte));
    }

    /// <summary>Mean platelet lifespan (Colijn–Mackey 2005; physiology.md 9–10 days).</summary>
    /// <value>Default 9.5 days; allowed [1.0, 30.0].</value>
    public double PlateletLifespanDays
    {
        get => plateletLifespanDays;
        init => plateletLifespanDays = Guard.InRange(value, 1.0, 30.0, nameof(PlateletLifespanDays), "days");
    }

    /// <summary>Erlang stages of the platelet age chain.</summary>
    /// <value>Default 4; allowed [1, 50].</value>
    public int PlateletStages
    {
        get => plateletStages;
        init => plateletStages = (int)Guard.InRange(value, 1L, 50L, nameof(PlateletStages));
    }

    /// <summary>Share of platelets pooled in the spleen (physiology.md §1.6).</summary>
    /// <value>Default 0.3333; allowed [0.0, 0.9].</value>
    public double SplenicPoolFraction
    {
        get => splenicPoolFraction;
        init => splenicPoolFraction = Guard.InRange(value, 0.0, 0.9, nameof(SplenicPoolFraction), "");
    }

    /// <summary>Platelet equivalents of one megakaryocyte in the TPO-like signal. Assumption.</summary>
    /// <value>Default 1000; allowed [0.0, 1000000.0].</value>
    public double TpoMegakaryocyteWeight
    {
        get => tpoMegakaryocyteWeight;
        init => tpoMegakaryocyteWeight = Guard.InRange(value, 0.0, 1000000.0, nameof(TpoMegakaryocyteWeight), "");
    }

    /// <summary>Extra platelet clearance at disease activity 1 in ITP. Assumption giving about 33e9/L.</summary>
    /// <value>Default 1.2 per day; allowed [0.0, 50.0].</value>
    public double PlateletDestructionMaxPerDay
    {
        get => plateletDestructionMaxPerDay;
        init => plateletDestructionMaxPerDay = Guard.InRange(value, 0.0, 50.0, nameof(PlateletDestructionMaxPerDay), "per day");
    }

    /// <summary>
    /// Fixed platelet requirement for endothelial support: platelets consumed per day independent of the count (Hanson and
    /// Slichter, Blood 1985;66:1105: 7.1×10⁹/L per day), so platelet survival shortens as the count falls (≈ 2–4 days below
    /// 20×10⁹/L) and nadirs after myeloablation are deep. At the set point the mean lifespan stays <see cref="PlateletLifespanDays"/>
    /// (the senescent part is longer); the removal saturates below ≈ 1×10⁹/L. 0 turns it off.
    /// </summary>
    /// <value>Default 7.1 1e9/L per day; allowed [0.0, 50.0].</value>
    public double FixedConsumptionE9PerLiterPerDay
    {
        get => fixedConsumptionE9PerLiterPerDay;
        init => fixedConsumptionE9PerLiterPerDay = Guard.InRange(value, 0.0, 50.0, nameof(FixedConsumptionE9PerLiterPerDay), "1e9/L per day");
    }

    /// <summary>
    /// Platelet count at which the fixed consumption is half its maximum: removal F·P/(P + P_half), so that at very low counts
    /// the loss is proportional to what is left. Assumption, range 1–30: 20 gives the platelet nadir after autologous blood stem cells of Wandt 2006 (below 20 for a median of 6 days, below 10 for 2–3, without prophylactic transfusions).
    /// </summary>
    /// <value>Default 20 1e9/L; allowed [0.01, 200.0].</value>
    public double FixedConsumptionHalfE9PerLiter
    {
        get => fixedConsumptionHalfE9PerLiter;
        init => fixedConsumptionHalfE9PerLiter = Guard.InRange(value, 0.01, 200.0, nameof(FixedConsumptionHalfE9PerLiter), "1e9/L");
    }

    /// <summary>Kinetics of the megakaryocyte progenitor compartment K (feedback signal: TPO-like).</summary>
    /// <value>Division 0.35 per day, self-renewal 0.30 at the set point and 0.38 at most, Hill 1.3 (assumptions; Hill from Colijn–Mackey).</value>
    public ProgenitorKinetics Progenitor { get; init; } = new()
    {
        DivisionRatePerDay = 0.35, SelfRenewalAtSetPoint = 0.30, SelfRenewalMax = 0.38, HillCoefficient = 1.3,
    };
}
