using System.Globalization;
using Reconstitution.Compartments;

namespace Reconstitution.Physiology;

/// <summary>
/// Writes the reaction network of docs/model.md §3–§6 from a <see cref="PhysiologyDesign"/>: every
/// compartment twice (host prefix <c>h</c>, donor prefix <c>d</c>) plus the shared host tissues and
/// autoimmunity, and the feedback laws of §5 as shared derived signals (§14: computed once per
/// propensity update, not once per transition).
/// </summary>
internal static class PhysiologyNetworkBuilder
{
    /// <summary>Parameter: exogenous G-CSF-like stimulation in [0, 1] (0 none, 1 maximal), set by <see cref="Patient.ApplyGcsf"/>.</summary>
    public const string GcsfExogenousParameter = "gcsf.exogenous";

    /// <summary>Parameter: maximal death rate (d⁻¹) of host T cells from alloreactive donor T cells (graft-versus-host
    /// lymphohematopoiesis); the rate is this × ΣdT/(ΣdT + <see cref="GvhHalfParameter"/>). 0 (off) until an allograft is given.</summary>
    public const string GvhRateParameter = "gvh.rate";

    /// <summary>Parameter: donor T cells (whole-body count, CD4 + CD8 + Treg) at half the graft-versus-host kill rate.</summary>
    public const string GvhHalfParameter = "gvh.half";

    /// <summary>Parameter: maximal death rate (d⁻¹) of the autoreactive clone from donor T cells (graft-versus-autoimmunity);
    /// the rate is this × the donor share of T cells. 0 (off) until an allograft is given.</summary>
    public const string GvaRateParameter = "gva.rate";

    /// <summary>The kill groups that accept a time-dependent extra death rate (antibody-like agents such as ATG).</summary>
    public static readonly KillGroup[] ExtraDeathGroups =
        [KillGroup.TCells, KillGroup.Treg, KillGroup.BCells, KillGroup.NkCells, KillGroup.Autoreactive];

    /// <summary>Concurrent extra-death courses per group (each with its own kinetics).</summary>
    public const int ExtraDeathSlots = 2;

    private static readonly string[] Origins = ["h", "d"];

    public static string ExtraDeathSignal(KillGroup g) => "extraDeath." + g;

    public static string ExtraDeathParameter(KillGroup g, int slot, string field) =>
        string.Create(CultureInfo.InvariantCulture, $"extraDeath.{g}.{slot}.{field}");

