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

    public PhysiologyDesign(PhysiologyParameters p, PatientCovariates c, AutoimmunityParameters? auto)
    {
        P = p;
        Covariates = c;
        Auto = auto;
        Disease = c.Disease;
        var gp = p.Granulopoiesis; var ep = p.Erythropoiesis; var tp = p.Thrombopoiesis;
        var lp = p.Lymphocytes; var th = p.Thymus; var tc = p.TCells; var sp = p.StemCells;

        BloodVolumeLiters = p.BloodVolumeLitersPerKg * c.WeightKg;
        double bv = BloodVolumeLiters;

        // Neutrophils and monocytes (§4.4).
        KN = Ln2 / (gp.BloodHalfLifeHours / 24.0);
        NB = gp.AncSetPointE9PerLiter * 1e9 * bv / gp.CirculatingFraction;
        double fn = KN * NB;
        Mo = gp.MonocyteSetPointE9PerLiter * 1e9 * bv;
        KMo = 1.0 / gp.MonocyteLifespanDays;
        double fmo = KMo * Mo;
        MonocyteShare = fmo / (fn + fmo);
        KR = 1.0 / gp.ReserveDays;
        NR = fn * gp.ReserveDays;
        const int nNp = ModelCatalogue.PostMitoticNeutrophilStages, nNm = ModelCatalogue.MitoticNeutrophilStages;
        KP = (double)nNp / gp.PostMitoticDays;
        NP = fn * gp.PostMitoticDays / nNp;
        KNM = (double)nNm / gp.MitoticPoolDays;
        double tot = fn + fmo;
        // Each mitotic stage divides once: stage i holds 2^−(n + 1 − i) of the output per day, the progenitors 2^−(n + 1).
        NM = new double[nNm];
        for (int i = 1; i <= nNm; i++) NM[i - 1] = tot / Math.Pow(2, nNm + 1 - i) / KNM;
        G = tot / Math.Pow(2, nNm + 1) / (gp.Progenitor.DivisionRatePerDay * (1 - gp.Progenitor.SelfRenewalAtSetPoint));
        double ig = Influx(gp.Progenitor, G);
        ThetaG = HillThreshold(NB, gp.Progenitor);

        // Erythroid (§4.5).
        double hb = c.Sex == BiologicalSex.Male ? ep.HemoglobinSetPointMaleGPerDl : ep.HemoglobinSetPointFemaleGPerDl;
        RedCells = hb * 10.0 / (ep.MeanCellHemoglobinPg * 1e-12) * bv;
        KRbc = ep.RedCellStages / ep.RedCellLifespanDays;
        double fr = RedCells / ep.RedCellLifespanDays;
        KRet = 1.0 / ep.MarrowReticulocyteDays;
        Ret = fr * ep.MarrowReticulocyteDays;
        const int nEb = ModelCatalogue.ErythroblastStages;
        KEB = (double)nEb / ep.ErythroblastDays;
        EB = new double[nEb];
        for (int i = 1; i <= nEb; i++) EB[i - 1] = fr / Math.Pow(2, nEb + 1 - i) / KEB;
        E = fr / Math.Pow(2, nEb + 1) / (ep.Progenitor.DivisionRatePerDay * (1 - ep.Progenitor.SelfRenewalAtSetPoint));
        double ie = Influx(ep.Progenitor, E);
        ThetaE = HillThreshold(RedCells, ep.Progenitor);

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
        KPl = tp.PlateletStages * senescent;
        double fp = Platelets / tp.PlateletLifespanDays;
        double mkEvents = fp / tp.PlateletsPerMegakaryocyte;
        KMK = (double)ModelCatalogue.MegakaryocyteStages / tp.MegakaryocyteDays;
        MK = mkEvents / KMK;
        K = mkEvents / (tp.Progenitor.DivisionRatePerDay * (1 - tp.Progenitor.SelfRenewalAtSetPoint));
        double ik = Influx(tp.Progenitor, K);
        ThetaK = HillThreshold(Platelets + tp.TpoMegakaryocyteWeight * 3 * MK, tp.Progenitor);

        // Lymphocytes (§4.7, §4.9): whole-body pools from blood set points.
        double ul = bv * 1e6;
        B = lp.BSetPointPerMicroliter * ul / lp.BloodFractionTAndB;
        NK = lp.NkSetPointPerMicroliter * ul / lp.BloodFractionNk;
        N4 = tc.NaiveCd4SetPointPerMicroliter * ul / lp.BloodFractionTAndB;
        M4 = tc.MemoryCd4SetPointPerMicroliter * ul / lp.BloodFractionTAndB;
        N8 = tc.NaiveCd8SetPointPerMicroliter * ul / lp.BloodFractionTAndB;
        M8 = tc.MemoryCd8SetPointPerMicroliter * ul / lp.BloodFractionTAndB;
        R = tc.TregSetPointPerMicroliter * ul / lp.BloodFractionTAndB;
        double fb = (lp.BDeathPerDay - lp.BProliferationPerDay) * B;
        KBP = 2.0 / lp.BPrecursorDays;
        BP1 = fb / 2.0 / KBP;
        BP2 = fb / KBP;
        double fnk = (lp.NkDeathPerDay - lp.NkProliferationPerDay) * NK;
        KNKP = 1.0 / lp.NkPrecursorDays;
        NKP = fnk * lp.NkPrecursorDays;

        double lN4 = Ln2 / (tc.NaiveCd4HalfLifeYears * 365.0);
        double lN8 = Ln2 / (tc.NaiveCd8HalfLifeYears * 365.0);
        DM4 = Ln2 / (tc.MemoryCd4HalfLifeYears * 365.0);
        DM8 = Ln2 / (tc.MemoryCd8HalfLifeYears * 365.0);
        double th4 = th.ThymicShareOfNewNaive * lN4 * N4;
        double th8 = th.ThymicShareOfNewNaive * lN8 * N8;
        double thR = th.TregShareOfCd4Output * th4;
        CN4 = tc.NaiveConversionShare * lN4;
        CN8 = tc.NaiveConversionShare * lN8;
        DN4 = lN4 - CN4;
        DN8 = lN8 - CN8;
        PN4 = lN4 - th4 / N4;
        PN8 = lN8 - th8 / N8;
        PM4 = DM4 - CN4 * N4 / M4;
        PM8 = DM8 - CN8 * N8 / M8;
        PR = tc.TregDeathPerDay - thR / R;
        double theta40 = th4 + th8 + thR;
        F4 = th4 / theta40; F8 = th8 / theta40; FR = thR / theta40;
        TotalT = N4 + M4 + N8 + M8 + R;
        double a = tc.NaiveMemoryNicheWeight, b = tc.LineageNicheWeight, ab = a * b, m4r = M4 + R;
        SN4 = N4 + a * m4r + b * N8 + ab * M8;
        SM4 = m4r + a * N4 + b * M8 + ab * N8;
        SN8 = N8 + a * M8 + b * N4 + ab * m4r;
        SM8 = M8 + a * N8 + b * m4r + ab * N4;
        Rho = R / (N4 + M4 + R);
        if (!(PN4 > 0 && PN8 > 0 && PM4 > 0 && PM8 > 0 && PR > 0))
            throw new ArgumentException("The T-cell set points, half-lives and thymic share give a negative homeostatic proliferation rate; " +
                $"naive {PN4:G3}/{PN8:G3}, memory {PM4:G3}/{PM8:G3}, Treg {PR:G3} per day (CD4/CD8). Lower ThymicShareOfNewNaive or NaiveConversionShare.", nameof(p));

        // Thymus (§4.8): output and seeding scale with thymic epithelial space.
        KT1 = 1.0 / th.EarlyThymocyteDays;
        KT2 = 1.0 / th.LateThymocyteDays;
        ThymusAgeFactor = th.AgeFactor(c.AgeYears);
        double theta = theta40 * ThymusAgeFactor;
        double j = th.InputOverOutput * theta;
        double seed = j / Math.Pow(2, th.AmplificationExponent);
        T2 = theta / KT2;
        T1 = seed / KT1;
        ThymicCapacity = th.CrowdingDeathPerDay * T2 * T2 / (j - theta);

        // Lymphoid progenitor L.
        double lEvents = fb / 2.0 + fnk + seed;
        L = lEvents / (lp.Progenitor.DivisionRatePerDay * (1 - lp.Progenitor.SelfRenewalAtSetPoint));
        double il = Influx(lp.Progenitor, L);
        WB = fb / 2.0 / lEvents; WNK = fnk / lEvents; WT = seed / lEvents;
        ThetaL = HillThreshold(B + NK, lp.Progenitor);

        // MPP chain lineage split (§4.2).
        double itot = ig + ie + ik + il;
        WG = ig / itot; WE = ie / itot; WK = ik / itot; WL = il / itot;

        // Stem cells (§4.1).
        H = sp.HscCount;
        Kappa = 1.0 / sp.HscDivisionIntervalDays / 2.0;
        BetaMax = sp.HscRenewalMaxRatio * Kappa;
        ThetaH = H / Math.Pow(sp.HscRenewalMaxRatio - 1, 1.0 / sp.HscNicheHill);
        KS = 1.0 / sp.ShortTermStageDays;
        double amp = Math.Pow(2, sp.ShortTermAmplificationExponent);
        S1 = Kappa * H * amp / KS;
        S2 = S1 * amp;
        double inM1 = KS * S2 * 2;

        // Continue probability c* so that the chain delivers the lineage influx (bisection).
        int n = sp.MppStages;
        double need = itot / (inM1 * sp.MppExitAmplification);
        double lo = 0, hi = sp.MppContinueMax;
        if (!(Exits(lo, n) < need && need < Exits(hi, n)))
            throw new ArgumentException($"The MPP chain cannot deliver the lineage influx: {need:G4} exits per MPP1 cell are needed, " +
                $"{Exits(lo, n):G4}–{Exits(hi, n):G4} possible (StemCells.HscCount {sp.HscCount}, MppStages {n}, MppContinueMax {sp.MppContinueMax}).", nameof(p));
        for (int it = 0; it < 100; it++)
        {
            double mid = 0.5 * (lo + hi);
            if (Exits(mid, n) < need) lo = mid; else hi = mid;
        }
        ContinueAtRest = 0.5 * (lo + hi);
        Mpp = new double[n];
        double inflow = inM1;
        for (int i = 0; i < n; i++)
        {
            Mpp[i] = inflow / sp.MppDivisionRatePerDay;
            inflow = 4 * ContinueAtRest * sp.MppDivisionRatePerDay * Mpp[i];
        }
        ThetaC = LineageDensityAtRest / Math.Pow(sp.MppContinueMax / ContinueAtRest - 1, 1.0 / sp.MppDensityHill);

        // Autoreactive clone (§4.10, §7).
        if (auto is not null)
        {
            double r = auto.BirthOverDeathAtRest;
            AutoBirthMax = 2.0 * r * auto.DeathPerDay;
            AutoCapacity = auto.ReferenceBurdenCells / (r - 1.0);
            AntibodyMediated = AutoimmunityParameters.IsAntibodyMediated(c.Disease);
            A = auto.ReferenceBurdenCells;
            AntibodyDecay = Ln2 / auto.AntibodyHalfLifeDays;
            if (AntibodyMediated)
            {
                PlasmaCells = auto.PlasmaCellRatePerDay * A / auto.PlasmaCellDeathPerDay;
                Antibody = PlasmaCells / AntibodyDecay;
                DriverReference = Antibody;
            }
            else
            {
                DriverReference = A;
            }
        }
    }

    public PhysiologyParameters P { get; }
    public PatientCovariates Covariates { get; }
    public AutoimmunityParameters? Auto { get; }
    public AutoimmuneDisease Disease { get; }
    public double BloodVolumeLiters { get; }

    public double KN, NB, Mo, KMo, MonocyteShare, KR, NR, KP, NP, KNM, G, ThetaG;
    public double[] NM;
    public double RedCells, KRbc, KRet, Ret, KEB, E, ThetaE;
    public double[] EB;
    public double Platelets, KPl, KMK, MK, K, ThetaK, PlateletFixedConsumption, PlateletFixedHalf;

    public double B, NK, N4, M4, N8, M8, R, KBP, BP1, BP2, KNKP, NKP;
    public double DM4, DM8, CN4, CN8, DN4, DN8, PN4, PN8, PM4, PM8, PR, F4, F8, FR, TotalT, SN4, SM4, SN8, SM8, Rho;
    public double KT1, KT2, ThymusAgeFactor, T1, T2, ThymicCapacity;
    public double L, WB, WNK, WT, ThetaL, WG, WE, WK, WL;
    public double H, Kappa, BetaMax, ThetaH, KS, S1, S2, ContinueAtRest, ThetaC;
    public double[] Mpp;
    public double AutoBirthMax, AutoCapacity, A, PlasmaCells, Antibody, AntibodyDecay, DriverReference;
    public bool AntibodyMediated;

    /// <summary>Net influx (1 − 2q*)·p·X* a progenitor pool needs from the MPP chain at rest.</summary>
    private static double Influx(ProgenitorKinetics k, double pool) => (1 - 2 * k.SelfRenewalAtSetPoint) * k.DivisionRatePerDay * pool;

    /// <summary>θ with q_max·hr(s*; θ, n) = q*.</summary>
    private static double HillThreshold(double signalAtRest, ProgenitorKinetics k) =>
        signalAtRest / Math.Pow(k.SelfRenewalMax / k.SelfRenewalAtSetPoint - 1, 1.0 / k.HillCoefficient);

    /// <summary>Lineage exits per cell entering MPP1 when every stage continues with probability c.</summary>
    private static double Exits(double c, int stages)
    {
        double sum = 0;
        for (int i = 1; i < stages; i++) sum += Math.Pow(4 * c, i - 1) * (1 - c);
        return sum + Math.Pow(4 * c, stages - 1);
    }
}
