namespace Reconstitution.Physiology;

/// <summary>
/// The derived constants of one patient's model: every rate and threshold solved from the set points
/// so that the untreated patient starts exactly at steady state (docs/model.md §3–§8). Immutable.
/// </summary>
internal sealed class PhysiologyDesign
{
    private const double Ln2 = 0.69314718055994530942;

    /// <summary>Niche and thymic stroma are counted in units where 10⁶ means intact (docs/model.md §3).</summary>
    public const double TissueIntact = 1e6;

    /// <summary>
    /// Sum of the four lineage-progenitor densities X/X* at rest (docs/model.md §4.2): each density is 1 at its set
    /// point by definition, so this is an identity, not a parameter.
    /// </summary>
    public const double LineageDensityAtRest = 4.0;

    /// <summary>Most allogeneic units with their own donor origin (docs/model.md §17).</summary>
    public const int MaxAllogeneicUnits = 4;

    /// <summary>
    /// Allogeneic units the model traces (docs/model.md §17): 0 builds no alloimmune transitions (autologous protocols),
    /// 1 one donor origin shared by every allogeneic unit, ≥ 2 one donor origin per unit with unit-versus-unit competition.
    /// </summary>
    public int AllogeneicUnits { get; }

    public PhysiologyDesign(PhysiologyParameters p, PatientCovariates c, AutoimmunityParameters? auto, int allogeneicUnits = 1)
    {
        if (allogeneicUnits < 0 || allogeneicUnits > MaxAllogeneicUnits)
            throw new ArgumentOutOfRangeException(nameof(allogeneicUnits), allogeneicUnits, $"Parameter 'allogeneicUnits' was {allogeneicUnits}; allowed: [0, {MaxAllogeneicUnits}].");
        AllogeneicUnits = allogeneicUnits;
        P = p;
        Covariates = c;
        Auto = auto;
        Disease = c.Disease;
        var gp = p.Granulopoiesis; var ep = p.Erythropoiesis; var tp = p.Thrombopoiesis;
        var lp = p.Lymphocytes; var th = p.Thymus; var tc = p.TCells; var sp = p.StemCells;

        BloodVolumeLiters = p.BloodVolumeLitersPerKg * c.WeightKg;
        double bv = BloodVolumeLiters;

        // Neutrophils and monocytes (§4.4).
        BloodNeutrophilDeathPerDay = Ln2 / (gp.BloodHalfLifeHours / 24.0);
        BloodNeutrophils = gp.AncSetPointE9PerLiter * 1e9 * bv / gp.CirculatingFraction;
        double fn = BloodNeutrophilDeathPerDay * BloodNeutrophils;
        Monocytes = gp.MonocyteSetPointE9PerLiter * 1e9 * bv;
        MonocyteDeathPerDay = 1.0 / gp.MonocyteLifespanDays;
        double fmo = MonocyteDeathPerDay * Monocytes;
        MonocyteShare = fmo / (fn + fmo);
        NeutrophilReleasePerDay = 1.0 / gp.ReserveDays;
        MarrowNeutrophilReserve = fn * gp.ReserveDays;
        const int nNp = ModelCatalogue.PostMitoticNeutrophilStages, nNm = ModelCatalogue.MitoticNeutrophilStages;
        PostMitoticMaturationPerDay = (double)nNp / gp.PostMitoticDays;
        PostMitoticStageCells = fn * gp.PostMitoticDays / nNp;
        MitoticDivisionPerDay = (double)nNm / gp.MitoticPoolDays;
        double tot = fn + fmo;
        // Each mitotic stage divides once: stage i holds 2^−(n + 1 − i) of the output per day, the progenitors 2^−(n + 1).
        MitoticStageCells = new double[nNm];
        for (int i = 1; i <= nNm; i++) MitoticStageCells[i - 1] = tot / Math.ScaleB(1.0, nNm + 1 - i) / MitoticDivisionPerDay;
        GranulocyteProgenitors = tot / Math.ScaleB(1.0, nNm + 1) / (gp.Progenitor.DivisionRatePerDay * (1 - gp.Progenitor.SelfRenewalAtSetPoint));
        double ig = Influx(gp.Progenitor, GranulocyteProgenitors);
        GranulocyteRenewalThreshold = HillThreshold(BloodNeutrophils, gp.Progenitor);

        // Erythroid (§4.5).
        double hb = c.Sex == BiologicalSex.Male ? ep.HemoglobinSetPointMaleGPerDl : ep.HemoglobinSetPointFemaleGPerDl;
        RedCells = hb * 10.0 / (ep.MeanCellHemoglobinPg * 1e-12) * bv;
        RedCellAgingPerDay = ep.RedCellStages / ep.RedCellLifespanDays;
        double fr = RedCells / ep.RedCellLifespanDays;
        ReticulocyteReleasePerDay = 1.0 / ep.MarrowReticulocyteDays;
        Reticulocytes = fr * ep.MarrowReticulocyteDays;
        const int nEb = ModelCatalogue.ErythroblastStages;
        ErythroblastDivisionPerDay = (double)nEb / ep.ErythroblastDays;
        ErythroblastStageCells = new double[nEb];
        for (int i = 1; i <= nEb; i++) ErythroblastStageCells[i - 1] = fr / Math.ScaleB(1.0, nEb + 1 - i) / ErythroblastDivisionPerDay;
        ErythroidProgenitors = fr / Math.ScaleB(1.0, nEb + 1) / (ep.Progenitor.DivisionRatePerDay * (1 - ep.Progenitor.SelfRenewalAtSetPoint));
        double ie = Influx(ep.Progenitor, ErythroidProgenitors);
        ErythroidRenewalThreshold = HillThreshold(RedCells, ep.Progenitor);

        // Megakaryocytes and platelets (§4.6).
        double pc = tp.PlateletSetPointE9PerLiter * 1e9 * bv;
        Platelets = pc / (1 - tp.SplenicPoolFraction);
        // Hanson–Slichter 1985: removal = senescence + a fixed requirement F·P/(P + P_half); the senescent rate is set so that the
        // mean lifespan at the set point stays PlateletLifespanDays (and so the steady-state production).
        PlateletFixedConsumption = tp.FixedConsumptionE9PerLiterPerDay * 1e9 * bv / (1 - tp.SplenicPoolFraction);
        PlateletFixedHalf = tp.FixedConsumptionHalfE9PerLiter * 1e9 * bv / (1 - tp.SplenicPoolFraction);
        double senescent = 1 / tp.PlateletLifespanDays - PlateletFixedConsumption / (Platelets + PlateletFixedHalf);
        if (senescent <= 0)
            throw new ArgumentOutOfRangeException(nameof(p), $"The fixed platelet consumption ({tp.FixedConsumptionE9PerLiterPerDay} 1e9/L per day) exceeds the turnover at the set point; lower it or the lifespan.");
        PlateletAgingPerDay = tp.PlateletStages * senescent;
        double fp = Platelets / tp.PlateletLifespanDays;
        double mkEvents = fp / tp.PlateletsPerMegakaryocyte;
        MegakaryocyteMaturationPerDay = (double)ModelCatalogue.MegakaryocyteStages / tp.MegakaryocyteDays;
        MegakaryocyteStageCells = mkEvents / MegakaryocyteMaturationPerDay;
        MegakaryocyteProgenitors = mkEvents / (tp.Progenitor.DivisionRatePerDay * (1 - tp.Progenitor.SelfRenewalAtSetPoint));
        double ik = Influx(tp.Progenitor, MegakaryocyteProgenitors);
        MegakaryocyteRenewalThreshold = HillThreshold(Platelets + tp.TpoMegakaryocyteWeight * ModelCatalogue.MegakaryocyteStages * MegakaryocyteStageCells, tp.Progenitor);

        // Lymphocytes (§4.7, §4.9): whole-body pools from blood set points.
        double ul = bv * 1e6;
        BCells = lp.BSetPointPerMicroliter * ul / lp.BloodFractionTAndB;
        NkCells = lp.NkSetPointPerMicroliter * ul / lp.BloodFractionNk;
        NaiveCd4 = tc.NaiveCd4SetPointPerMicroliter * ul / lp.BloodFractionTAndB;
        MemoryCd4 = tc.MemoryCd4SetPointPerMicroliter * ul / lp.BloodFractionTAndB;
        NaiveCd8 = tc.NaiveCd8SetPointPerMicroliter * ul / lp.BloodFractionTAndB;
        MemoryCd8 = tc.MemoryCd8SetPointPerMicroliter * ul / lp.BloodFractionTAndB;
        Treg = tc.TregSetPointPerMicroliter * ul / lp.BloodFractionTAndB;
        double fb = (lp.BDeathPerDay - lp.BProliferationPerDay) * BCells;
        BPrecursorMaturationPerDay = 2.0 / lp.BPrecursorDays;
        EarlyBPrecursors = fb / 2.0 / BPrecursorMaturationPerDay;
        LateBPrecursors = fb / BPrecursorMaturationPerDay;
        double fnk = (lp.NkDeathPerDay - lp.NkProliferationPerDay) * NkCells;
        NkPrecursorMaturationPerDay = 1.0 / lp.NkPrecursorDays;
        NkPrecursors = fnk * lp.NkPrecursorDays;

        double lN4 = Ln2 / (tc.NaiveCd4HalfLifeYears * 365.0);
        double lN8 = Ln2 / (tc.NaiveCd8HalfLifeYears * 365.0);
        MemoryCd4DeathPerDay = Ln2 / (tc.MemoryCd4HalfLifeYears * 365.0);
        MemoryCd8DeathPerDay = Ln2 / (tc.MemoryCd8HalfLifeYears * 365.0);
        double th4 = th.ThymicShareOfNewNaive * lN4 * NaiveCd4;
        double th8 = th.ThymicShareOfNewNaive * lN8 * NaiveCd8;
        double thR = th.TregShareOfCd4Output * th4;
        NaiveCd4ConversionPerDay = tc.NaiveConversionShare * lN4;
        NaiveCd8ConversionPerDay = tc.NaiveConversionShare * lN8;
        NaiveCd4DeathPerDay = lN4 - NaiveCd4ConversionPerDay;
        NaiveCd8DeathPerDay = lN8 - NaiveCd8ConversionPerDay;
        NaiveCd4ProliferationPerDay = lN4 - th4 / NaiveCd4;
        NaiveCd8ProliferationPerDay = lN8 - th8 / NaiveCd8;
        MemoryCd4ProliferationPerDay = MemoryCd4DeathPerDay - NaiveCd4ConversionPerDay * NaiveCd4 / MemoryCd4;
        MemoryCd8ProliferationPerDay = MemoryCd8DeathPerDay - NaiveCd8ConversionPerDay * NaiveCd8 / MemoryCd8;
        TregProliferationPerDay = tc.TregDeathPerDay - thR / Treg;
        double theta40 = th4 + th8 + thR;
        ThymicCd4Share = th4 / theta40; ThymicCd8Share = th8 / theta40; ThymicTregShare = thR / theta40;
        TotalTCells = NaiveCd4 + MemoryCd4 + NaiveCd8 + MemoryCd8 + Treg;
        double a = tc.NaiveMemoryNicheWeight, b = tc.LineageNicheWeight, ab = a * b, m4r = MemoryCd4 + Treg;
        NaiveCd4NicheLoad = NaiveCd4 + a * m4r + b * NaiveCd8 + ab * MemoryCd8;
        MemoryCd4NicheLoad = m4r + a * NaiveCd4 + b * MemoryCd8 + ab * NaiveCd8;
        NaiveCd8NicheLoad = NaiveCd8 + a * MemoryCd8 + b * NaiveCd4 + ab * m4r;
        MemoryCd8NicheLoad = MemoryCd8 + a * NaiveCd8 + b * m4r + ab * NaiveCd4;
        TregFraction = Treg / (NaiveCd4 + MemoryCd4 + Treg);
        if (!(NaiveCd4ProliferationPerDay > 0 && NaiveCd8ProliferationPerDay > 0 && MemoryCd4ProliferationPerDay > 0 && MemoryCd8ProliferationPerDay > 0 && TregProliferationPerDay > 0))
            throw new ArgumentException("The T-cell set points, half-lives and thymic share give a negative homeostatic proliferation rate; " +
                $"naive {NaiveCd4ProliferationPerDay:G3}/{NaiveCd8ProliferationPerDay:G3}, memory {MemoryCd4ProliferationPerDay:G3}/{MemoryCd8ProliferationPerDay:G3}, Treg {TregProliferationPerDay:G3} per day (CD4/CD8). Lower ThymicShareOfNewNaive or NaiveConversionShare.", nameof(p));

        // Thymus (§4.8): output and seeding scale with thymic epithelial space.
        EarlyThymocyteExitPerDay = 1.0 / th.EarlyThymocyteDays;
        LateThymocyteExitPerDay = 1.0 / th.LateThymocyteDays;
        ThymusAgeFactor = th.AgeFactor(c.AgeYears);
        double theta = theta40 * ThymusAgeFactor;
        double j = th.InputOverOutput * theta;
        double seed = j / Math.ScaleB(1.0, th.AmplificationExponent);
        LateThymocytes = theta / LateThymocyteExitPerDay;
        EarlyThymocytes = seed / EarlyThymocyteExitPerDay;
        ThymicCapacity = th.CrowdingDeathPerDay * LateThymocytes * LateThymocytes / (j - theta);

        // Lymphoid progenitor L.
        double lEvents = fb / 2.0 + fnk + seed;
        LymphoidProgenitors = lEvents / (lp.Progenitor.DivisionRatePerDay * (1 - lp.Progenitor.SelfRenewalAtSetPoint));
        double il = Influx(lp.Progenitor, LymphoidProgenitors);
        BCellLymphoidShare = fb / 2.0 / lEvents; NkLymphoidShare = fnk / lEvents; TCellLymphoidShare = seed / lEvents;
        LymphoidRenewalThreshold = HillThreshold(BCells + NkCells, lp.Progenitor);

        // MPP chain lineage split (§4.2).
        double itot = ig + ie + ik + il;
        GranulocyteLineageShare = ig / itot; ErythroidLineageShare = ie / itot; MegakaryocyteLineageShare = ik / itot; LymphoidLineageShare = il / itot;

        // Stem cells (§4.1).
        LongTermStemCells = sp.HscCount;
        HscDifferentiationPerDay = 1.0 / sp.HscDivisionIntervalDays / 2.0;
        HscRenewalMaxPerDay = sp.HscRenewalMaxRatio * HscDifferentiationPerDay;
        HscNicheThreshold = LongTermStemCells / Math.Pow(sp.HscRenewalMaxRatio - 1, 1.0 / sp.HscNicheHill);
        ShortTermStageExitPerDay = 1.0 / sp.ShortTermStageDays;
        double amp = Math.ScaleB(1.0, sp.ShortTermAmplificationExponent);
        ShortTermStemCells1 = HscDifferentiationPerDay * LongTermStemCells * amp / ShortTermStageExitPerDay;
        ShortTermStemCells2 = ShortTermStemCells1 * amp;
        double inM1 = ShortTermStageExitPerDay * ShortTermStemCells2 * 2;

        // Continue probability c* so that the chain delivers the lineage influx (bisection).
        int n = sp.MppStages;
        double need = itot / (inM1 * sp.MppExitAmplification);
        if (!(Exits(0, n) < need && need < Exits(sp.MppContinueMax, n)))
            throw new ArgumentException($"The MPP chain cannot deliver the lineage influx: {need:G4} exits per MPP1 cell are needed, " +
                $"{Exits(0, n):G4}–{Exits(sp.MppContinueMax, n):G4} possible (StemCells.HscCount {sp.HscCount}, MppStages {n}, MppContinueMax {sp.MppContinueMax}).", nameof(p));
        ContinueAtRest = ContinueProbability(need, n, sp.MppContinueMax);
        MppStageCells = new double[n];
        double inflow = inM1;
        for (int i = 0; i < n; i++)
        {
            MppStageCells[i] = inflow / sp.MppDivisionRatePerDay;
            inflow = 4 * ContinueAtRest * sp.MppDivisionRatePerDay * MppStageCells[i];
        }
        MppDensityThreshold = LineageDensityAtRest / Math.Pow(sp.MppContinueMax / ContinueAtRest - 1, 1.0 / sp.MppDensityHill);

        // Autoreactive clone (§4.10, §7).
        if (auto is not null)
        {
            double r = auto.BirthOverDeathAtRest;
            AutoreactiveBirthMaxPerDay = 2.0 * r * auto.DeathPerDay;
            AutoreactiveCapacity = auto.ReferenceBurdenCells / (r - 1.0);
            AntibodyShare = auto.AntibodyActivityShare;
            AntibodyMediated = AntibodyShare > 0;
            AutoreactiveCells = auto.ReferenceBurdenCells;
            AntibodyDecayPerDay = Ln2 / auto.AntibodyHalfLifeDays;
            ShortLivedPlasmaCellDeathPerDay = Ln2 / auto.ShortLivedPlasmaCellHalfLifeDays;
            if (AntibodyMediated)
            {
                // §19: long-lived cells L* = k_L·A*/d_L make the share f of the antibody; short-lived ones S* = L*(1 − f)/f, fed at k_S = S*·d_S/A*.
                PlasmaCells = auto.PlasmaCellRatePerDay * AutoreactiveCells / auto.PlasmaCellDeathPerDay;
                ShortLivedPlasmaCells = PlasmaCells * (1 - auto.LongLivedAntibodyShare) / auto.LongLivedAntibodyShare;
                ShortLivedPlasmaCellRatePerDay = ShortLivedPlasmaCells * ShortLivedPlasmaCellDeathPerDay / AutoreactiveCells;
                Antibody = (PlasmaCells + ShortLivedPlasmaCells) / AntibodyDecayPerDay;
            }
            DriverReference = AntibodyShare >= 1 ? Antibody : AutoreactiveCells;
        }
    }