    public static ReactionNetwork Build(PhysiologyDesign d)
    {
        var p = d.P;
        var sp = p.StemCells; var gp = p.Granulopoiesis; var ep = p.Erythropoiesis; var tp = p.Thrombopoiesis;
        var lp = p.Lymphocytes; var th = p.Thymus; var tc = p.TCells;
        int nM = sp.MppStages, nR = ep.RedCellStages, nP = tp.PlateletStages;
        var b = new ReactionNetworkBuilder();

        static string N(string stem, int i) => stem + i.ToString(CultureInfo.InvariantCulture);
        string[] Both(params string[] names)
        {
            var list = new List<string>();
            foreach (string o in Origins) foreach (string n in names) list.Add(o + n);
            return [.. list];
        }
        string[] Stages(string stem, int count)
        {
            var a = new string[count];
            for (int i = 0; i < count; i++) a[i] = N(stem, i + 1);
            return a;
        }

        // ---- Compartments (§3) ----
        const CompartmentMode C = CompartmentMode.Continuous;
        foreach (string o in Origins)
        {
            double f = o == "h" ? 1 : 0;
            b.Compartment(o + "H", f * d.H, CompartmentMode.Dynamic);
            b.Compartment(o + "S1", f * d.S1, C).Compartment(o + "S2", f * d.S2, C);
            for (int i = 0; i < nM; i++) b.Compartment(N(o + "MPP", i + 1), f * d.Mpp[i], C);
            b.Compartment(o + "G", f * d.G, C).Compartment(o + "E", f * d.E, C).Compartment(o + "K", f * d.K, C).Compartment(o + "L", f * d.L, C);
            for (int i = 0; i < 4; i++) b.Compartment(N(o + "NM", i + 1), f * d.NM[i], C);
            for (int i = 0; i < 3; i++) b.Compartment(N(o + "NP", i + 1), f * d.NP, C);
            b.Compartment(o + "NR", f * d.NR, C).Compartment(o + "NB", f * d.NB, C).Compartment(o + "Mo", f * d.Mo, C);
            for (int i = 0; i < 4; i++) b.Compartment(N(o + "EB", i + 1), f * d.EB[i], C);
            b.Compartment(o + "Ret", f * d.Ret, C);
            for (int i = 0; i < nR; i++) b.Compartment(N(o + "RBC", i + 1), f * d.RedCells / nR, C);
            for (int i = 0; i < 3; i++) b.Compartment(N(o + "MK", i + 1), f * d.MK, C);
            for (int i = 0; i < nP; i++) b.Compartment(N(o + "PLT", i + 1), f * d.Platelets / nP, C);
            b.Compartment(o + "BP1", f * d.BP1, C).Compartment(o + "BP2", f * d.BP2, C).Compartment(o + "B", f * d.B, C);
            b.Compartment(o + "NKP", f * d.NKP, C).Compartment(o + "NK", f * d.NK, C);
            b.Compartment(o + "T1", f * d.T1, C).Compartment(o + "T2", f * d.T2, C);
            b.Compartment(o + "N4", f * d.N4, C).Compartment(o + "M4", f * d.M4, C).Compartment(o + "N8", f * d.N8, C)
                .Compartment(o + "M8", f * d.M8, C).Compartment(o + "R", f * d.R, C);
        }
        b.Compartment("Thy", PhysiologyDesign.TissueIntact, C);
        b.Compartment("Niche", PhysiologyDesign.TissueIntact, C);
        b.Compartment("A", d.Auto is null ? 0 : d.A, CompartmentMode.Dynamic);
        b.Compartment("PC", d.AntibodyMediated ? d.PlasmaCells : 0, C);
        b.Compartment("Ab", d.AntibodyMediated ? d.Antibody : 0, C);

        // ---- Run-time parameters (hooks) ----
        b.Parameter(GcsfExogenousParameter, 0);
        b.Parameter(GvhRateParameter, 0).Parameter(GvhHalfParameter, 1).Parameter(GvaRateParameter, 0);
        foreach (var g in ExtraDeathGroups)
            for (int k = 0; k < ExtraDeathSlots; k++)
            {
                b.Parameter(ExtraDeathParameter(g, k, "max"), 0).Parameter(ExtraDeathParameter(g, k, "conc"), 0)
                 .Parameter(ExtraDeathParameter(g, k, "start"), 0).Parameter(ExtraDeathParameter(g, k, "ec50"), 1)
                 .Parameter(ExtraDeathParameter(g, k, "halfLife"), 1);
            }

        // ---- Signals (§5): each is computed once per propensity update ----
        AddSignals(b, d, Both, Stages);

        // ---- Transitions (§4) ----
        double aS = Math.Pow(2, sp.ShortTermAmplificationExponent);
        int ampS = checked((int)aS);
        foreach (string o in Origins)
        {
            // §4.1 stem cells.
            b.Transition(o + "H.renew", t => t.Consumes(o + "H").Produces(o + "H", 2).MassAction(1.0).ModulatedBy("niche.hscRenewal"));
            b.Transition(o + "H.diff", t => t.Consumes(o + "H").Produces(o + "S1", ampS).MassAction(d.Kappa));
            b.Transition(o + "S1.out", t => t.Consumes(o + "S1").Produces(o + "S2", ampS).MassAction(d.KS));
            b.Transition(o + "S2.out", t => t.Consumes(o + "S2").Produces(o + "MPP1", 2).MassAction(d.KS));
            // §4.2 MPP generation chain.
            for (int i = 1; i <= nM; i++)
            {
                string mi = N(o + "MPP", i);
                if (i < nM)
                    b.Transition(mi + ".cont", t => t.Consumes(mi).Produces(N(o + "MPP", i + 1), 4).MassAction(sp.MppDivisionRatePerDay).ModulatedBy("mpp.continue"));
                foreach (var (lin, w) in new[] { ("G", d.WG), ("E", d.WE), ("K", d.WK), ("L", d.WL) })
                    b.Transition(mi + ".to" + lin, t =>
                    {
                        t.Consumes(mi).Produces(o + lin, sp.MppExitAmplification).MassAction(w * sp.MppDivisionRatePerDay);
                        if (i < nM) t.ModulatedBy("mpp.exit");
                    });
            }
            // §4.3 lineage progenitors.
            b.Transition(o + "G.renew", t => t.Consumes(o + "G").Produces(o + "G", 2).MassAction(gp.Progenitor.DivisionRatePerDay).ModulatedBy("gcsf.renewG"));
            b.Transition(o + "G.diff", t => t.Consumes(o + "G").Produces(o + "NM1", 2).MassAction(gp.Progenitor.DivisionRatePerDay).ModulatedBy("gcsf.diffG"));
            b.Transition(o + "E.renew", t => t.Consumes(o + "E").Produces(o + "E", 2).MassAction(ep.Progenitor.DivisionRatePerDay).ModulatedBy("epo.renewE"));
            b.Transition(o + "E.diff", t => t.Consumes(o + "E").Produces(o + "EB1", 2).MassAction(ep.Progenitor.DivisionRatePerDay).ModulatedBy("epo.diffE"));
            b.Transition(o + "K.renew", t => t.Consumes(o + "K").Produces(o + "K", 2).MassAction(tp.Progenitor.DivisionRatePerDay).ModulatedBy("tpo.renewK"));
            b.Transition(o + "K.diff", t => t.Consumes(o + "K").Produces(o + "MK1").MassAction(tp.Progenitor.DivisionRatePerDay).ModulatedBy("tpo.diffK"));
            double pL = lp.Progenitor.DivisionRatePerDay;
            b.Transition(o + "L.renew", t => t.Consumes(o + "L").Produces(o + "L", 2).MassAction(pL).ModulatedBy("il7.renewL"));
            b.Transition(o + "L.toBP1", t => t.Consumes(o + "L").Produces(o + "BP1").MassAction(d.WB * pL).ModulatedBy("il7.diffL"));
            b.Transition(o + "L.toNKP", t => t.Consumes(o + "L").Produces(o + "NKP").MassAction(d.WNK * pL).ModulatedBy("il7.diffL"));
            b.Transition(o + "L.toT1", t => t.Consumes(o + "L").Produces(o + "T1").MassAction(d.WT * pL).ModulatedBy("il7.diffL"));
            // §4.4 neutrophils and monocytes.
            for (int i = 1; i <= 3; i++)
            {
                string x = N(o + "NM", i), next = N(o + "NM", i + 1);
                b.Transition(x + ".div", t => t.Consumes(x).Produces(next, 2).MassAction(d.KNM).ModulatedBy("gcsf.mitotic"));
            }
            b.Transition(o + "NM4.toNP", t => t.Consumes(o + "NM4").Produces(o + "NP1", 2).MassAction((1 - d.MonocyteShare) * d.KNM).ModulatedBy("gcsf.mitotic"));
            b.Transition(o + "NM4.toMo", t => t.Consumes(o + "NM4").Produces(o + "Mo", 2).MassAction(d.MonocyteShare * d.KNM).ModulatedBy("gcsf.mitotic"));
            for (int i = 1; i <= 3; i++)
            {
                string x = N(o + "NP", i), next = i < 3 ? N(o + "NP", i + 1) : o + "NR";
                b.Transition(x + ".mat", t => t.Consumes(x).Produces(next).MassAction(d.KP).ModulatedBy("gcsf.maturation"));
            }
            b.Transition(o + "NR.release", t => t.Consumes(o + "NR").Produces(o + "NB").MassAction(d.KR).ModulatedBy("gcsf.release"));
            b.Transition(o + "NB.death", t => t.Consumes(o + "NB").MassAction(d.KN));
            b.Transition(o + "Mo.death", t => t.Consumes(o + "Mo").MassAction(d.KMo));
            // §4.5 erythroid.
            for (int i = 1; i <= 4; i++)
            {
                string x = N(o + "EB", i), next = i < 4 ? N(o + "EB", i + 1) : o + "Ret";
                b.Transition(x + ".div", t => t.Consumes(x).Produces(next, 2).MassAction(d.KEB));
            }
            b.Transition(o + "Ret.out", t => t.Consumes(o + "Ret").Produces(o + "RBC1").MassAction(d.KRet));
            AddAgeChain(b, o + "RBC", nR, d.KRbc,
                d.Disease == AutoimmuneDisease.AutoimmuneHemolyticAnemia ? (".lysis", "disease.hemolysis") : null);
            // §4.6 megakaryocytes and platelets.
            for (int i = 1; i <= 3; i++)
            {
                string x = N(o + "MK", i);
                int stage = i;
                b.Transition(x + ".mat", t =>
                {
                    t.Consumes(x).MassAction(d.KMK);
                    if (stage < 3) t.Produces(N(o + "MK", stage + 1));
                    else t.Produces(o + "PLT1", tp.PlateletsPerMegakaryocyte);
                });
            }
            AddAgeChain(b, o + "PLT", nP, d.KPl,
                d.Disease == AutoimmuneDisease.ImmuneThrombocytopenia ? (".destroy", "disease.plateletDestruction") : null);
            // Fixed requirement for endothelial support (Hanson–Slichter 1985): per-platelet rate F/(P + P_half), P all platelets.
            if (d.PlateletFixedConsumption > 0)
                for (int i = 1; i <= nP; i++)
                {
                    string x = N(o + "PLT", i);
                    b.Transition(x + ".fixed", t => t.Consumes(x).MassAction(1.0).ModulatedBy("platelet.fixed"));
                }
            // §4.7 B and NK cells.
            b.Transition(o + "BP1.div", t => t.Consumes(o + "BP1").Produces(o + "BP2", 2).MassAction(d.KBP));
            b.Transition(o + "BP2.out", t => t.Consumes(o + "BP2").Produces(o + "B").MassAction(d.KBP));
            b.Transition(o + "B.prolif", t => t.Consumes(o + "B").Produces(o + "B", 2).MassAction(lp.BProliferationPerDay).ModulatedBy("baff.B"));
            b.Transition(o + "B.death", t => t.Consumes(o + "B").MassAction(lp.BDeathPerDay));
            b.Transition(o + "B.extraDeath", t => t.Consumes(o + "B").MassAction(1.0).ModulatedBy(ExtraDeathSignal(KillGroup.BCells)));
            b.Transition(o + "NKP.out", t => t.Consumes(o + "NKP").Produces(o + "NK").MassAction(d.KNKP));
            b.Transition(o + "NK.prolif", t => t.Consumes(o + "NK").Produces(o + "NK", 2).MassAction(lp.NkProliferationPerDay).ModulatedBy("il15.NK"));
            b.Transition(o + "NK.death", t => t.Consumes(o + "NK").MassAction(lp.NkDeathPerDay));
            b.Transition(o + "NK.extraDeath", t => t.Consumes(o + "NK").MassAction(1.0).ModulatedBy(ExtraDeathSignal(KillGroup.NkCells)));
            // §4.8 thymus.
            int ampT = checked((int)Math.Pow(2, th.AmplificationExponent));
            b.Transition(o + "T1.out", t => t.Consumes(o + "T1").Produces(o + "T2", ampT).MassAction(d.KT1));
            b.Transition(o + "T2.select", t => t.Consumes(o + "T2").MassAction(1.0).ModulatedBy("thymus.crowding"));
            b.Transition(o + "T2.toN4", t => t.Consumes(o + "T2").Produces(o + "N4").MassAction(d.F4 * d.KT2));
            b.Transition(o + "T2.toN8", t => t.Consumes(o + "T2").Produces(o + "N8").MassAction(d.F8 * d.KT2));
            b.Transition(o + "T2.toR", t => t.Consumes(o + "T2").Produces(o + "R").MassAction(d.FR * d.KT2));
            // §4.9 peripheral T cells.
            string xT = ExtraDeathSignal(KillGroup.TCells);
            b.Transition(o + "N4.prolif", t => t.Consumes(o + "N4").Produces(o + "N4", 2).MassAction(d.PN4).ModulatedBy("il7.N4"));
            b.Transition(o + "N4.death", t => t.Consumes(o + "N4").MassAction(d.DN4));
            b.Transition(o + "N4.toM4", t => t.Consumes(o + "N4").Produces(o + "M4").MassAction(d.CN4));
            b.Transition(o + "N4.extraDeath", t => t.Consumes(o + "N4").MassAction(1.0).ModulatedBy(xT));
            b.Transition(o + "M4.prolif", t => t.Consumes(o + "M4").Produces(o + "M4", 2).MassAction(d.PM4).ModulatedBy("il7.M4"));
            b.Transition(o + "M4.death", t => t.Consumes(o + "M4").MassAction(d.DM4));
            b.Transition(o + "M4.extraDeath", t => t.Consumes(o + "M4").MassAction(1.0).ModulatedBy(xT));
            b.Transition(o + "N8.prolif", t => t.Consumes(o + "N8").Produces(o + "N8", 2).MassAction(d.PN8).ModulatedBy("il7.N8"));
            b.Transition(o + "N8.death", t => t.Consumes(o + "N8").MassAction(d.DN8));
            b.Transition(o + "N8.toM8", t => t.Consumes(o + "N8").Produces(o + "M8").MassAction(d.CN8));
            b.Transition(o + "N8.extraDeath", t => t.Consumes(o + "N8").MassAction(1.0).ModulatedBy(xT));
            b.Transition(o + "M8.prolif", t => t.Consumes(o + "M8").Produces(o + "M8", 2).MassAction(d.PM8).ModulatedBy("il7.M8"));
            b.Transition(o + "M8.death", t => t.Consumes(o + "M8").MassAction(d.DM8));
            b.Transition(o + "M8.extraDeath", t => t.Consumes(o + "M8").MassAction(1.0).ModulatedBy(xT));
            b.Transition(o + "R.prolif", t => t.Consumes(o + "R").Produces(o + "R", 2).MassAction(d.PR).ModulatedBy("il2.R"));
            b.Transition(o + "R.death", t => t.Consumes(o + "R").MassAction(tc.TregDeathPerDay));
            b.Transition(o + "R.extraDeath", t => t.Consumes(o + "R").MassAction(1.0).ModulatedBy(ExtraDeathSignal(KillGroup.Treg)));
        }
        // Graft-versus-host lymphohematopoiesis: donor T cells eliminate host T cells (host compartments only).
        foreach (string x in new[] { "N4", "M4", "R", "N8", "M8" })
            b.Transition("h" + x + ".gvh", t => t.Consumes("h" + x).MassAction(1.0).ModulatedBy("gvh.kill"));
        // Host tissues: logistic regrowth after damage.
        b.Transition("Thy.regrow", t => t.Consumes("Thy").Produces("Thy", 2).MassAction(1.0).ModulatedBy("thymus.regrowth"));
        b.Transition("Niche.regrow", t => t.Consumes("Niche").Produces("Niche", 2).MassAction(1.0).ModulatedBy("niche.regrowth"));
        // §4.10 autoreactive clone, plasma cells, antibody.
        if (d.Auto is not null)
        {
            var au = d.Auto;
            b.Transition("A.birth", t => t.Consumes("A").Produces("A", 2).MassAction(1.0).ModulatedBy("auto.birth"));
            b.Transition("A.death", t => t.Consumes("A").MassAction(au.DeathPerDay));
            b.Transition("A.extraDeath", t => t.Consumes("A").MassAction(1.0).ModulatedBy(ExtraDeathSignal(KillGroup.Autoreactive)));
            b.Transition("A.gva", t => t.Consumes("A").MassAction(1.0).ModulatedBy("gva.kill"));
            if (d.AntibodyMediated)
            {
                b.Transition("A.toPC", t => t.Consumes("A").Produces("A").Produces("PC").MassAction(au.PlasmaCellRatePerDay));
                b.Transition("PC.death", t => t.Consumes("PC").MassAction(au.PlasmaCellDeathPerDay));
                b.Transition("PC.secrete", t => t.Consumes("PC").Produces("PC").Produces("Ab").MassAction(1.0));
                b.Transition("Ab.decay", t => t.Consumes("Ab").MassAction(d.AntibodyDecay));
            }
        }
        return b.Build();
    }

