using Reconstitution.Validation;

namespace Reconstitution.Physiology;

/// <summary>
/// How one infused CD34+ cell of a graft source splits into model compartments, with its homing factor and T-cell content. Immutable and thread-safe.
/// </summary>
/// <remarks>
/// Fractions per CD34+ cell (docs/model.md §11): CD34+CD38− 4.4 / 5.3 / 5.9 %, CD34+CD33+ 28 / 67 / 57
/// % and CD34+CD19+ 35 / 5.6 / 4.7 % in bone marrow, mobilised blood and cord blood (comparison of
/// CD34+ subsets, synapse.koreamed.org article 1018998); LT-HSC per CD34+ from SCID-repopulating-cell
/// frequencies (Wang, Doedens and Dick, Blood 1997) with assumed CD34+ contents; cord CD34+ home less
/// (Christopherson et al., Science 2004). Use the static members for the three sources. The MPP share
/// is spread evenly over stages FirstMppStage..LastMppStage of the generation chain.
/// Every value is checked when set: an out-of-range value throws <see cref="ArgumentOutOfRangeException"/>
/// naming the property, its value and the allowed range.
/// </remarks>
public sealed record GraftComposition
{
    private readonly double hscPerCd34 = 3e-06;
    private readonly double mppFraction = 0.05;
    private readonly int firstMppStage = 1;
    private readonly int lastMppStage = 3;
    private readonly double granulocyteProgenitorFraction = 0.6;
    private readonly double erythroidProgenitorFraction = 0.25;
    private readonly double megakaryocyteProgenitorFraction = 0.02;
    private readonly double lymphoidProgenitorFraction = 0.056;
    private readonly double homingFactor = 1.0;
    private readonly double cd3PerCd34 = 40.0;
    private readonly double totalNucleatedPerCd34 = 120.0;
    private readonly double accessoryShareOfTnc = 0.7;

    /// <summary>LT-HSC per infused CD34+ cell.</summary>
    /// <value>Default 3e-06; allowed [0.0, 0.01].</value>
    public double HscPerCd34
    {
        get => hscPerCd34;
        init => hscPerCd34 = Guard.InRange(value, 0.0, 0.01, nameof(HscPerCd34), "");
    }

    /// <summary>Share of CD34+ cells that enter the MPP chain (CD34+CD38−).</summary>
    /// <value>Default 0.05; allowed [0.0, 1.0].</value>
    public double MppFraction
    {
        get => mppFraction;
        init => mppFraction = Guard.InRange(value, 0.0, 1.0, nameof(MppFraction), "");
    }

    /// <summary>First MPP stage the graft MPPs enter (1 = most primitive).</summary>
    /// <value>Default 1; allowed [1, 20].</value>
    public int FirstMppStage
    {
        get => firstMppStage;
        init => firstMppStage = (int)Guard.InRange(value, 1L, 20L, nameof(FirstMppStage));
    }

    /// <summary>Last MPP stage the graft MPPs enter.</summary>
    /// <value>Default 3; allowed [1, 20].</value>
    public int LastMppStage
    {
        get => lastMppStage;
        init => lastMppStage = (int)Guard.InRange(value, 1L, 20L, nameof(LastMppStage));
    }

    /// <summary>Share of CD34+ cells that are granulocyte–macrophage progenitors (G).</summary>
    /// <value>Default 0.6; allowed [0.0, 1.0].</value>
    public double GranulocyteProgenitorFraction
    {
        get => granulocyteProgenitorFraction;
        init => granulocyteProgenitorFraction = Guard.InRange(value, 0.0, 1.0, nameof(GranulocyteProgenitorFraction), "");
    }

    /// <summary>Share of CD34+ cells that are erythroid progenitors (E).</summary>
    /// <value>Default 0.25; allowed [0.0, 1.0].</value>
    public double ErythroidProgenitorFraction
    {
        get => erythroidProgenitorFraction;
        init => erythroidProgenitorFraction = Guard.InRange(value, 0.0, 1.0, nameof(ErythroidProgenitorFraction), "");
    }

    /// <summary>Share of CD34+ cells that are megakaryocyte progenitors (K).</summary>
    /// <value>Default 0.02; allowed [0.0, 1.0].</value>
    public double MegakaryocyteProgenitorFraction
    {
        get => megakaryocyteProgenitorFraction;
        init => megakaryocyteProgenitorFraction = Guard.InRange(value, 0.0, 1.0, nameof(MegakaryocyteProgenitorFraction), "");
    }

    /// <summary>Share of CD34+ cells that are lymphoid progenitors (L).</summary>
    /// <value>Default 0.056; allowed [0.0, 1.0].</value>
    public double LymphoidProgenitorFraction
    {
        get => lymphoidProgenitorFraction;
        init => lymphoidProgenitorFraction = Guard.InRange(value, 0.0, 1.0, nameof(LymphoidProgenitorFraction), "");
    }