    public PhysiologyParameters P { get; }
    public PatientCovariates Covariates { get; }
    public AutoimmunityParameters? Auto { get; }
    public AutoimmuneDisease Disease { get; }
    public double BloodVolumeLiters { get; }

    // Neutrophils and monocytes: rates per day, pools in whole-body cells.
    public double BloodNeutrophilDeathPerDay, BloodNeutrophils, Monocytes, MonocyteDeathPerDay,
        MonocyteShare, NeutrophilReleasePerDay, MarrowNeutrophilReserve,
        PostMitoticMaturationPerDay, PostMitoticStageCells, MitoticDivisionPerDay,
        GranulocyteProgenitors, GranulocyteRenewalThreshold;
    public double[] MitoticStageCells;
    // Red cells.
    public double RedCells, RedCellAgingPerDay, ReticulocyteReleasePerDay, Reticulocytes,
        ErythroblastDivisionPerDay, ErythroidProgenitors, ErythroidRenewalThreshold;
    public double[] ErythroblastStageCells;
    // Platelets and megakaryocytes.
    public double Platelets, PlateletAgingPerDay, MegakaryocyteMaturationPerDay,
        MegakaryocyteStageCells, MegakaryocyteProgenitors, MegakaryocyteRenewalThreshold,
        PlateletFixedConsumption, PlateletFixedHalf;
    // Lymphocytes: set-point pools (cells) and precursor rates.
    public double BCells, NkCells, NaiveCd4, MemoryCd4, NaiveCd8, MemoryCd8, Treg,
        BPrecursorMaturationPerDay, EarlyBPrecursors, LateBPrecursors,
        NkPrecursorMaturationPerDay, NkPrecursors;
    // T-cell homeostasis: death, conversion and proliferation rates per day; thymic output shares; IL-7 niche loads.
    public double MemoryCd4DeathPerDay, MemoryCd8DeathPerDay, NaiveCd4ConversionPerDay,
        NaiveCd8ConversionPerDay, NaiveCd4DeathPerDay, NaiveCd8DeathPerDay,
        NaiveCd4ProliferationPerDay, NaiveCd8ProliferationPerDay,
        MemoryCd4ProliferationPerDay, MemoryCd8ProliferationPerDay, TregProliferationPerDay,
        ThymicCd4Share, ThymicCd8Share, ThymicTregShare, TotalTCells, NaiveCd4NicheLoad,
        MemoryCd4NicheLoad, NaiveCd8NicheLoad, MemoryCd8NicheLoad, TregFraction;
    // Thymus.
    public double EarlyThymocyteExitPerDay, LateThymocyteExitPerDay, ThymusAgeFactor, EarlyThymocytes,
        LateThymocytes, ThymicCapacity;
    // Lymphoid progenitors and lineage shares.
    public double LymphoidProgenitors, BCellLymphoidShare, NkLymphoidShare, TCellLymphoidShare,
        LymphoidRenewalThreshold, GranulocyteLineageShare, ErythroidLineageShare,
        MegakaryocyteLineageShare, LymphoidLineageShare;
    // Stem cells and the MPP chain.
    public double LongTermStemCells, HscDifferentiationPerDay, HscRenewalMaxPerDay, HscNicheThreshold,
        ShortTermStageExitPerDay, ShortTermStemCells1, ShortTermStemCells2, ContinueAtRest,
        MppDensityThreshold;
    public double[] MppStageCells;
    // Autoreactive clone, plasma cells, antibody.
    public double AutoreactiveBirthMaxPerDay, AutoreactiveCapacity, AutoreactiveCells, PlasmaCells,
        Antibody, AntibodyDecayPerDay, DriverReference, ShortLivedPlasmaCells, ShortLivedPlasmaCellRatePerDay,
        ShortLivedPlasmaCellDeathPerDay, AntibodyShare;
    public bool AntibodyMediated;