    private static double Hr(double x, double k, double n) => x <= 0 ? 1 : 1 / (1 + Pow(x / k, n));

    /// <summary>Normalised repressor g(s; s*, g_max, n) = g_max/(1 + (g_max − 1)(s/s*)ⁿ): 1 at s*, g_max at 0 (docs/model.md §4).</summary>
    private static double G(double x, double xStar, double gMax, double n) =>
        gMax / (1 + (gMax - 1) * Pow(Math.Max(x, 0) / xStar, n));

    private static double Pow(double r, double n) => n == 2 ? r * r : n == 1 ? r : Math.Pow(r, n);

    /// <summary>
    /// A chain of circulating age stages removed by age (Erlang residence, docs/model.md §4.5–§4.6), plus, when an
    /// antibody disease targets these cells, an extra clearance of every stage modulated by the disease signal.
    /// </summary>
    private static void AddAgeChain(ReactionNetworkBuilder b, string prefix, int stages, double agingPerDay,
        (string Suffix, string Signal)? clearance)
    {
        for (int i = 1; i <= stages; i++)
        {
            string x = prefix + i.ToString(CultureInfo.InvariantCulture);
            int stage = i;
            b.Transition(x + ".age", t =>
            {
                t.Consumes(x).MassAction(agingPerDay);
                if (stage < stages) t.Produces(prefix + (stage + 1).ToString(CultureInfo.InvariantCulture));
            });
            if (clearance is { } c)
                b.Transition(x + c.Suffix, t => t.Consumes(x).MassAction(1.0).ModulatedBy(c.Signal));
        }
    }

