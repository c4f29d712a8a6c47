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
    private static readonly string[] Origins = [ModelCatalogue.HostPrefix, ModelCatalogue.DonorPrefix];

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
            double f = o == ModelCatalogue.HostPrefix ? 1 : 0;
            b.Compartment(o + "H", f * d.H, CompartmentMode.Dynamic);
            b.Compartment(o + "S1", f * d.S1, C).Compartment(o + "S2", f * d.S2, C);
            for (int i = 0; i < nM; i++) b.Compartment(N(o + "MPP", i + 1), f * d.Mpp[i], C);
            b.Compartment(o + "G", f * d.G, C).Compartment(o + "E", f * d.E, C).Compartment(o + "K", f * d.K, C).Compartment(o + "L", f * d.L, C);
            for (int i = 0; i < ModelCatalogue.MitoticNeutrophilStages; i++) b.Compartment(N(o + "NM", i + 1), f * d.NM[i], C);
            for (int i = 0; i < ModelCatalogue.PostMitoticNeutrophilStages; i++) b.Compartment(N(o + "NP", i + 1), f * d.NP, C);
            b.Compartment(o + "NR", f * d.NR, C).Compartment(o + "NB", f * d.NB, C).Compartment(o + "Mo", f * d.Mo, C);
            for (int i = 0; i < ModelCatalogue.ErythroblastStages; i++) b.Compartment(N(o + "EB", i + 1), f * d.EB[i], C);
            b.Compartment(o + "Ret", f * d.Ret, C);
            for (int i = 0; i < nR; i++) b.Compartment(N(o + "RBC", i + 1), f * d.RedCells / nR, C);
            for (int i = 0; i < ModelCatalogue.MegakaryocyteStages; i++) b.Compartment(N(o + "MK", i + 1), f * d.MK, C);
            for (int i = 0; i < nP; i++) b.Compartment(N(o + "PLT", i + 1), f * d.Platelets / nP, C);
            b.Compartment(o + "BP1", f * d.BP1, C).Compartment(o + "BP2", f * d.BP2, C).Compartment(o + "B", f * d.B, C);
            b.Compartment(o + "NKP", f * d.NKP, C).Compartment(o + "NK", f * d.NK, C);
            b.Compartment(o + "T1", f * d.T1, C).Compartment(o + "T2", f * d.T2, C);
            b.Compartment(o + "N4", f * d.N4, C).Compartment(o + "M4", f * d.M4, C).Compartment(o + "N8", f * d.N8, C)
                .Compartment(o + "M8", f * d.M8, C).Compartment(o + "R", f * d.R, C);
        }
        b.Compartment(ModelCatalogue.ThymusName, PhysiologyDesign.TissueIntact, C);
        b.Compartment(ModelCatalogue.NicheName, PhysiologyDesign.TissueIntact, C);
        b.Compartment(ModelCatalogue.AutoreactiveName, d.Auto is null ? 0 : d.A, CompartmentMode.Dynamic);
        b.Compartment(ModelCatalogue.PlasmaCellName, d.AntibodyMediated ? d.PlasmaCells : 0, C);
        b.Compartment(ModelCatalogue.AntibodyName, d.AntibodyMediated ? d.Antibody : 0, C);

        // ---- Run-time parameters (hooks) ----
        b.Parameter(ModelSignals.GcsfExogenousParameter, 0);
        b.Parameter(ModelSignals.GvhRateParameter, 0).Parameter(ModelSignals.GvhHalfParameter, 1).Parameter(ModelSignals.GvaRateParameter, 0);
        foreach (var g in ModelSignals.ExtraDeathGroups)
            for (int k = 0; k < ModelSignals.ExtraDeathSlots; k++)
            {
                // max, conc, start, ec50, halfLife (ModelSignals.ExtraDeathFields): off, with a valid EC50 and half-life.
                foreach (string field in ModelSignals.ExtraDeathFields)
                    b.Parameter(ModelSignals.ExtraDeathParameter(g, k, field), field is "ec50" or "halfLife" ? 1 : 0);
            }

        // ---- Signals (§5): each is computed once per propensity update ----
        AddSignals(b, d, Both, Stages);

        // ---- Transitions (§4) ----
        double aS = Math.Pow(2, sp.ShortTermAmplificationExponent);
        int ampS = checked((int)aS);
        foreach (string o in Origins)
        {
            // §4.1 stem cells.
            b.Transition(o + "H.renew", t => t.Consumes(o + "H").Produces(o + "H", 2).MassAction(1.0).ModulatedBy(ModelSignals.NicheHscRenewal));
            b.Transition(o + "H.diff", t => t.Consumes(o + "H").Produces(o + "S1", ampS).MassAction(d.Kappa));
            b.Transition(o + "S1.out", t => t.Consumes(o + "S1").Produces(o + "S2", ampS).MassAction(d.KS));
            b.Transition(o + "S2.out", t => t.Consumes(o + "S2").Produces(o + "MPP1", 2).MassAction(d.KS));
            // §4.2 MPP generation chain.
            for (int i = 1; i <= nM; i++)
            {
                string mi = N(o + "MPP", i);
                if (i < nM)
                    b.Transition(mi + ".cont", t => t.Consumes(mi).Produces(N(o + "MPP", i + 1), 4).MassAction(sp.MppDivisionRatePerDay).ModulatedBy(ModelSignals.MppContinuation));
                foreach (var (lin, w) in new[] { ("G", d.WG), ("E", d.WE), ("K", d.WK), ("L", d.WL) })
                    b.Transition(mi + ".to" + lin, t =>
                    {
                        t.Consumes(mi).Produces(o + lin, sp.MppExitAmplification).MassAction(w * sp.MppDivisionRatePerDay);
                        if (i < nM) t.ModulatedBy(ModelSignals.MppExit);
                    });
            }
            // §4.3 lineage progenitors.
            b.Transition(o + "G.renew", t => t.Consumes(o + "G").Produces(o + "G", 2).MassAction(gp.Progenitor.DivisionRatePerDay).ModulatedBy(ModelSignals.GranulocyteProgenitorRenewal));
            b.Transition(o + "G.diff", t => t.Consumes(o + "G").Produces(o + "NM1", 2).MassAction(gp.Progenitor.DivisionRatePerDay).ModulatedBy(ModelSignals.GranulocyteProgenitorDifferentiation));
            b.Transition(o + "E.renew", t => t.Consumes(o + "E").Produces(o + "E", 2).MassAction(ep.Progenitor.DivisionRatePerDay).ModulatedBy(ModelSignals.ErythroidProgenitorRenewal));
            b.Transition(o + "E.diff", t => t.Consumes(o + "E").Produces(o + "EB1", 2).MassAction(ep.Progenitor.DivisionRatePerDay).ModulatedBy(ModelSignals.ErythroidProgenitorDifferentiation));
            b.Transition(o + "K.renew", t => t.Consumes(o + "K").Produces(o + "K", 2).MassAction(tp.Progenitor.DivisionRatePerDay).ModulatedBy(ModelSignals.MegakaryocyteProgenitorRenewal));
            b.Transition(o + "K.diff", t => t.Consumes(o + "K").Produces(o + "MK1").MassAction(tp.Progenitor.DivisionRatePerDay).ModulatedBy(ModelSignals.MegakaryocyteProgenitorDifferentiation));
            double pL = lp.Progenitor.DivisionRatePerDay;
            b.Transition(o + "L.renew", t => t.Consumes(o + "L").Produces(o + "L", 2).MassAction(pL).ModulatedBy(ModelSignals.LymphoidProgenitorRenewal));
            b.Transition(o + "L.toBP1", t => t.Consumes(o + "L").Produces(o + "BP1").MassAction(d.WB * pL).ModulatedBy(ModelSignals.LymphoidProgenitorDifferentiation));
            b.Transition(o + "L.toNKP", t => t.Consumes(o + "L").Produces(o + "NKP").MassAction(d.WNK * pL).ModulatedBy(ModelSignals.LymphoidProgenitorDifferentiation));
            b.Transition(o + "L.toT1", t => t.Consumes(o + "L").Produces(o + "T1").MassAction(d.WT * pL).ModulatedBy(ModelSignals.LymphoidProgenitorDifferentiation));
            // §4.4 neutrophils and monocytes.
            int lastNm = ModelCatalogue.MitoticNeutrophilStages;
            for (int i = 1; i < lastNm; i++)
            {
                string x = N(o + "NM", i), next = N(o + "NM", i + 1);
                b.Transition(x + ".div", t => t.Consumes(x).Produces(next, 2).MassAction(d.KNM).ModulatedBy(ModelSignals.NeutrophilMitoticGain));
            }
            b.Transition(N(o + "NM", lastNm) + ".toNP", t => t.Consumes(N(o + "NM", lastNm)).Produces(o + "NP1", 2).MassAction((1 - d.MonocyteShare) * d.KNM).ModulatedBy(ModelSignals.NeutrophilMitoticGain));
            b.Transition(N(o + "NM", lastNm) + ".toMo", t => t.Consumes(N(o + "NM", lastNm)).Produces(o + "Mo", 2).MassAction(d.MonocyteShare * d.KNM).ModulatedBy(ModelSignals.NeutrophilMitoticGain));
            for (int i = 1; i <= ModelCatalogue.PostMitoticNeutrophilStages; i++)
            {
                string x = N(o + "NP", i), next = i < ModelCatalogue.PostMitoticNeutrophilStages ? N(o + "NP", i + 1) : o + "NR";
                b.Transition(x + ".mat", t => t.Consumes(x).Produces(next).MassAction(d.KP).ModulatedBy(ModelSignals.NeutrophilMaturationGain));
            }
            b.Transition(o + "NR.release", t => t.Consumes(o + "NR").Produces(o + "NB").MassAction(d.KR).ModulatedBy(ModelSignals.NeutrophilReleaseGain));
            b.Transition(o + "NB.death", t => t.Consumes(o + "NB").MassAction(d.KN));
            b.Transition(o + "Mo.death", t => t.Consumes(o + "Mo").MassAction(d.KMo));
            // §4.5 erythroid.
            for (int i = 1; i <= ModelCatalogue.ErythroblastStages; i++)
            {
                string x = N(o + "EB", i), next = i < ModelCatalogue.ErythroblastStages ? N(o + "EB", i + 1) : o + "Ret";
                b.Transition(x + ".div", t => t.Consumes(x).Produces(next, 2).MassAction(d.KEB));
            }
            b.Transition(o + "Ret.out", t => t.Consumes(o + "Ret").Produces(o + "RBC1").MassAction(d.KRet));
            AddAgeChain(b, o + "RBC", nR, d.KRbc,
                d.Disease == AutoimmuneDisease.AutoimmuneHemolyticAnemia ? (".lysis", ModelSignals.DiseaseHemolysis) : null);
            // §4.6 megakaryocytes and platelets.
            for (int i = 1; i <= ModelCatalogue.MegakaryocyteStages; i++)
            {
                string x = N(o + "MK", i);
                int stage = i;
                b.Transition(x + ".mat", t =>
                {
                    t.Consumes(x).MassAction(d.KMK);
                    if (stage < ModelCatalogue.MegakaryocyteStages) t.Produces(N(o + "MK", stage + 1));
                    else t.Produces(o + "PLT1", tp.PlateletsPerMegakaryocyte);
                });
            }
            AddAgeChain(b, o + "PLT", nP, d.KPl,
                d.Disease == AutoimmuneDisease.ImmuneThrombocytopenia ? (".destroy", ModelSignals.DiseasePlateletDestruction) : null);
            // Fixed requirement for endothelial support (Hanson–Slichter 1985): per-platelet rate F/(P + P_half), P all platelets.
            if (d.PlateletFixedConsumption > 0)
                for (int i = 1; i <= nP; i++)
                {
                    string x = N(o + "PLT", i);
                    b.Transition(x + ".fixed", t => t.Consumes(x).MassAction(1.0).ModulatedBy(ModelSignals.PlateletFixedConsumption));
                }
            // §4.7 B and NK cells.
            b.Transition(o + "BP1.div", t => t.Consumes(o + "BP1").Produces(o + "BP2", 2).MassAction(d.KBP));
            b.Transition(o + "BP2.out", t => t.Consumes(o + "BP2").Produces(o + "B").MassAction(d.KBP));
            b.Transition(o + "B.prolif", t => t.Consumes(o + "B").Produces(o + "B", 2).MassAction(lp.BProliferationPerDay).ModulatedBy(ModelSignals.BCellHomeostasis));
            b.Transition(o + "B.death", t => t.Consumes(o + "B").MassAction(lp.BDeathPerDay));
            b.Transition(o + "B.extraDeath", t => t.Consumes(o + "B").MassAction(1.0).ModulatedBy(ModelSignals.ExtraDeath(KillGroup.BCells)));
            b.Transition(o + "NKP.out", t => t.Consumes(o + "NKP").Produces(o + "NK").MassAction(d.KNKP));
            b.Transition(o + "NK.prolif", t => t.Consumes(o + "NK").Produces(o + "NK", 2).MassAction(lp.NkProliferationPerDay).ModulatedBy(ModelSignals.NkCellHomeostasis));
            b.Transition(o + "NK.death", t => t.Consumes(o + "NK").MassAction(lp.NkDeathPerDay));
            b.Transition(o + "NK.extraDeath", t => t.Consumes(o + "NK").MassAction(1.0).ModulatedBy(ModelSignals.ExtraDeath(KillGroup.NkCells)));
            // §4.8 thymus.
            int ampT = checked((int)Math.Pow(2, th.AmplificationExponent));
            b.Transition(o + "T1.out", t => t.Consumes(o + "T1").Produces(o + "T2", ampT).MassAction(d.KT1));
            b.Transition(o + "T2.select", t => t.Consumes(o + "T2").MassAction(1.0).ModulatedBy(ModelSignals.ThymusCrowding));
            b.Transition(o + "T2.toN4", t => t.Consumes(o + "T2").Produces(o + "N4").MassAction(d.F4 * d.KT2));
            b.Transition(o + "T2.toN8", t => t.Consumes(o + "T2").Produces(o + "N8").MassAction(d.F8 * d.KT2));
            b.Transition(o + "T2.toR", t => t.Consumes(o + "T2").Produces(o + "R").MassAction(d.FR * d.KT2));
            // §4.9 peripheral T cells.
            string xT = ModelSignals.ExtraDeath(KillGroup.TCells);
            b.Transition(o + "N4.prolif", t => t.Consumes(o + "N4").Produces(o + "N4", 2).MassAction(d.PN4).ModulatedBy(ModelSignals.NaiveCd4Homeostasis));
            b.Transition(o + "N4.death", t => t.Consumes(o + "N4").MassAction(d.DN4));
            b.Transition(o + "N4.toM4", t => t.Consumes(o + "N4").Produces(o + "M4").MassAction(d.CN4));
            b.Transition(o + "N4.extraDeath", t => t.Consumes(o + "N4").MassAction(1.0).ModulatedBy(xT));
            b.Transition(o + "M4.prolif", t => t.Consumes(o + "M4").Produces(o + "M4", 2).MassAction(d.PM4).ModulatedBy(ModelSignals.MemoryCd4Homeostasis));
            b.Transition(o + "M4.death", t => t.Consumes(o + "M4").MassAction(d.DM4));
            b.Transition(o + "M4.extraDeath", t => t.Consumes(o + "M4").MassAction(1.0).ModulatedBy(xT));
            b.Transition(o + "N8.prolif", t => t.Consumes(o + "N8").Produces(o + "N8", 2).MassAction(d.PN8).ModulatedBy(ModelSignals.NaiveCd8Homeostasis));
            b.Transition(o + "N8.death", t => t.Consumes(o + "N8").MassAction(d.DN8));
            b.Transition(o + "N8.toM8", t => t.Consumes(o + "N8").Produces(o + "M8").MassAction(d.CN8));
            b.Transition(o + "N8.extraDeath", t => t.Consumes(o + "N8").MassAction(1.0).ModulatedBy(xT));
            b.Transition(o + "M8.prolif", t => t.Consumes(o + "M8").Produces(o + "M8", 2).MassAction(d.PM8).ModulatedBy(ModelSignals.MemoryCd8Homeostasis));
            b.Transition(o + "M8.death", t => t.Consumes(o + "M8").MassAction(d.DM8));
            b.Transition(o + "M8.extraDeath", t => t.Consumes(o + "M8").MassAction(1.0).ModulatedBy(xT));
            b.Transition(o + "R.prolif", t => t.Consumes(o + "R").Produces(o + "R", 2).MassAction(d.PR).ModulatedBy(ModelSignals.TregHomeostasis));
            b.Transition(o + "R.death", t => t.Consumes(o + "R").MassAction(tc.TregDeathPerDay));
            b.Transition(o + "R.extraDeath", t => t.Consumes(o + "R").MassAction(1.0).ModulatedBy(ModelSignals.ExtraDeath(KillGroup.Treg)));
        }
        // Graft-versus-host lymphohematopoiesis: donor T cells eliminate host T cells (host compartments only).
        foreach (string x in new[] { "N4", "M4", "R", "N8", "M8" })
            b.Transition("h" + x + ".gvh", t => t.Consumes("h" + x).MassAction(1.0).ModulatedBy(ModelSignals.GraftVersusHostKill));
        // Host tissues: logistic regrowth after damage.
        b.Transition("Thy.regrow", t => t.Consumes(ModelCatalogue.ThymusName).Produces(ModelCatalogue.ThymusName, 2).MassAction(1.0).ModulatedBy(ModelSignals.ThymusRegrowth));
        b.Transition("Niche.regrow", t => t.Consumes(ModelCatalogue.NicheName).Produces(ModelCatalogue.NicheName, 2).MassAction(1.0).ModulatedBy(ModelSignals.NicheRegrowth));
        // §4.10 autoreactive clone, plasma cells, antibody.
        if (d.Auto is not null)
        {
            var au = d.Auto;
            b.Transition("A.birth", t => t.Consumes(ModelCatalogue.AutoreactiveName).Produces(ModelCatalogue.AutoreactiveName, 2).MassAction(1.0).ModulatedBy(ModelSignals.AutoreactiveBirth));
            b.Transition("A.death", t => t.Consumes(ModelCatalogue.AutoreactiveName).MassAction(au.DeathPerDay));
            b.Transition("A.extraDeath", t => t.Consumes(ModelCatalogue.AutoreactiveName).MassAction(1.0).ModulatedBy(ModelSignals.ExtraDeath(KillGroup.Autoreactive)));
            b.Transition("A.gva", t => t.Consumes(ModelCatalogue.AutoreactiveName).MassAction(1.0).ModulatedBy(ModelSignals.GraftVersusAutoimmunityKill));
            if (d.AntibodyMediated)
            {
                b.Transition("A.toPC", t => t.Consumes(ModelCatalogue.AutoreactiveName).Produces(ModelCatalogue.AutoreactiveName).Produces(ModelCatalogue.PlasmaCellName).MassAction(au.PlasmaCellRatePerDay));
                b.Transition("PC.death", t => t.Consumes(ModelCatalogue.PlasmaCellName).MassAction(au.PlasmaCellDeathPerDay));
                b.Transition("PC.secrete", t => t.Consumes(ModelCatalogue.PlasmaCellName).Produces(ModelCatalogue.PlasmaCellName).Produces(ModelCatalogue.AntibodyName).MassAction(1.0));
                b.Transition("Ab.decay", t => t.Consumes(ModelCatalogue.AntibodyName).MassAction(d.AntibodyDecay));
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
        b.Signal(ModelSignals.NicheHscRenewal, x => betaMax * Hr(x.Count(0) + x.Count(1), thetaH * Math.Max(x.Count(2) / intact, 1e-6), nH),
            ["hH", "dH", ModelCatalogue.NicheName]);

        // Progenitor density on MPP continuation (§4.2); lineage weights 1/X*.
        double wG = 1 / d.G, wE = 1 / d.E, wK = 1 / d.K, wL = 1 / d.L;
        double cMax = sp.MppContinueMax, thetaC = d.ThetaC, nC = sp.MppDensityHill;
        string[] lin = both(["G", "E", "K", "L"]);
        double Continue(RateInputs x) => cMax * Hr(
            wG * (x.Count(0) + x.Count(4)) + wE * (x.Count(1) + x.Count(5)) + wK * (x.Count(2) + x.Count(6)) + wL * (x.Count(3) + x.Count(7)), thetaC, nC);
        b.Signal(ModelSignals.MppContinuation, x => Continue(x), lin);
        b.Signal(ModelSignals.MppExit, x => 1 - x.Parameter(0), [], [ModelSignals.MppContinuation]);

        // G-CSF-like (§4.4): q_G and the gains, pushed towards their maxima by exogenous G-CSF.
        string[] nb = both(["NB"]);
        string[] gcsf = [ModelSignals.GcsfExogenousParameter];
        var gq = gp.Progenitor;
        double thG = d.ThetaG, nbStar = d.NB, nG = gp.GcsfHill;
        double QG(RateInputs x)
        {
            double q = gq.SelfRenewalMax * Hr(x.Count(0) + x.Count(1), thG, gq.HillCoefficient);
            return q + x.Parameter(0) * (gq.SelfRenewalMax - q);
        }
        b.Signal(ModelSignals.GranulocyteProgenitorRenewal, x => QG(x), nb, gcsf);
        b.Signal(ModelSignals.GranulocyteProgenitorDifferentiation, x => 1 - x.Parameter(0), [], [ModelSignals.GranulocyteProgenitorRenewal]);
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
        Gain(ModelSignals.NeutrophilMitoticGain, gp.MitoticGainMax);
        Gain(ModelSignals.NeutrophilMaturationGain, gp.MaturationGainMax);
        Gain(ModelSignals.NeutrophilReleaseGain, gp.ReleaseGainMax);

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
        b.Signal(ModelSignals.ErythroidProgenitorRenewal, x => QE(x), rbc);
        b.Signal(ModelSignals.ErythroidProgenitorDifferentiation, x => 1 - x.Parameter(0), [], [ModelSignals.ErythroidProgenitorRenewal]);

        // TPO-like (§4.6): platelets plus megakaryocyte mass.
        int nP = tp.PlateletStages;
        if (d.PlateletFixedConsumption > 0)
        {
            double fixedCells = d.PlateletFixedConsumption, fixedHalf = d.PlateletFixedHalf;
            b.Signal(ModelSignals.PlateletFixedConsumption, x =>
            {
                double s = 0;
                for (int i = 0; i < x.CountLength; i++) s += x.Count(i);
                return fixedCells / (s + fixedHalf);
            }, [.. stages("hPLT", nP), .. stages("dPLT", nP)]);
        }
        string[] tpo = [.. stages("hPLT", nP), .. stages("dPLT", nP), .. stages("hMK", ModelCatalogue.MegakaryocyteStages), .. stages("dMK", ModelCatalogue.MegakaryocyteStages)];
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
        b.Signal(ModelSignals.MegakaryocyteProgenitorRenewal, x => QK(x), tpo);
        b.Signal(ModelSignals.MegakaryocyteProgenitorDifferentiation, x => 1 - x.Parameter(0), [], [ModelSignals.MegakaryocyteProgenitorRenewal]);

        // Lymphoid progenitor (IL-7/BAFF-like) of B + NK; B and NK homeostatic gains.
        string[] bnk = both(["B", "NK"]);
        var lq = lp.Progenitor;
        double thL = d.ThetaL;
        double QL(RateInputs x) => lq.SelfRenewalMax * Hr(x.Count(0) + x.Count(1) + x.Count(2) + x.Count(3), thL, lq.HillCoefficient);
        b.Signal(ModelSignals.LymphoidProgenitorRenewal, x => QL(x), bnk);
        b.Signal(ModelSignals.LymphoidProgenitorDifferentiation, x => 1 - x.Parameter(0), [], [ModelSignals.LymphoidProgenitorRenewal]);
        double bStar = d.B, nkStar = d.NK, hB = lp.BHomeostaticGainMax, hNK = lp.NkHomeostaticGainMax;
        double nLy = lp.HomeostaticGainHill;
        b.Signal(ModelSignals.BCellHomeostasis, x => G(x.Count(0) + x.Count(1), bStar, hB, nLy), both(["B"]));
        b.Signal(ModelSignals.NkCellHomeostasis, x => G(x.Count(0) + x.Count(1), nkStar, hNK, nLy), both(["NK"]));

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
        Il7(ModelSignals.NaiveCd4Homeostasis, d.SN4, tc.NaiveGainMax, 0);
        Il7(ModelSignals.MemoryCd4Homeostasis, d.SM4, tc.MemoryCd4GainMax, 1);
        Il7(ModelSignals.NaiveCd8Homeostasis, d.SN8, tc.NaiveGainMax, 2);
        Il7(ModelSignals.MemoryCd8Homeostasis, d.SM8, tc.MemoryCd8GainMax, 3);
        double rho = d.Rho, hR = tc.TregGainMax;
        b.Signal(ModelSignals.TregHomeostasis, x =>
        {
            double c4 = x.Count(0) + x.Count(1) + x.Count(6) + x.Count(7), r = x.Count(4) + x.Count(10);
            return G(r, rho / (1 - rho) * Math.Max(c4, 1), hR, nLy);
        }, tcells);
        double cap = d.ThymicCapacity, totalT = d.TotalT, rebound = th.ReboundGainMax, crowdingDeath = th.CrowdingDeathPerDay;
        b.Signal(ModelSignals.ThymusCrowding, x =>
        {
            double st = 0;
            for (int i = 0; i < 5; i++) st += x.Count(i) + x.Count(6 + i);
            double capacity = cap * (x.Count(12) / intact) * G(st, totalT, rebound, n7);
            return crowdingDeath * (x.Count(5) + x.Count(11)) / Math.Max(capacity, 1e-9);
        }, [.. tcells, ModelCatalogue.ThymusName]);
        double thyRegrow = th.StromaRegrowthPerDay;
        b.Signal(ModelSignals.ThymusRegrowth, x => thyRegrow * Math.Max(0, 1 - x.Count(0) / intact), [ModelCatalogue.ThymusName]);
        double nicheRegrow = sp.NicheRegrowthPerDay;
        b.Signal(ModelSignals.NicheRegrowth, x => nicheRegrow * Math.Max(0, 1 - x.Count(0) / intact), [ModelCatalogue.NicheName]);

        // Time-dependent extra death (ATG-like): Σ slots E_max·C/(C + EC50), C = C₀·2^(−(t − t₀)/t½) (§10).
        foreach (var g in ModelSignals.ExtraDeathGroups)
        {
            var names = new List<string>();
            for (int k = 0; k < ModelSignals.ExtraDeathSlots; k++)
                foreach (string f in ModelSignals.ExtraDeathFields) names.Add(ModelSignals.ExtraDeathParameter(g, k, f));
            b.Signal(ModelSignals.ExtraDeath(g), x =>
            {
                double rate = 0;
                for (int k = 0; k < ModelSignals.ExtraDeathSlots; k++)
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
        b.Signal(ModelSignals.GraftVersusHostKill, x =>
        {
            double max = x.Parameter(0);
            if (max <= 0) return 0;
            double dt = x.Count(0) + x.Count(1) + x.Count(2) + x.Count(3) + x.Count(4);
            return max * dt / (dt + x.Parameter(1));
        }, donorT, [ModelSignals.GvhRateParameter, ModelSignals.GvhHalfParameter]);
        if (d.Auto is not null)
        {
            b.Signal(ModelSignals.GraftVersusAutoimmunityKill, x =>
            {
                double max = x.Parameter(0);
                if (max <= 0) return 0;
                double dt = x.Count(0) + x.Count(1) + x.Count(2) + x.Count(3) + x.Count(4);
                double all = dt + x.Count(5) + x.Count(6) + x.Count(7) + x.Count(8) + x.Count(9);
                return all > 0 ? max * dt / all : 0;
            }, [.. donorT, .. hostT], [ModelSignals.GvaRateParameter]);
        }

        // Autoreactive clone (§4.10): birth regulated by the Treg fraction, antigen-limited; disease effects.
        if (d.Auto is not null)
        {
            double bMax = d.AutoBirthMax, capA = d.AutoCapacity;
            b.Signal(ModelSignals.AutoreactiveBirth, x =>
            {
                double c4 = x.Count(0) + x.Count(1) + x.Count(6) + x.Count(7), r = x.Count(4) + x.Count(10);
                double rhoNow = r / Math.Max(c4 + r, 1);
                return bMax * Hr(rhoNow, rho, nLy) / (1 + x.Count(12) / capA);
            }, [.. tcells, ModelCatalogue.AutoreactiveName]);
            double third = d.DriverReference / 3.0;
            string driver = d.AntibodyMediated ? ModelCatalogue.AntibodyName : ModelCatalogue.AutoreactiveName;
            if (d.Disease == AutoimmuneDisease.AutoimmuneHemolyticAnemia)
            {
                double hem = ep.HemolysisMaxPerDay;
                b.Signal(ModelSignals.DiseaseHemolysis, x => hem * x.Count(0) / (x.Count(0) + third), [driver]);
            }
            if (d.Disease == AutoimmuneDisease.ImmuneThrombocytopenia)
            {
                double des = tp.PlateletDestructionMaxPerDay;
                b.Signal(ModelSignals.DiseasePlateletDestruction, x => des * x.Count(0) / (x.Count(0) + third), [driver]);
            }
        }
    }
}