    /// <summary>Source-specific factor on the patient's homing efficiency.</summary>
    /// <value>Default 1; allowed [0.0, 1.0].</value>
    public double HomingFactor
    {
        get => homingFactor;
        init => homingFactor = Guard.InRange(value, 0.0, 1.0, nameof(HomingFactor), "");
    }

    /// <summary>CD3+ T cells per CD34+ cell in the unmanipulated product. Assumption.</summary>
    /// <value>Default 40; allowed [0.0, 10000.0].</value>
    public double Cd3PerCd34
    {
        get => cd3PerCd34;
        init => cd3PerCd34 = Guard.InRange(value, 0.0, 10000.0, nameof(Cd3PerCd34), "");
    }

    /// <summary>Total nucleated cells per CD34+ cell of a typical product, used when a graft gives no TNC dose (docs/model.md §17:
    /// the TNC beyond CD34+ and CD3+ cells are accessory targets of host effectors). Mobilised blood ≈ 120 (8–10×10⁸ TNC and
    /// 5–8×10⁶ CD34+/kg), marrow ≈ 100 (2–4×10⁸ TNC, 2–3×10⁶ CD34+/kg), cord blood ≈ 150 (3×10⁷ TNC, 2×10⁵ CD34+/kg; Barker 2005).</summary>
    /// <value>Default 120; allowed [0, 10000].</value>
    public double TotalNucleatedPerCd34
    {
        get => totalNucleatedPerCd34;
        init => totalNucleatedPerCd34 = Guard.InRange(value, 0.0, 10000.0, nameof(TotalNucleatedPerCd34), "");
    }

    /// <summary>Share of the total nucleated cells that are accessory cells, neither CD34+ nor T cells (monocytes, granulocytes, B and
    /// NK cells): about 0.7 of mobilised blood (T cells ≈ 25–30 % of TNC), 0.8 of marrow (T cells 10–20 %), 0.75 of cord blood (CD3+
    /// ≈ 20–25 % of TNC). Assumption from typical product phenotypes; docs/model.md §17.</summary>
    /// <value>Default 0.7; allowed [0, 1].</value>
    public double AccessoryShareOfTnc
    {
        get => accessoryShareOfTnc;
        init => accessoryShareOfTnc = Guard.InRange(value, 0.0, 1.0, nameof(AccessoryShareOfTnc), "");
    }

    /// <summary>G-CSF-mobilised peripheral blood stem cells.</summary>
    public static GraftComposition PeripheralBlood { get; } = new();

    /// <summary>Bone marrow harvest: fewer myeloid and erythroid, more B-lymphoid progenitors per CD34+ cell.</summary>
    public static GraftComposition BoneMarrow { get; } = new()
    {
        HscPerCd34 = 3.3e-6, MppFraction = 0.044, GranulocyteProgenitorFraction = 0.28, ErythroidProgenitorFraction = 0.15,
        MegakaryocyteProgenitorFraction = 0.03, LymphoidProgenitorFraction = 0.35, Cd3PerCd34 = 10.0, TotalNucleatedPerCd34 = 100.0, AccessoryShareOfTnc = 0.8,
    };

    /// <summary>Umbilical cord blood: more LT-HSC per CD34+ cell, primitive MPPs (first stage), lower homing.</summary>
    public static GraftComposition CordBlood { get; } = new()
    {
        HscPerCd34 = 2.4e-5, MppFraction = 0.06, FirstMppStage = 1, LastMppStage = 1, GranulocyteProgenitorFraction = 0.55,
        ErythroidProgenitorFraction = 0.25, MegakaryocyteProgenitorFraction = 0.04, LymphoidProgenitorFraction = 0.10,
        HomingFactor = 0.4, Cd3PerCd34 = 100.0, TotalNucleatedPerCd34 = 150.0, AccessoryShareOfTnc = 0.75,
    };

    /// <summary>Throws <see cref="ArgumentException"/> if the stages are out of order or the fractions exceed 1.</summary>
    internal void Validate()
    {
        if (FirstMppStage > LastMppStage)
            throw new ArgumentException($"FirstMppStage ({FirstMppStage}) must not exceed LastMppStage ({LastMppStage}).", nameof(FirstMppStage));
        double sum = MppFraction + GranulocyteProgenitorFraction + ErythroidProgenitorFraction
            + MegakaryocyteProgenitorFraction + LymphoidProgenitorFraction;
        if (sum > 1.0 + 1e-9)
            throw new ArgumentException($"The CD34+ fractions sum to {sum}; allowed range: [0, 1].", nameof(MppFraction));
    }
}