    /// <summary>Net influx (1 − 2q*)·p·X* a progenitor pool needs from the MPP chain at rest.</summary>
    private static double Influx(ProgenitorKinetics k, double pool) => (1 - 2 * k.SelfRenewalAtSetPoint) * k.DivisionRatePerDay * pool;

    /// <summary>θ with q_max·hr(s*; θ, n) = q*.</summary>
    private static double HillThreshold(double signalAtRest, ProgenitorKinetics k) =>
        signalAtRest / Math.Pow(k.SelfRenewalMax / k.SelfRenewalAtSetPoint - 1, 1.0 / k.HillCoefficient);

    /// <summary>
    /// The continue probability c in [0, <paramref name="max"/>] with <see cref="Exits"/>(c) = <paramref name="need"/>: the
    /// midpoint of the bracket that 100 bisection steps leave.
    /// </summary>
    /// <remarks>
    /// Each step is a function of the bracket alone, so once a step leaves it as it was (adjacent doubles, after ≈ 55 steps)
    /// every later step would too: stopping there gives the 100 steps' bracket to the bit, for about half the evaluations.
    /// </remarks>
    internal static double ContinueProbability(double need, int stages, double max)
    {
        double lo = 0, hi = max;
        for (int it = 0; it < 100; it++)
        {
            double mid = 0.5 * (lo + hi), oldLo = lo, oldHi = hi;
            if (ExitsBelow(mid, stages, need)) lo = mid; else hi = mid;
            if (lo == oldLo && hi == oldHi) break;
        }
        return 0.5 * (lo + hi);
    }

