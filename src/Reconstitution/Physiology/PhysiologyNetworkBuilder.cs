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
    /// <summary>Compartment stems of the nucleated donor cells that host effectors and other units' T cells kill (docs/model.md §17).</summary>
    private static string[] AlloTargetStems(int mppStages) =>
        ["H", "S1", "S2", .. Enumerable.Range(1, mppStages).Select(i => "MPP" + i.ToString(CultureInfo.InvariantCulture)), "G", "E", "K", "L",
         "N4", "M4", "R", "N8", "M8", "B", "NK"];

    public static ReactionNetwork Build(PhysiologyDesign d)
    {
        string[] Origins = ModelCatalogue.Prefixes(d.DonorOrigins);
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
            b.Compartment(o + "H", f * d.LongTermStemCells, CompartmentMode.Dynamic);
            b.Compartment(o + "S1", f * d.ShortTermStemCells1, C).Compartment(o + "S2", f * d.ShortTermStemCells2, C);
            for (int i = 0; i < nM; i++) b.Compartment(N(o + "MPP", i + 1), f * d.MppStageCells[i], C);
            b.Compartment(o + "G", f * d.GranulocyteProgenitors, C).Compartment(o + "E", f * d.ErythroidProgenitors, C).Compartment(o + "K", f * d.MegakaryocyteProgenitors, C).Compartment(o + "L", f * d.LymphoidProgenitors, C);
            for (int i = 0; i < ModelCatalogue.MitoticNeutrophilStages; i++) b.Compartment(N(o + "NM", i + 1), f * d.MitoticStageCells[i], C);
            for (int i = 0; i < ModelCatalogue.PostMitoticNeutrophilStages; i++) b.Compartment(N(o + "NP", i + 1), f * d.PostMitoticStageCells, C);
            b.Compartment(o + "NR", f * d.MarrowNeutrophilReserve, C).Compartment(o + "NB", f * d.BloodNeutrophils, C).Compartment(o + "Mo", f * d.Monocytes, C);
            for (int i = 0; i < ModelCatalogue.ErythroblastStages; i++) b.Compartment(N(o + "EB", i + 1), f * d.ErythroblastStageCells[i], C);
            b.Compartment(o + "Ret", f * d.Reticulocytes, C);
            for (int i = 0; i < nR; i++) b.Compartment(N(o + "RBC", i + 1), f * d.RedCells / nR, C);
            for (int i = 0; i < ModelCatalogue.MegakaryocyteStages; i++) b.Compartment(N(o + "MK", i + 1), f * d.MegakaryocyteStageCells, C);
            for (int i = 0; i < nP; i++) b.Compartment(N(o + "PLT", i + 1), f * d.Platelets / nP, C);
            b.Compartment(o + "BP1", f * d.EarlyBPrecursors, C).Compartment(o + "BP2", f * d.LateBPrecursors, C).Compartment(o + "B", f * d.BCells, C);
            b.Compartment(o + "NKP", f * d.NkPrecursors, C).Compartment(o + "NK", f * d.NkCells, C);
            b.Compartment(o + "T1", f * d.EarlyThymocytes, C).Compartment(o + "T2", f * d.LateThymocytes, C);
            b.Compartment(o + "N4", f * d.NaiveCd4, C).Compartment(o + "M4", f * d.MemoryCd4, C).Compartment(o + "N8", f * d.NaiveCd8, C)
                .Compartment(o + "M8", f * d.MemoryCd8, C).Compartment(o + "R", f * d.Treg, C);
        }
        b.Compartment(ModelCatalogue.ThymusName, PhysiologyDesign.TissueIntact, C);
        b.Compartment(ModelCatalogue.NicheName, PhysiologyDesign.TissueIntact, C);
        b.Compartment(ModelCatalogue.AutoreactiveName, d.Auto is null ? 0 : d.AutoreactiveCells, CompartmentMode.Dynamic);
        b.Compartment(ModelCatalogue.PlasmaCellName, d.AntibodyMediated ? d.PlasmaCells : 0, C);
        b.Compartment(ModelCatalogue.AntibodyName, d.AntibodyMediated ? d.Antibody : 0, C);
        b.Compartment(ModelCatalogue.ShortLivedPlasmaCellName, d.AntibodyMediated ? d.ShortLivedPlasmaCells : 0, C);

        // ---- Run-time parameters (hooks) ----
        b.Parameter(ModelSignals.GcsfExogenousParameter, 0);
        b.Parameter(ModelSignals.ImmunosuppressionParameter, 1).Parameter(ModelSignals.GvaRateParameter, 0);
        for (int u = 0; u < d.DonorOrigins; u++)
            foreach (string field in ModelSignals.UnitFields) b.Parameter(ModelSignals.UnitParameter(u, field), 0);
        foreach (var g in ModelSignals.ExtraDeathGroups)
            for (int k = 0; k < ModelSignals.ExtraDeathSlots; k++)
            {
                // max, conc, start, ec50, halfLife (ModelSignals.ExtraDeathFields): off, with a valid EC50 and half-life.
                foreach (string field in ModelSignals.ExtraDeathFields)
                    b.Parameter(ModelSignals.ExtraDeathParameter(g, k, field), field is "ec50" or "halfLife" ? 1 : 0);
            }

        // ---- Signals (§5): each is computed once per propensity update ----
        AddSignals(b, d, Origins, Both, Stages);

        // ---- Transitions (§4) ----
        double aS = Math.Pow(2, sp.ShortTermAmplificationExponent);
        int ampS = checked((int)aS);
        foreach (string o in Origins)
        {
            // §4.1 stem cells.
            b.Transition(o + "H.renew", t => t.Consumes(o + "H").Produces(o + "H", 2).MassAction(1.0).ModulatedBy(ModelSignals.NicheHscRenewal));
            b.Transition(o + "H.diff", t => t.Consumes(o + "H").Produces(o + "S1", ampS).MassAction(d.HscDifferentiationPerDay));
            b.Transition(o + "S1.out", t => t.Consumes(o + "S1").Produces(o + "S2", ampS).MassAction(d.ShortTermStageExitPerDay));
            b.Transition(o + "S2.out", t => t.Consumes(o + "S2").Produces(o + "MPP1", 2).MassAction(d.ShortTermStageExitPerDay));
            // §4.2 MPP generation chain.
            for (int i = 1; i <= nM; i++)
            {
                string mi = N(o + "MPP", i);
                if (i < nM)
                    b.Transition(mi + ".cont", t => t.Consumes(mi).Produces(N(o + "MPP", i + 1), 4).MassAction(sp.MppDivisionRatePerDay).ModulatedBy(ModelSignals.MppContinuation));
                foreach (var (lin, w) in new[] { ("G", d.GranulocyteLineageShare), ("E", d.ErythroidLineageShare), ("K", d.MegakaryocyteLineageShare), ("L", d.LymphoidLineageShare) })
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
            b.Transition(o + "L.toBP1", t => t.Consumes(o + "L").Produces(o + "BP1").MassAction(d.BCellLymphoidShare * pL).ModulatedBy(ModelSignals.LymphoidProgenitorDifferentiation));
            b.Transition(o + "L.toNKP", t => t.Consumes(o + "L").Produces(o + "NKP").MassAction(d.NkLymphoidShare * pL).ModulatedBy(ModelSignals.LymphoidProgenitorDifferentiation));
            b.Transition(o + "L.toT1", t => t.Consumes(o + "L").Produces(o + "T1").MassAction(d.TCellLymphoidShare * pL).ModulatedBy(ModelSignals.LymphoidProgenitorDifferentiation));
            // §4.4 neutrophils and monocytes.
            int lastNm = ModelCatalogue.MitoticNeutrophilStages;
            for (int i = 1; i < lastNm; i++)
            {
                string x = N(o + "NM", i), next = N(o + "NM", i + 1);
                b.Transition(x + ".div", t => t.Consumes(x).Produces(next, 2).MassAction(d.MitoticDivisionPerDay).ModulatedBy(ModelSignals.NeutrophilMitoticGain));
            }
            b.Transition(N(o + "NM", lastNm) + ".toNP", t => t.Consumes(N(o + "NM", lastNm)).Produces(o + "NP1", 2).MassAction((1 - d.MonocyteShare) * d.MitoticDivisionPerDay).ModulatedBy(ModelSignals.NeutrophilMitoticGain));
            b.Transition(N(o + "NM", lastNm) + ".toMo", t => t.Consumes(N(o + "NM", lastNm)).Produces(o + "Mo", 2).MassAction(d.MonocyteShare * d.MitoticDivisionPerDay).ModulatedBy(ModelSignals.NeutrophilMitoticGain));
            for (int i = 1; i <= ModelCatalogue.PostMitoticNeutrophilStages; i++)
            {
                string x = N(o + "NP", i), next = i < ModelCatalogue.PostMitoticNeutrophilStages ? N(o + "NP", i + 1) : o + "NR";
                b.Transition(x + ".mat", t => t.Consumes(x).Produces(next).MassAction(d.PostMitoticMaturationPerDay).ModulatedBy(ModelSignals.NeutrophilMaturationGain));
            }
            b.Transition(o + "NR.release", t => t.Consumes(o + "NR").Produces(o + "NB").MassAction(d.NeutrophilReleasePerDay).ModulatedBy(ModelSignals.NeutrophilReleaseGain));
            b.Transition(o + "NB.death", t => t.Consumes(o + "NB").MassAction(d.BloodNeutrophilDeathPerDay));
            b.Transition(o + "Mo.death", t => t.Consumes(o + "Mo").MassAction(d.MonocyteDeathPerDay));
            // §4.5 erythroid.
            for (int i = 1; i <= ModelCatalogue.ErythroblastStages; i++)
            {
                string x = N(o + "EB", i), next = i < ModelCatalogue.ErythroblastStages ? N(o + "EB", i + 1) : o + "Ret";
                b.Transition(x + ".div", t => t.Consumes(x).Produces(next, 2).MassAction(d.ErythroblastDivisionPerDay));
            }
            b.Transition(o + "Ret.out", t => t.Consumes(o + "Ret").Produces(o + "RBC1").MassAction(d.ReticulocyteReleasePerDay));
            AddAgeChain(b, o + "RBC", nR, d.RedCellAgingPerDay,
                d.Disease == AutoimmuneDisease.AutoimmuneHemolyticAnemia ? (".lysis", ModelSignals.DiseaseHemolysis) : null);
            // §4.6 megakaryocytes and platelets.
            for (int i = 1; i <= ModelCatalogue.MegakaryocyteStages; i++)
            {
                string x = N(o + "MK", i);
                int stage = i;
                b.Transition(x + ".mat", t =>
                {
                    t.Consumes(x).MassAction(d.MegakaryocyteMaturationPerDay);
                    if (stage < ModelCatalogue.MegakaryocyteStages) t.Produces(N(o + "MK", stage + 1));
                    else t.Produces(o + "PLT1", tp.PlateletsPerMegakaryocyte);
                });
            }
            AddAgeChain(b, o + "PLT", nP, d.PlateletAgingPerDay,
                d.Disease == AutoimmuneDisease.ImmuneThrombocytopenia ? (".destroy", ModelSignals.DiseasePlateletDestruction) : null);
            // Fixed requirement for endothelial support (Hanson–Slichter 1985): per-platelet rate F/(P + P_half), P all platelets.
            if (d.PlateletFixedConsumption > 0)
                for (int i = 1; i <= nP; i++)
                {
                    string x = N(o + "PLT", i);
                    b.Transition(x + ".fixed", t => t.Consumes(x).MassAction(1.0).ModulatedBy(ModelSignals.PlateletFixedConsumption));
                }
            // §4.7 B and NK cells.
            b.Transition(o + "BP1.div", t => t.Consumes(o + "BP1").Produces(o + "BP2", 2).MassAction(d.BPrecursorMaturationPerDay));
            b.Transition(o + "BP2.out", t => t.Consumes(o + "BP2").Produces(o + "B").MassAction(d.BPrecursorMaturationPerDay));
            b.Transition(o + "B.prolif", t => t.Consumes(o + "B").Produces(o + "B", 2).MassAction(lp.BProliferationPerDay).ModulatedBy(ModelSignals.BCellHomeostasis));
            b.Transition(o + "B.death", t => t.Consumes(o + "B").MassAction(lp.BDeathPerDay));
            b.Transition(o + "B.extraDeath", t => t.Consumes(o + "B").MassAction(1.0).ModulatedBy(ModelSignals.ExtraDeath(KillGroup.BCells)));
            b.Transition(o + "NKP.out", t => t.Consumes(o + "NKP").Produces(o + "NK").MassAction(d.NkPrecursorMaturationPerDay));
            b.Transition(o + "NK.prolif", t => t.Consumes(o + "NK").Produces(o + "NK", 2).MassAction(lp.NkProliferationPerDay).ModulatedBy(ModelSignals.NkCellHomeostasis));
            b.Transition(o + "NK.death", t => t.Consumes(o + "NK").MassAction(lp.NkDeathPerDay));
            b.Transition(o + "NK.extraDeath", t => t.Consumes(o + "NK").MassAction(1.0).ModulatedBy(ModelSignals.ExtraDeath(KillGroup.NkCells)));
            // §4.8 thymus.
            int ampT = checked((int)Math.Pow(2, th.AmplificationExponent));
            b.Transition(o + "T1.out", t => t.Consumes(o + "T1").Produces(o + "T2", ampT).MassAction(d.EarlyThymocyteExitPerDay));
            b.Transition(o + "T2.select", t => t.Consumes(o + "T2").MassAction(1.0).ModulatedBy(ModelSignals.ThymusCrowding));
            b.Transition(o + "T2.toN4", t => t.Consumes(o + "T2").Produces(o + "N4").MassAction(d.ThymicCd4Share * d.LateThymocyteExitPerDay));
            b.Transition(o + "T2.toN8", t => t.Consumes(o + "T2").Produces(o + "N8").MassAction(d.ThymicCd8Share * d.LateThymocyteExitPerDay));
            b.Transition(o + "T2.toR", t => t.Consumes(o + "T2").Produces(o + "R").MassAction(d.ThymicTregShare * d.LateThymocyteExitPerDay));
            // §4.9 peripheral T cells.
            string xT = ModelSignals.ExtraDeath(KillGroup.TCells);
            b.Transition(o + "N4.prolif", t => t.Consumes(o + "N4").Produces(o + "N4", 2).MassAction(d.NaiveCd4ProliferationPerDay).ModulatedBy(ModelSignals.NaiveCd4Homeostasis));
            b.Transition(o + "N4.death", t => t.Consumes(o + "N4").MassAction(d.NaiveCd4DeathPerDay));
            b.Transition(o + "N4.toM4", t => t.Consumes(o + "N4").Produces(o + "M4").MassAction(d.NaiveCd4ConversionPerDay));
            b.Transition(o + "N4.extraDeath", t => t.Consumes(o + "N4").MassAction(1.0).ModulatedBy(xT));
            b.Transition(o + "M4.prolif", t => t.Consumes(o + "M4").Produces(o + "M4", 2).MassAction(d.MemoryCd4ProliferationPerDay).ModulatedBy(ModelSignals.MemoryCd4Homeostasis));
            b.Transition(o + "M4.death", t => t.Consumes(o + "M4").MassAction(d.MemoryCd4DeathPerDay));
            b.Transition(o + "M4.extraDeath", t => t.Consumes(o + "M4").MassAction(1.0).ModulatedBy(xT));
            b.Transition(o + "N8.prolif", t => t.Consumes(o + "N8").Produces(o + "N8", 2).MassAction(d.NaiveCd8ProliferationPerDay).ModulatedBy(ModelSignals.NaiveCd8Homeostasis));
            b.Transition(o + "N8.death", t => t.Consumes(o + "N8").MassAction(d.NaiveCd8DeathPerDay));
            b.Transition(o + "N8.toM8", t => t.Consumes(o + "N8").Produces(o + "M8").MassAction(d.NaiveCd8ConversionPerDay));
            b.Transition(o + "N8.extraDeath", t => t.Consumes(o + "N8").MassAction(1.0).ModulatedBy(xT));
            b.Transition(o + "M8.prolif", t => t.Consumes(o + "M8").Produces(o + "M8", 2).MassAction(d.MemoryCd8ProliferationPerDay).ModulatedBy(ModelSignals.MemoryCd8Homeostasis));
            b.Transition(o + "M8.death", t => t.Consumes(o + "M8").MassAction(d.MemoryCd8DeathPerDay));
            b.Transition(o + "M8.extraDeath", t => t.Consumes(o + "M8").MassAction(1.0).ModulatedBy(xT));
            b.Transition(o + "R.prolif", t => t.Consumes(o + "R").Produces(o + "R", 2).MassAction(d.TregProliferationPerDay).ModulatedBy(ModelSignals.TregHomeostasis));
            b.Transition(o + "R.death", t => t.Consumes(o + "R").MassAction(tc.TregDeathPerDay));
            b.Transition(o + "R.extraDeath", t => t.Consumes(o + "R").MassAction(1.0).ModulatedBy(ModelSignals.ExtraDeath(KillGroup.Treg)));
        }
        // Graft-versus-host lymphohematopoiesis: donor T cells eliminate host T cells (host compartments only).
        // Host-versus-graft resistance and unit-versus-unit competition (§17): every donor origin's nucleated cells. None of the
        // alloimmune transitions exists without an allogeneic unit (autologous protocols run the smaller network).
        if (d.AllogeneicUnits > 0)
        {
            foreach (string x in new[] { "N4", "M4", "R", "N8", "M8", "NK" })
                b.Transition("h" + x + ".gvh", t => t.Consumes("h" + x).MassAction(1.0).ModulatedBy(ModelSignals.GraftVersusHostKill));
            string[] targets = AlloTargetStems(nM);
            for (int u = 0; u < d.DonorOrigins; u++)
            {
                string o = Origins[u + 1];
                string hvg = ModelSignals.HostVersusGraftKill(u), gvg = ModelSignals.UnitVersusUnitKill(u);
                foreach (string x in targets)
                {
                    b.Transition(o + x + ".hvg", t => t.Consumes(o + x).MassAction(1.0).ModulatedBy(hvg));
                    if (d.DonorOrigins > 1) b.Transition(o + x + ".gvg", t => t.Consumes(o + x).MassAction(1.0).ModulatedBy(gvg));
                }
            }
        }
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
            if (d.AllogeneicUnits > 0)
                b.Transition("A.gva", t => t.Consumes(ModelCatalogue.AutoreactiveName).MassAction(1.0).ModulatedBy(ModelSignals.GraftVersusAutoimmunityKill));
            if (d.AntibodyMediated)
            {
                b.Transition("A.toPC", t => t.Consumes(ModelCatalogue.AutoreactiveName).Produces(ModelCatalogue.AutoreactiveName).Produces(ModelCatalogue.PlasmaCellName).MassAction(au.PlasmaCellRatePerDay));
                b.Transition("PC.death", t => t.Consumes(ModelCatalogue.PlasmaCellName).MassAction(au.PlasmaCellDeathPerDay));
                b.Transition("PC.secrete", t => t.Consumes(ModelCatalogue.PlasmaCellName).Produces(ModelCatalogue.PlasmaCellName).Produces(ModelCatalogue.AntibodyName).MassAction(1.0));
                b.Transition("Ab.decay", t => t.Consumes(ModelCatalogue.AntibodyName).MassAction(d.AntibodyDecayPerDay));
                // §19 short-lived plasma cells (plasmablasts): fed by the clone, die within days, secrete like the long-lived ones.
                b.Transition("A.toSPC", t => t.Consumes(ModelCatalogue.AutoreactiveName).Produces(ModelCatalogue.AutoreactiveName).Produces(ModelCatalogue.ShortLivedPlasmaCellName).MassAction(d.ShortLivedPlasmaCellRatePerDay));
                b.Transition("SPC.death", t => t.Consumes(ModelCatalogue.ShortLivedPlasmaCellName).MassAction(d.ShortLivedPlasmaCellDeathPerDay));
                b.Transition("SPC.secrete", t => t.Consumes(ModelCatalogue.ShortLivedPlasmaCellName).Produces(ModelCatalogue.ShortLivedPlasmaCellName).Produces(ModelCatalogue.AntibodyName).MassAction(1.0));
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

    private static void AddSignals(ReactionNetworkBuilder b, PhysiologyDesign d, string[] origins, Func<string[], string[]> both, Func<string, int, string[]> stages)
    {
        var p = d.P;
        var sp = p.StemCells; var gp = p.Granulopoiesis; var ep = p.Erythropoiesis; var tp = p.Thrombopoiesis;
        var lp = p.Lymphocytes; var th = p.Thymus; var tc = p.TCells;
        const double intact = PhysiologyDesign.TissueIntact;
        // One stem in every origin (host first), e.g. all blood neutrophils.
        string[] All(string stem) => both([stem]);
        // A signal whose inputs are declared with its function. Each function copies the constants it needs into locals of
        // its own declaration, so its closure is one object (no chain to this method's variables on the hot path).
        void Signal(string name, Func<SignalInputs, SignalFunction> declare, string[]? parameters = null, bool timeDependent = false)
        {
            var inputs = new SignalInputs();
            var function = declare(inputs);
            b.Signal(name, function, inputs.Names, parameters ?? [], timeDependent);
        }

        // Niche feedback on LT-HSC self-renewal (§4.1): β = β_max·hr(ΣH; θ_H·Niche/10⁶, n).
        double betaMax = d.HscRenewalMaxPerDay, thetaH = d.HscNicheThreshold, nH = sp.HscNicheHill;
        Signal(ModelSignals.NicheHscRenewal, inputs =>
        {
            var hsc = inputs.Add(All("H"));
            var niche = inputs.Add([ModelCatalogue.NicheName]);
            double max = betaMax, theta = thetaH, n = nH;
            return x => max * Hr(hsc.Sum(x), theta * Math.Max(niche.Sum(x) / intact, 1e-6), n);
        });

        // Progenitor density on MPP continuation (§4.2); lineage weights 1/X*.
        double wG = 1 / d.GranulocyteProgenitors, wE = 1 / d.ErythroidProgenitors, wK = 1 / d.MegakaryocyteProgenitors, wL = 1 / d.LymphoidProgenitors;
        double cMax = sp.MppContinueMax, thetaC = d.MppDensityThreshold, nC = sp.MppDensityHill;
        Signal(ModelSignals.MppContinuation, inputs =>
        {
            inputs.Add(both(["G", "E", "K", "L"]));
            InputSlice gr = inputs.Of(All("G")), er = inputs.Of(All("E")), mk = inputs.Of(All("K")), ly = inputs.Of(All("L"));
            double max = cMax, theta = thetaC, n = nC, g = wG, e = wE, k = wK, l = wL;
            return x => max * Hr(g * gr.Sum(x) + e * er.Sum(x) + k * mk.Sum(x) + l * ly.Sum(x), theta, n);
        });
        b.Signal(ModelSignals.MppExit, x => 1 - x.Parameter(0), [], [ModelSignals.MppContinuation]);

        // G-CSF-like (§4.4): q_G and the gains, pushed towards their maxima by exogenous G-CSF.
        string[] gcsf = [ModelSignals.GcsfExogenousParameter];
        var gq = gp.Progenitor;
        double thG = d.GranulocyteRenewalThreshold, nbStar = d.BloodNeutrophils, nG = gp.GcsfHill;
        Signal(ModelSignals.GranulocyteProgenitorRenewal, inputs =>
        {
            var nb = inputs.Add(All("NB"));
            double qMax = gq.SelfRenewalMax, theta = thG, n = gq.HillCoefficient;
            return x =>
            {
                double q = qMax * Hr(nb.Sum(x), theta, n);
                return q + x.Parameter(0) * (qMax - q);
            };
        }, gcsf);
        b.Signal(ModelSignals.GranulocyteProgenitorDifferentiation, x => 1 - x.Parameter(0), [], [ModelSignals.GranulocyteProgenitorRenewal]);
        // Exogenous G-CSF pushes the gains towards a pharmacological maximum above the endogenous one: serum G-CSF after
        // 5 µg/kg (tens of ng/mL) far exceeds the endogenous peak in aplasia (≈ 1–2 ng/mL), which is why the drug shortens
        // neutropenia even when the endogenous feedback is already maximal (protocols issue; factor 2 is an assumption, 1.2–2.5: it shortens neutropenia after an autologous graft by ≈ 2.3 days and
        // advances neutrophil engraftment by ≈ 2.5 days, clinically 2–5 days in randomised trials of G-CSF after transplant).
        double pharmacologicalFactor = gp.ExogenousGainFactor;
        void Gain(string name, double gMax) => Signal(name, inputs =>
        {
            var nb = inputs.Add(All("NB"));
            double star = nbStar, max = gMax, n = nG, factor = pharmacologicalFactor;
            return x =>
            {
                double g = G(nb.Sum(x), star, max, n);
                return g + x.Parameter(0) * (factor * max - g);
            };
        }, gcsf);
        Gain(ModelSignals.NeutrophilMitoticGain, gp.MitoticGainMax);
        Gain(ModelSignals.NeutrophilMaturationGain, gp.MaturationGainMax);
        Gain(ModelSignals.NeutrophilReleaseGain, gp.ReleaseGainMax);

        // EPO-like (§4.5): q_E of Σ red cells.
        int nR = ep.RedCellStages;
        var eq = ep.Progenitor;
        double thE = d.ErythroidRenewalThreshold;
        Signal(ModelSignals.ErythroidProgenitorRenewal, inputs =>
        {
            var red = inputs.Add(both(stages("RBC", nR)));
            double qMax = eq.SelfRenewalMax, theta = thE, n = eq.HillCoefficient;
            return x => qMax * Hr(red.Sum(x), theta, n);
        });
        b.Signal(ModelSignals.ErythroidProgenitorDifferentiation, x => 1 - x.Parameter(0), [], [ModelSignals.ErythroidProgenitorRenewal]);

        // TPO-like (§4.6): platelets plus megakaryocyte mass.
        int nP = tp.PlateletStages;
        if (d.PlateletFixedConsumption > 0)
        {
            double fixedCells = d.PlateletFixedConsumption, fixedHalf = d.PlateletFixedHalf;
            Signal(ModelSignals.PlateletFixedConsumption, inputs =>
            {
                var platelets = inputs.Add(both(stages("PLT", nP)));
                double cells = fixedCells, half = fixedHalf;
                return x => cells / (platelets.Sum(x) + half);
            });
        }
        var kq = tp.Progenitor;
        double thK = d.MegakaryocyteRenewalThreshold, mkWeight = tp.TpoMegakaryocyteWeight;
        Signal(ModelSignals.MegakaryocyteProgenitorRenewal, inputs =>
        {
            var platelets = inputs.Add(both(stages("PLT", nP)));
            var megakaryocytes = inputs.Add(both(stages("MK", ModelCatalogue.MegakaryocyteStages)));
            double weight = mkWeight, qMax = kq.SelfRenewalMax, theta = thK, n = kq.HillCoefficient;
            return x =>
            {
                double s = platelets.Sum(x);
                foreach (int i in megakaryocytes.Positions) s += weight * x.Count(i);
                return qMax * Hr(s, theta, n);
            };
        });
        b.Signal(ModelSignals.MegakaryocyteProgenitorDifferentiation, x => 1 - x.Parameter(0), [], [ModelSignals.MegakaryocyteProgenitorRenewal]);

        // Lymphoid progenitor (IL-7/BAFF-like) of B + NK; B and NK homeostatic gains.
        var lq = lp.Progenitor;
        double thL = d.LymphoidRenewalThreshold;
        Signal(ModelSignals.LymphoidProgenitorRenewal, inputs =>
        {
            var bnk = inputs.Add(both(["B", "NK"]));
            double qMax = lq.SelfRenewalMax, theta = thL, n = lq.HillCoefficient;
            return x => qMax * Hr(bnk.Sum(x), theta, n);
        });
        b.Signal(ModelSignals.LymphoidProgenitorDifferentiation, x => 1 - x.Parameter(0), [], [ModelSignals.LymphoidProgenitorRenewal]);
        double bStar = d.BCells, nkStar = d.NkCells, hB = lp.BHomeostaticGainMax, hNK = lp.NkHomeostaticGainMax;
        double nLy = lp.HomeostaticGainHill;
        Signal(ModelSignals.BCellHomeostasis, inputs =>
        {
            var bCells = inputs.Add(All("B"));
            double star = bStar, max = hB, n = nLy;
            return x => G(bCells.Sum(x), star, max, n);
        });
        Signal(ModelSignals.NkCellHomeostasis, inputs =>
        {
            var nkCells = inputs.Add(All("NK"));
            double star = nkStar, max = hNK, n = nLy;
            return x => G(nkCells.Sum(x), star, max, n);
        });

        // IL-7-like T-cell niches (§4.9), IL-2-like Treg, thymic crowding with rebound (§4.8).
        // Every T-cell signal declares the same inputs (naive/memory CD4 and CD8, Treg, late thymocytes of every origin).
        string[] tCellInputs = both(["N4", "M4", "N8", "M8", "R", "T2"]);
        double a = tc.NaiveMemoryNicheWeight, bw = tc.LineageNicheWeight, ab = a * bw, n7 = tc.Il7Hill;
        void Il7(string name, double star, double gMax, int kind) => Signal(name, inputs =>
        {
            inputs.Add(tCellInputs);
            // Memory CD4 niche includes Treg.
            InputSlice naive4 = inputs.Of(All("N4")), memory4 = inputs.Of([.. All("M4"), .. All("R")]);
            InputSlice naive8 = inputs.Of(All("N8")), memory8 = inputs.Of(All("M8"));
            double wa = a, wb = bw, wab = ab, hill = n7, s0 = star, max = gMax;
            int which = kind;
            return x =>
            {
                double n4 = naive4.Sum(x), m4 = memory4.Sum(x), n8 = naive8.Sum(x), m8 = memory8.Sum(x);
                double s = which switch
                {
                    0 => n4 + wa * m4 + wb * n8 + wab * m8,
                    1 => m4 + wa * n4 + wb * m8 + wab * n8,
                    2 => n8 + wa * m8 + wb * n4 + wab * m4,
                    _ => m8 + wa * n8 + wb * m4 + wab * n4,
                };
                return G(s, s0, max, hill);
            };
        });
        Il7(ModelSignals.NaiveCd4Homeostasis, d.NaiveCd4NicheLoad, tc.NaiveGainMax, 0);
        Il7(ModelSignals.MemoryCd4Homeostasis, d.MemoryCd4NicheLoad, tc.MemoryCd4GainMax, 1);
        Il7(ModelSignals.NaiveCd8Homeostasis, d.NaiveCd8NicheLoad, tc.NaiveGainMax, 2);
        Il7(ModelSignals.MemoryCd8Homeostasis, d.MemoryCd8NicheLoad, tc.MemoryCd8GainMax, 3);
        double rho = d.TregFraction, hR = tc.TregGainMax;
        Signal(ModelSignals.TregHomeostasis, inputs =>
        {
            inputs.Add(tCellInputs);
            InputSlice conventional4 = inputs.Of(both(["N4", "M4"])), treg = inputs.Of(All("R"));
            double r0 = rho, max = hR, n = nLy;
            return x => G(treg.Sum(x), r0 / (1 - r0) * Math.Max(conventional4.Sum(x), 1), max, n);
        });
        double cap = d.ThymicCapacity, totalT = d.TotalTCells, rebound = th.ReboundGainMax, crowdingDeath = th.CrowdingDeathPerDay;
        Signal(ModelSignals.ThymusCrowding, inputs =>
        {
            inputs.Add(tCellInputs);
            var thymus = inputs.Add([ModelCatalogue.ThymusName]);
            // Peripheral T cells summed type by type across origins (each type's origins first).
            InputSlice[] peripheral = [.. new[] { "N4", "M4", "N8", "M8", "R" }.Select(stem => inputs.Of(All(stem)))];
            var lateThymocytes = inputs.Of(All("T2"));
            double capacity0 = cap, total = totalT, gain = rebound, hill = n7, death = crowdingDeath;
            return x =>
            {
                double st = 0;
                foreach (var type in peripheral) st += type.Sum(x);
                double capacity = capacity0 * (thymus.Sum(x) / intact) * G(st, total, gain, hill);
                return death * lateThymocytes.Sum(x) / Math.Max(capacity, 1e-9);
            };
        });
        double thyRegrow = th.StromaRegrowthPerDay;
        Signal(ModelSignals.ThymusRegrowth, inputs =>
        {
            var thymus = inputs.Add([ModelCatalogue.ThymusName]);
            double rate = thyRegrow;
            return x => rate * Math.Max(0, 1 - thymus.Sum(x) / intact);
        });
        double nicheRegrow = sp.NicheRegrowthPerDay;
        Signal(ModelSignals.NicheRegrowth, inputs =>
        {
            var niche = inputs.Add([ModelCatalogue.NicheName]);
            double rate = nicheRegrow;
            return x => rate * Math.Max(0, 1 - niche.Sum(x) / intact);
        });

        // Time-dependent extra death (ATG-like): Σ slots E_max·C/(C + EC50), C = C₀·2^(−(t − t₀)/t½) (§10).
        foreach (var g in ModelSignals.ExtraDeathGroups)
        {
            var names = new List<string>();
            for (int k = 0; k < ModelSignals.ExtraDeathSlots; k++)
                foreach (string f in ModelSignals.ExtraDeathFields) names.Add(ModelSignals.ExtraDeathParameter(g, k, f));
            b.Signal(ModelSignals.ExtraDeath(g), x =>
            {
                double rate = 0;
                const int n = 5; // ModelSignals.ExtraDeathFields per slot
                for (int k = 0; k < ModelSignals.ExtraDeathSlots; k++)
                {
                    double max = x.Parameter(n * k + ModelSignals.ExtraDeathMax);
                    if (max <= 0) continue;
                    double c = x.Parameter(n * k + ModelSignals.ExtraDeathConcentration)
                        * Math.Pow(2, -Math.Max(0, x.TimeDays - x.Parameter(n * k + ModelSignals.ExtraDeathStart)) / x.Parameter(n * k + ModelSignals.ExtraDeathHalfLife));
                    double ec50 = x.Parameter(n * k + ModelSignals.ExtraDeathEc50);
                    rate += ec50 > 0 ? max * c / (c + ec50) : max * c;
                }
                return rate;
            }, [], names, timeDependent: true);
        }

        AddAlloimmunitySignals(d, origins, Signal);

        // Autoreactive clone (§4.10): birth regulated by the Treg fraction, antigen-limited; disease effects.
        if (d.Auto is not null)
        {
            double bMax = d.AutoreactiveBirthMaxPerDay, capA = d.AutoreactiveCapacity;
            Signal(ModelSignals.AutoreactiveBirth, inputs =>
            {
                inputs.Add(tCellInputs);
                var clone = inputs.Add([ModelCatalogue.AutoreactiveName]);
                InputSlice conventional4 = inputs.Of(both(["N4", "M4"])), treg = inputs.Of(All("R"));
                double max = bMax, r0 = rho, n = nLy, capacity = capA;
                return x =>
                {
                    double c4 = conventional4.Sum(x), r = treg.Sum(x);
                    double rhoNow = r / Math.Max(c4 + r, 1);
                    return max * Hr(rhoNow, r0, n) / (1 + clone.Sum(x) / capacity);
                };
            });
            double third = d.DriverReference / 3.0;
            string driverName = d.AntibodyMediated ? ModelCatalogue.AntibodyName : ModelCatalogue.AutoreactiveName;
            void DiseaseEffect(string name, double maxPerDay) => Signal(name, inputs =>
            {
                var driver = inputs.Add([driverName]);
                double max = maxPerDay, half = third;
                return x => max * driver.Sum(x) / (driver.Sum(x) + half);
            });
            if (d.Disease == AutoimmuneDisease.AutoimmuneHemolyticAnemia) DiseaseEffect(ModelSignals.DiseaseHemolysis, ep.HemolysisMaxPerDay);
            if (d.Disease == AutoimmuneDisease.ImmuneThrombocytopenia) DiseaseEffect(ModelSignals.DiseasePlateletDestruction, tp.PlateletDestructionMaxPerDay);
        }
    }

    /// <summary>
    /// The alloimmune signals of docs/model.md §17: graft-versus-host (donor T cells against host T and NK cells),
    /// graft-versus-autoimmunity, host-versus-graft per donor origin and unit-versus-unit per donor origin.
    /// </summary>
    private static void AddAlloimmunitySignals(PhysiologyDesign d, string[] origins, Action<string, Func<SignalInputs, SignalFunction>, string[]?, bool> signal)
    {
        var al = d.P.Alloimmunity;
        int units = d.DonorOrigins;
        string[] tStems = ["N4", "M4", "R", "N8", "M8"];
        string[] OfOrigin(string origin) => [.. tStems.Select(s => origin + s)];
        string[] Unit(string field) => [.. Enumerable.Range(0, units).Select(u => ModelSignals.UnitParameter(u, field))];
        // Blood T cells per µL → whole-body count: readouts count T cells × (blood fraction) / (blood volume in µL).
        double wholeBodyPerMicroliter = d.BloodVolumeLiters * 1e6 / d.P.Lymphocytes.BloodFractionTAndB;

        if (d.AllogeneicUnits == 0) return;

        // Graft-versus-host: max·IS·Σ_u a_u·T_u/(Σ_u T_u + half), a_u the unit's alloreactivity (0 before its infusion).
        double gvhMax = al.GraftVersusHostMaxPerDay, gvhHalf = al.GraftVersusHostHalfPerMicroliter * wholeBodyPerMicroliter;
        signal(ModelSignals.GraftVersusHostKill, inputs =>
        {
            var donorT = new InputSlice[units];
            for (int u = 0; u < units; u++) donorT[u] = inputs.Add(OfOrigin(origins[u + 1]));
            double max = gvhMax, half = gvhHalf;
            int n = units;
            return x =>
            {
                // Off (no allogeneic unit yet) without summing any count: autologous patients pay one parameter read per unit.
                bool on = false;
                for (int u = 0; u < n && !on; u++) on = x.Parameter(1 + u) > 0;
                if (!on) return 0;
                double weighted = 0, total = 0;
                for (int u = 0; u < n; u++)
                {
                    double t = donorT[u].Sum(x);
                    total += t;
                    weighted += x.Parameter(1 + u) * t;
                }
                return weighted > 0 ? max * x.Parameter(0) * weighted / (total + half) : 0;
            };
        }, [ModelSignals.ImmunosuppressionParameter, .. Unit(ModelSignals.UnitFields[ModelSignals.UnitAlloreactivity])], false);
        if (d.Auto is not null)
        {
            signal(ModelSignals.GraftVersusAutoimmunityKill, inputs =>
            {
                var donorT = inputs.Add([.. Enumerable.Range(0, units).SelectMany(u => OfOrigin(origins[u + 1]))]);
                var hostT = inputs.Add(OfOrigin(ModelCatalogue.HostPrefix));
                return x =>
                {
                    double max = x.Parameter(0);
                    if (max <= 0) return 0;
                    double dt = donorT.Sum(x);
                    double all = dt + hostT.Sum(x);
                    return all > 0 ? max * dt / all : 0;
                };
            }, [ModelSignals.GvaRateParameter], false);
        }

        // Host-versus-graft, per donor origin u: tol_u(t)·[k·r_u·IS·e²/(e² + e½²) + k_DSA·DSA_u] / (1 + D/D½), with e the weighted host
        // NK and T cells relative to their untreated level, D the donor nucleated targets of every unit plus each unit's decaying
        // accessory cells, tol_u = 2^(−(t − t_u)/t½).
        string[] targets = AlloTargetStems(d.P.StemCells.MppStages);
        double nkStar = d.NkCells, tStar = d.NaiveCd4 + d.MemoryCd4 + d.NaiveCd8 + d.MemoryCd8;
        double hvgMax = al.HostVersusGraftMaxPerDay, nkWeight = al.HostNkEffectorWeight, effectorHalf = al.HostEffectorHalf;
        double targetHalf = al.HostVersusGraftHalfTargetCells, tolerance = al.ToleranceHalfLifeDays, accessoryHalf = al.AccessoryCellHalfLifeDays;
        double dsaKill = al.DonorSpecificAntibodyKillPerDay;
        string[] UnitFieldsOf(int u) => [.. ModelSignals.UnitFields.Select(f => ModelSignals.UnitParameter(u, f))];
        for (int unit = 0; unit < units; unit++)
        {
            int self = unit;
            signal(ModelSignals.HostVersusGraftKill(unit), inputs =>
            {
                var hostNk = inputs.Add(["hNK"]);
                var hostT = inputs.Add(["hN4", "hM4", "hN8", "hM8"]);
                var donor = inputs.Add([.. Enumerable.Range(0, units).SelectMany(u => targets.Select(x => origins[u + 1] + x))]);
                double max = hvgMax, w = nkWeight, half2 = effectorHalf * effectorHalf, nk0 = nkStar, t0 = tStar;
                double dHalf = targetHalf, tol = tolerance, acc = accessoryHalf, antibody = dsaKill;
                int n = units, f = ModelSignals.UnitFields.Length, me = self;
                return x =>
                {
                    // Parameters: IS, then the fields of every unit (f per unit).
                    double resistance = x.Parameter(1 + me * f + ModelSignals.UnitResistance);
                    double antibodies = x.Parameter(1 + me * f + ModelSignals.UnitAntibodies);
                    if (resistance <= 0 && antibodies <= 0) return 0;
                    double e = w * hostNk.Sum(x) / nk0 + (1 - w) * hostT.Sum(x) / t0;
                    double cellular = max * resistance * x.Parameter(0) * e * e / (e * e + half2);
                    double targetCells = donor.Sum(x);
                    for (int u = 0; u < n; u++)
                    {
                        double accessory = x.Parameter(1 + u * f + ModelSignals.UnitAccessory);
                        if (accessory > 0) targetCells += accessory * Math.Pow(2, -Math.Max(0, x.TimeDays - x.Parameter(1 + u * f + ModelSignals.UnitStart)) / acc);
                    }
                    double sinceInfusion = Math.Max(0, x.TimeDays - x.Parameter(1 + me * f + ModelSignals.UnitStart));
                    return (cellular + antibody * antibodies) * Math.Pow(2, -sinceInfusion / tol) / (1 + targetCells / dHalf);
                };
            }, [ModelSignals.ImmunosuppressionParameter, .. Enumerable.Range(0, units).SelectMany(UnitFieldsOf)], true);
        }
        if (units < 2) return;

        // Unit-versus-unit, per donor origin u: k·IS·(1 − 2^(−(t − t_u)/τ))·Σ_{v≠u} T_v/(T_v + half) over the other units already infused:
        // their alloreactive T cells need weeks to expand (priming τ), then keep reacting until one unit is left (no tolerance: the loser is
        // cleared, Barker 2005).
        double gvgMax = al.UnitVersusUnitMaxPerDay, gvgHalf = al.UnitVersusUnitHalfPerMicroliter * wholeBodyPerMicroliter;
        double gvgPriming = al.UnitVersusUnitPrimingDays;
        for (int unit = 0; unit < units; unit++)
        {
            int self = unit;
            signal(ModelSignals.UnitVersusUnitKill(unit), inputs =>
            {
                var unitT = new InputSlice[units];
                for (int u = 0; u < units; u++) unitT[u] = inputs.Add(OfOrigin(origins[u + 1]));
                double max = gvgMax, half = gvgHalf, priming = gvgPriming;
                int n = units, f = ModelSignals.UnitFields.Length, me = self;
                return x =>
                {
                    double kill = 0;
                    for (int v = 0; v < n; v++)
                    {
                        if (v == me || x.Parameter(1 + v * f + ModelSignals.UnitAlloreactivity) <= 0) continue;
                        double t = unitT[v].Sum(x);
                        kill += t / (t + half);
                    }
                    if (kill <= 0) return 0;
                    double sinceInfusion = Math.Max(0, x.TimeDays - x.Parameter(1 + me * f + ModelSignals.UnitStart));
                    return max * x.Parameter(0) * kill * (1 - Math.Pow(2, -sinceInfusion / priming));
                };
            }, [ModelSignals.ImmunosuppressionParameter, .. Enumerable.Range(0, units).SelectMany(UnitFieldsOf)], true);
        }
    }
}