    private static void AddSignals(ReactionNetworkBuilder b, PhysiologyDesign d, Func<string[], string[]> both, Func<string, int, string[]> stages)
    {
        var p = d.P;
        var sp = p.StemCells; var gp = p.Granulopoiesis; var ep = p.Erythropoiesis; var tp = p.Thrombopoiesis;
        var lp = p.Lymphocytes; var th = p.Thymus; var tc = p.TCells;
        const double intact = PhysiologyDesign.TissueIntact;

        // Niche feedback on LT-HSC self-renewal (§4.1): β = β_max·hr(ΣH; θ_H·Niche/10⁶, n).
        double betaMax = d.BetaMax, thetaH = d.ThetaH, nH = sp.HscNicheHill;
        b.Signal("niche.hscRenewal", x => betaMax * Hr(x.Count(0) + x.Count(1), thetaH * Math.Max(x.Count(2) / intact, 1e-6), nH),
            ["hH", "dH", "Niche"]);

        // Progenitor density on MPP continuation (§4.2); lineage weights 1/X*.
        double wG = 1 / d.G, wE = 1 / d.E, wK = 1 / d.K, wL = 1 / d.L;
        double cMax = sp.MppContinueMax, thetaC = d.ThetaC, nC = sp.MppDensityHill;
        string[] lin = both(["G", "E", "K", "L"]);
        double Continue(RateInputs x) => cMax * Hr(
            wG * (x.Count(0) + x.Count(4)) + wE * (x.Count(1) + x.Count(5)) + wK * (x.Count(2) + x.Count(6)) + wL * (x.Count(3) + x.Count(7)), thetaC, nC);
        b.Signal("mpp.continue", x => Continue(x), lin);
        b.Signal("mpp.exit", x => 1 - x.Parameter(0), [], ["mpp.continue"]);

        // G-CSF-like (§4.4): q_G and the gains, pushed towards their maxima by exogenous G-CSF.
        string[] nb = both(["NB"]);
        string[] gcsf = [GcsfExogenousParameter];
        var gq = gp.Progenitor;
        double thG = d.ThetaG, nbStar = d.NB, nG = gp.GcsfHill;
        double QG(RateInputs x)
        {
            double q = gq.SelfRenewalMax * Hr(x.Count(0) + x.Count(1), thG, gq.HillCoefficient);
            return q + x.Parameter(0) * (gq.SelfRenewalMax - q);
        }
        b.Signal("gcsf.renewG", x => QG(x), nb, gcsf);
        b.Signal("gcsf.diffG", x => 1 - x.Parameter(0), [], ["gcsf.renewG"]);
        // Exogenous G-CSF pushes the gains towards a pharmacological maximum above the endogenous one: serum G-CSF after
        // 5 µg/kg (tens of ng/mL) far exceeds the endogenous peak in aplasia (≈ 1–2 ng/mL), which is why the drug shortens
        // neutropenia even when the endogenous feedback is already maximal (protocols issue; factor 2 is an assumption, 1.2–2.5: it shortens neutropenia after an autologous graft by ≈ 2.3 days and
        // advances neutrophil engraftment by ≈ 2.5 days, clinically 2–5 days in randomised trials of G-CSF after transplant).
        double pharmacologicalFactor = gp.ExogenousGainFactor;
        void Gain(string name, double gMax) => b.Signal(name, x =>
        {
            double g = G(x.Count(0) + x.Count(1), nbStar, gMax, nG);
            return g + x.Parameter(0) * (pharmacologicalFactor * gMax - g);
        }, nb, gcsf);
        Gain("gcsf.mitotic", gp.MitoticGainMax);
        Gain("gcsf.maturation", gp.MaturationGainMax);
        Gain("gcsf.release", gp.ReleaseGainMax);

        // EPO-like (§4.5): q_E of Σ red cells.
        int nR = ep.RedCellStages;
        string[] rbc = [.. stages("hRBC", nR), .. stages("dRBC", nR)];
        var eq = ep.Progenitor;
        double thE = d.ThetaE;
        double QE(RateInputs x)
        {
            double s = 0;
            for (int i = 0; i < x.CountLength; i++) s += x.Count(i);
            return eq.SelfRenewalMax * Hr(s, thE, eq.HillCoefficient);
        }
        b.Signal("epo.renewE", x => QE(x), rbc);
        b.Signal("epo.diffE", x => 1 - x.Parameter(0), [], ["epo.renewE"]);

        // TPO-like (§4.6): platelets plus megakaryocyte mass.
        int nP = tp.PlateletStages;
        if (d.PlateletFixedConsumption > 0)
        {
            double fixedCells = d.PlateletFixedConsumption, fixedHalf = d.PlateletFixedHalf;
            b.Signal("platelet.fixed", x =>
            {
                double s = 0;
                for (int i = 0; i < x.CountLength; i++) s += x.Count(i);
                return fixedCells / (s + fixedHalf);
            }, [.. stages("hPLT", nP), .. stages("dPLT", nP)]);
        }
        string[] tpo = [.. stages("hPLT", nP), .. stages("dPLT", nP), .. stages("hMK", 3), .. stages("dMK", 3)];
        var kq = tp.Progenitor;
        double thK = d.ThetaK, mkWeight = tp.TpoMegakaryocyteWeight;
        int plateletInputs = 2 * nP;
        double QK(RateInputs x)
        {
            double s = 0;
            for (int i = 0; i < plateletInputs; i++) s += x.Count(i);
            for (int i = plateletInputs; i < x.CountLength; i++) s += mkWeight * x.Count(i);
            return kq.SelfRenewalMax * Hr(s, thK, kq.HillCoefficient);
        }
        b.Signal("tpo.renewK", x => QK(x), tpo);
        b.Signal("tpo.diffK", x => 1 - x.Parameter(0), [], ["tpo.renewK"]);

        // Lymphoid progenitor (IL-7/BAFF-like) of B + NK; B and NK homeostatic gains.
        string[] bnk = both(["B", "NK"]);
        var lq = lp.Progenitor;
        double thL = d.ThetaL;
        double QL(RateInputs x) => lq.SelfRenewalMax * Hr(x.Count(0) + x.Count(1) + x.Count(2) + x.Count(3), thL, lq.HillCoefficient);
        b.Signal("il7.renewL", x => QL(x), bnk);
        b.Signal("il7.diffL", x => 1 - x.Parameter(0), [], ["il7.renewL"]);
        double bStar = d.B, nkStar = d.NK, hB = lp.BHomeostaticGainMax, hNK = lp.NkHomeostaticGainMax;
        double nLy = lp.HomeostaticGainHill;
        b.Signal("baff.B", x => G(x.Count(0) + x.Count(1), bStar, hB, nLy), both(["B"]));
        b.Signal("il15.NK", x => G(x.Count(0) + x.Count(1), nkStar, hNK, nLy), both(["NK"]));

        // IL-7-like T-cell niches (§4.9), IL-2-like Treg, thymic crowding with rebound (§4.8).
        string[] tcells = both(["N4", "M4", "N8", "M8", "R", "T2"]);
        double a = tc.NaiveMemoryNicheWeight, bw = tc.LineageNicheWeight, ab = a * bw, n7 = tc.Il7Hill;
        void Il7(string name, double star, double gMax, int kind) => b.Signal(name, x =>
        {
            double n4 = x.Count(0) + x.Count(6), m4 = x.Count(1) + x.Count(7) + x.Count(4) + x.Count(10);
            double n8 = x.Count(2) + x.Count(8), m8 = x.Count(3) + x.Count(9);
            double s = kind switch
            {
                0 => n4 + a * m4 + bw * n8 + ab * m8,
                1 => m4 + a * n4 + bw * m8 + ab * n8,
                2 => n8 + a * m8 + bw * n4 + ab * m4,
                _ => m8 + a * n8 + bw * m4 + ab * n4,
            };
            return G(s, star, gMax, n7);
        }, tcells);
        Il7("il7.N4", d.SN4, tc.NaiveGainMax, 0);
        Il7("il7.M4", d.SM4, tc.MemoryCd4GainMax, 1);
        Il7("il7.N8", d.SN8, tc.NaiveGainMax, 2);
        Il7("il7.M8", d.SM8, tc.MemoryCd8GainMax, 3);
        double rho = d.Rho, hR = tc.TregGainMax;
        b.Signal("il2.R", x =>
        {
            double c4 = x.Count(0) + x.Count(1) + x.Count(6) + x.Count(7), r = x.Count(4) + x.Count(10);
            return G(r, rho / (1 - rho) * Math.Max(c4, 1), hR, nLy);
        }, tcells);
        double cap = d.ThymicCapacity, totalT = d.TotalT, rebound = th.ReboundGainMax, crowdingDeath = th.CrowdingDeathPerDay;
        b.Signal("thymus.crowding", x =>
        {
            double st = 0;
            for (int i = 0; i < 5; i++) st += x.Count(i) + x.Count(6 + i);
            double capacity = cap * (x.Count(12) / intact) * G(st, totalT, rebound, n7);
            return crowdingDeath * (x.Count(5) + x.Count(11)) / Math.Max(capacity, 1e-9);
        }, [.. tcells, "Thy"]);
        double thyRegrow = th.StromaRegrowthPerDay;
        b.Signal("thymus.regrowth", x => thyRegrow * Math.Max(0, 1 - x.Count(0) / intact), ["Thy"]);
        double nicheRegrow = sp.NicheRegrowthPerDay;
        b.Signal("niche.regrowth", x => nicheRegrow * Math.Max(0, 1 - x.Count(0) / intact), ["Niche"]);

        // Time-dependent extra death (ATG-like): Σ slots E_max·C/(C + EC50), C = C₀·2^(−(t − t₀)/t½) (§10).
        foreach (var g in ExtraDeathGroups)
        {
            var names = new List<string>();
            for (int k = 0; k < ExtraDeathSlots; k++)
                foreach (string f in new[] { "max", "conc", "start", "ec50", "halfLife" }) names.Add(ExtraDeathParameter(g, k, f));
            b.Signal(ExtraDeathSignal(g), x =>
            {
                double rate = 0;
                for (int k = 0; k < ExtraDeathSlots; k++)
                {
                    double max = x.Parameter(5 * k);
                    if (max <= 0) continue;
                    double c = x.Parameter(5 * k + 1) * Math.Pow(2, -Math.Max(0, x.TimeDays - x.Parameter(5 * k + 2)) / x.Parameter(5 * k + 4));
                    double ec50 = x.Parameter(5 * k + 3);
                    rate += ec50 > 0 ? max * c / (c + ec50) : max * c;
                }
                return rate;
            }, [], names, timeDependent: true);
        }

        // Allogeneic effects of donor T cells (set by the clinical layer at infusion; 0 otherwise).
        string[] donorT = ["dN4", "dM4", "dR", "dN8", "dM8"], hostT = ["hN4", "hM4", "hR", "hN8", "hM8"];
        b.Signal("gvh.kill", x =>
        {
            double max = x.Parameter(0);
            if (max <= 0) return 0;
            double dt = x.Count(0) + x.Count(1) + x.Count(2) + x.Count(3) + x.Count(4);
            return max * dt / (dt + x.Parameter(1));
        }, donorT, [GvhRateParameter, GvhHalfParameter]);
        if (d.Auto is not null)
        {
            b.Signal("gva.kill", x =>
            {
                double max = x.Parameter(0);
                if (max <= 0) return 0;
                double dt = x.Count(0) + x.Count(1) + x.Count(2) + x.Count(3) + x.Count(4);
                double all = dt + x.Count(5) + x.Count(6) + x.Count(7) + x.Count(8) + x.Count(9);
                return all > 0 ? max * dt / all : 0;
            }, [.. donorT, .. hostT], [GvaRateParameter]);
        }

        // Autoreactive clone (§4.10): birth regulated by the Treg fraction, antigen-limited; disease effects.
        if (d.Auto is not null)
        {
            double bMax = d.AutoBirthMax, capA = d.AutoCapacity;
            b.Signal("auto.birth", x =>
            {
                double c4 = x.Count(0) + x.Count(1) + x.Count(6) + x.Count(7), r = x.Count(4) + x.Count(10);
                double rhoNow = r / Math.Max(c4 + r, 1);
                return bMax * Hr(rhoNow, rho, nLy) / (1 + x.Count(12) / capA);
            }, [.. tcells, "A"]);
            double third = d.DriverReference / 3.0;
            string driver = d.AntibodyMediated ? "Ab" : "A";
            if (d.Disease == AutoimmuneDisease.AutoimmuneHemolyticAnemia)
            {
                double hem = ep.HemolysisMaxPerDay;
                b.Signal("disease.hemolysis", x => hem * x.Count(0) / (x.Count(0) + third), [driver]);
            }
            if (d.Disease == AutoimmuneDisease.ImmuneThrombocytopenia)
            {
                double des = tp.PlateletDestructionMaxPerDay;
                b.Signal("disease.plateletDestruction", x => des * x.Count(0) / (x.Count(0) + third), [driver]);
            }
        }
    }
}