    /// <summary>
    /// Relative gap between <see cref="ProductExits"/> and the need beyond which <see cref="ExitsBelow"/> trusts
    /// the product sum's side. Both sums err by far less: every term is ≥ 0 (0 ≤ c ≤ 1, x = 4c), so each sum's
    /// relative error is at most that of its worst term plus ≈ 20 roundings of the sum (20 stages at most): a product power
    /// x^k of k − 1 ≤ 18 roundings, or a pow call (within 1 ulp), times (1 − c) with two more roundings — below 45 units of
    /// 2⁻⁵³ (5·10⁻¹⁵) each, 200 times less than this gap.
    /// </summary>
    internal const double ExitsGap = 1e-12;

    /// <summary>
    /// Whether <see cref="Exits"/>(<paramref name="c"/>, <paramref name="stages"/>) &lt; <paramref name="need"/>, decided by
    /// the product sum <see cref="ProductExits"/> where it lies farther than <see cref="ExitsGap"/> from the need (there both
    /// sums lie on the same side of it), and by <see cref="Exits"/> itself only near the root: the bisection's answer to the
    /// bit, with the pow calls of only its last ≈ 15 of ≈ 55 steps (issue 15: the pow calls were ≈ 18 % of a patient's model build).
    /// </summary>
    private static bool ExitsBelow(double c, int stages, double need)
    {
        double product = ProductExits(c, stages), gap = ExitsGap * Math.Abs(need);
        if (product < need - gap) return true;
        if (product > need + gap) return false;
        return Exits(c, stages) < need;
    }

    /// <summary><see cref="Exits"/> with the powers of x = 4c as running products instead of pow calls (not to the bit: see <see cref="ExitsGap"/>).</summary>
    internal static double ProductExits(double c, int stages)
    {
        double sum = 0, x = 4 * c, power = 1;
        for (int i = 1; i < stages; i++)
        {
            sum += power * (1 - c);
            power *= x;
        }
        return sum + power;
    }

    /// <summary>Lineage exits per cell entering MPP1 when every stage continues with probability c.</summary>
    internal static double Exits(double c, int stages)
    {
        double sum = 0, x = 4 * c;
        for (int i = 1; i < stages; i++) sum += Power(x, i - 1) * (1 - c);
        return sum + Power(x, stages - 1);
    }

    /// <summary>
    /// <c>Math.Pow(x, k)</c> to the bit, without the call for k = 0 and 1 (x⁰ = 1 and x¹ = x are exact, and so is pow: its
    /// error is below one ulp, and the exact result is a double).
    /// </summary>
    private static double Power(double x, int k) => k switch { 0 => 1, 1 => x, _ => Math.Pow(x, k) };
}
