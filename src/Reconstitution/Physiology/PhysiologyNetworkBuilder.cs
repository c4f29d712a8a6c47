using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Reconstitution.Compartments;
using Reconstitution.Numerics;

namespace Reconstitution.Physiology;

/// <summary>
/// Writes the reaction network of docs/model.md §3–§6 for a <see cref="PhysiologyShape"/>: every compartment once per origin
/// (host prefix <c>h</c>, then one donor prefix per donor origin) plus the shared host tissues and autoimmunity, and the feedback laws of §5 as
/// shared derived signals (§14: computed once per propensity update, not once per transition). Every value depends on the
/// <see cref="PhysiologyDesign"/> only through a name (an initial count or rate constant is a <see cref="DesignValue"/>) or
/// a signal's binder, a function of the design, so that the structure is built once per shape and every patient binds only
/// its values (<see cref="PhysiologyTemplate"/>).
/// </summary>
/// <remarks>
/// The structure depends only on the shape; the builder reads a design only inside signal binders, through their argument
/// <c>d</c> (a binder capturing the first design would hand its values to every patient).
/// </remarks>
internal static class PhysiologyNetworkBuilder
{
    /// <summary>Compartment stems of the nucleated donor cells that host effectors and other units' T cells kill (docs/model.md §17).</summary>
    /// <remarks>Set-up code written with loops, here and below, not LINQ from <c>int</c> or into <see cref="InputSlice"/>: those are generic
    /// instantiations JIT-compiled in every process (benchmarks/results/cohort.md, session 16).</remarks>
    private static string[] AlloTargetStems(int mppStages)
    {
        var mpp = new string[mppStages];
        for (int i = 0; i < mppStages; i++) mpp[i] = "MPP" + (i + 1).ToString(CultureInfo.InvariantCulture);
        return ["H", "S1", "S2", .. mpp, "G", "E", "K", "L", "N4", "M4", "R", "N8", "M8", "B", "NK"];
    }

    /// <summary>The MPP exits to the four lineages and each exit's rate: the lineage's share of the MPP division rate (docs/model.md §4.2).</summary>
    private static readonly (string Lineage, DesignValue RatePerDay)[] MppExits =
    [
        ("G", DesignValue.MppToGranulocytePerDay), ("E", DesignValue.MppToErythroidPerDay),
        ("K", DesignValue.MppToMegakaryocytePerDay), ("L", DesignValue.MppToLymphoidPerDay),
    ];

    /// <summary>Builds the structure of <paramref name="shape"/>, with the values of <paramref name="first"/> in the template's own network.</summary>
    /// <param name="shape">The shape.</param>
    /// <param name="first">A design of that shape.</param>
    /// <returns>The template.</returns>
    public static PhysiologyTemplate Build(PhysiologyShape shape, PhysiologyDesign first)
    {
        string[] Origins = ModelCatalogue.Prefixes(shape.DonorOrigins);
        int nM = shape.MppStages, nR = shape.RedCellStages, nP = shape.PlateletStages;
        var b = new PhysiologyTemplateBuilder(first);

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

        // ---- Compartments (§3): the host starts at its design's steady state, the donor copies empty ----
        const CompartmentMode C = CompartmentMode.Continuous;
        foreach (string o in Origins)
        {
            // A donor origin's count is 0 in every design (as 0·x, x the host's finite count ≥ 0, was): a constant, not bound.
            bool host = o == ModelCatalogue.HostPrefix;
            void Cells(string name, DesignValue value, CompartmentMode mode = C, int stage = 0)
            {
                if (host) b.Compartment(name, value, mode, stage);
                else b.Compartment(name, 0.0, mode);
            }
            Cells(o + "H", DesignValue.LongTermStemCells, CompartmentMode.Dynamic);
            Cells(o + "S1", DesignValue.ShortTermStemCells1);
            Cells(o + "S2", DesignValue.ShortTermStemCells2);
            for (int i = 0; i < nM; i++) Cells(N(o + "MPP", i + 1), DesignValue.MppStageCells, stage: i);
            Cells(o + "G", DesignValue.GranulocyteProgenitors);
            Cells(o + "E", DesignValue.ErythroidProgenitors);
            Cells(o + "K", DesignValue.MegakaryocyteProgenitors);
            Cells(o + "L", DesignValue.LymphoidProgenitors);
            for (int i = 0; i < ModelCatalogue.MitoticNeutrophilStages; i++) Cells(N(o + "NM", i + 1), DesignValue.MitoticStageCells, stage: i);
            for (int i = 0; i < ModelCatalogue.PostMitoticNeutrophilStages; i++) Cells(N(o + "NP", i + 1), DesignValue.PostMitoticStageCells);
            Cells(o + "NR", DesignValue.MarrowNeutrophilReserve);
            Cells(o + "NB", DesignValue.BloodNeutrophils);
            Cells(o + "Mo", DesignValue.Monocytes);
            for (int i = 0; i < ModelCatalogue.ErythroblastStages; i++) Cells(N(o + "EB", i + 1), DesignValue.ErythroblastStageCells, stage: i);
            Cells(o + "Ret", DesignValue.Reticulocytes);
            for (int i = 0; i < nR; i++) Cells(N(o + "RBC", i + 1), DesignValue.RedCellsPerStage);
            for (int i = 0; i < ModelCatalogue.MegakaryocyteStages; i++) Cells(N(o + "MK", i + 1), DesignValue.MegakaryocyteStageCells);
            for (int i = 0; i < nP; i++) Cells(N(o + "PLT", i + 1), DesignValue.PlateletsPerStage);
            Cells(o + "BP1", DesignValue.EarlyBPrecursors);
            Cells(o + "BP2", DesignValue.LateBPrecursors);
            Cells(o + "B", DesignValue.BCells);
            Cells(o + "NKP", DesignValue.NkPrecursors);
            Cells(o + "NK", DesignValue.NkCells);
            Cells(o + "T1", DesignValue.EarlyThymocytes);
            Cells(o + "T2", DesignValue.LateThymocytes);
            Cells(o + "N4", DesignValue.NaiveCd4);
            Cells(o + "M4", DesignValue.MemoryCd4);
            Cells(o + "N8", DesignValue.NaiveCd8);
            Cells(o + "M8", DesignValue.MemoryCd8);
            Cells(o + "R", DesignValue.Treg);
        }
        b.Compartment(ModelCatalogue.ThymusName, PhysiologyDesign.TissueIntact, C);
        b.Compartment(ModelCatalogue.NicheName, PhysiologyDesign.TissueIntact, C);
        b.Compartment(ModelCatalogue.AutoreactiveName, DesignValue.AutoreactiveCells, CompartmentMode.Dynamic);
        b.Compartment(ModelCatalogue.PlasmaCellName, DesignValue.PlasmaCells, C);
        b.Compartment(ModelCatalogue.AntibodyName, DesignValue.Antibody, C);
        b.Compartment(ModelCatalogue.ShortLivedPlasmaCellName, DesignValue.ShortLivedPlasmaCells, C);

        // ---- Run-time parameters (hooks) ----
        b.Parameter(ModelSignals.GcsfExogenousParameter, 0);
        b.Parameter(ModelSignals.ImmunosuppressionParameter, 1).Parameter(ModelSignals.GvaRateParameter, 0);
        for (int u = 0; u < shape.DonorOrigins; u++)
            foreach (string field in ModelSignals.UnitFields) b.Parameter(ModelSignals.UnitParameter(u, field), 0);
        foreach (var g in ModelSignals.ExtraDeathGroups)
            for (int k = 0; k < ModelSignals.ExtraDeathSlots; k++)
            {
                // max, conc, start, ec50, halfLife (ModelSignals.ExtraDeathFields): off, with a valid EC50 and half-life.
                foreach (string field in ModelSignals.ExtraDeathFields)
                    b.Parameter(ModelSignals.ExtraDeathParameter(g, k, field), field is "ec50" or "halfLife" ? 1 : 0);
            }

        // ---- Signals (§5): each is computed once per propensity update ----
        AddSignals(b, shape, Origins, Both, Stages);

        // ---- Transitions (§4) ----
        int ampS = checked((int)Math.Pow(2, shape.ShortTermAmplificationExponent));
        int ampT = checked((int)Math.Pow(2, shape.ThymicAmplificationExponent));
        foreach (string o in Origins)
        {
            // §4.1 stem cells.
            b.Transition(o + "H.renew", 1.0, t => t.Consumes(o + "H").Produces(o + "H", 2).ModulatedBy(ModelSignals.NicheHscRenewal));
            b.Transition(o + "H.diff", DesignValue.HscDifferentiationPerDay, t => t.Consumes(o + "H").Produces(o + "S1", ampS));
            b.Transition(o + "S1.out", DesignValue.ShortTermStageExitPerDay, t => t.Consumes(o + "S1").Produces(o + "S2", ampS));
            b.Transition(o + "S2.out", DesignValue.ShortTermStageExitPerDay, t => t.Consumes(o + "S2").Produces(o + "MPP1", 2));
            // §4.2 MPP generation chain.
            for (int i = 1; i <= nM; i++)
            {
                string mi = N(o + "MPP", i);
                bool last = i == nM;
                if (!last)
                    b.Transition(mi + ".cont", DesignValue.MppDivisionPerDay, t => t.Consumes(mi).Produces(N(o + "MPP", i + 1), 4).ModulatedBy(ModelSignals.MppContinuation));
                foreach (var (lin, exit) in MppExits)
                    b.Transition(mi + ".to" + lin, exit, t =>
                    {
                        t.Consumes(mi).Produces(o + lin, shape.MppExitAmplification);
                        if (!last) t.ModulatedBy(ModelSignals.MppExit);
                    });
            }
            // §4.3 lineage progenitors.
            b.Transition(o + "G.renew", DesignValue.GranulocyteProgenitorDivisionPerDay, t => t.Consumes(o + "G").Produces(o + "G", 2).ModulatedBy(ModelSignals.GranulocyteProgenitorRenewal));
            b.Transition(o + "G.diff", DesignValue.GranulocyteProgenitorDivisionPerDay, t => t.Consumes(o + "G").Produces(o + "NM1", 2).ModulatedBy(ModelSignals.GranulocyteProgenitorDifferentiation));
            b.Transition(o + "E.renew", DesignValue.ErythroidProgenitorDivisionPerDay, t => t.Consumes(o + "E").Produces(o + "E", 2).ModulatedBy(ModelSignals.ErythroidProgenitorRenewal));
            b.Transition(o + "E.diff", DesignValue.ErythroidProgenitorDivisionPerDay, t => t.Consumes(o + "E").Produces(o + "EB1", 2).ModulatedBy(ModelSignals.ErythroidProgenitorDifferentiation));
            b.Transition(o + "K.renew", DesignValue.MegakaryocyteProgenitorDivisionPerDay, t => t.Consumes(o + "K").Produces(o + "K", 2).ModulatedBy(ModelSignals.MegakaryocyteProgenitorRenewal));
            b.Transition(o + "K.diff", DesignValue.MegakaryocyteProgenitorDivisionPerDay, t => t.Consumes(o + "K").Produces(o + "MK1").ModulatedBy(ModelSignals.MegakaryocyteProgenitorDifferentiation));
            b.Transition(o + "L.renew", DesignValue.LymphoidProgenitorDivisionPerDay, t => t.Consumes(o + "L").Produces(o + "L", 2).ModulatedBy(ModelSignals.LymphoidProgenitorRenewal));
            b.Transition(o + "L.toBP1", DesignValue.LymphoidToBPerDay, t => t.Consumes(o + "L").Produces(o + "BP1").ModulatedBy(ModelSignals.LymphoidProgenitorDifferentiation));
            b.Transition(o + "L.toNKP", DesignValue.LymphoidToNkPerDay, t => t.Consumes(o + "L").Produces(o + "NKP").ModulatedBy(ModelSignals.LymphoidProgenitorDifferentiation));
            b.Transition(o + "L.toT1", DesignValue.LymphoidToThymusPerDay, t => t.Consumes(o + "L").Produces(o + "T1").ModulatedBy(ModelSignals.LymphoidProgenitorDifferentiation));
            // §4.4 neutrophils and monocytes.
            int lastNm = ModelCatalogue.MitoticNeutrophilStages;
            for (int i = 1; i < lastNm; i++)
            {
                string x = N(o + "NM", i), next = N(o + "NM", i + 1);
                b.Transition(x + ".div", DesignValue.MitoticDivisionPerDay, t => t.Consumes(x).Produces(next, 2).ModulatedBy(ModelSignals.NeutrophilMitoticGain));
            }
            b.Transition(N(o + "NM", lastNm) + ".toNP", DesignValue.MitoticToNeutrophilPerDay, t => t.Consumes(N(o + "NM", lastNm)).Produces(o + "NP1", 2).ModulatedBy(ModelSignals.NeutrophilMitoticGain));
            b.Transition(N(o + "NM", lastNm) + ".toMo", DesignValue.MitoticToMonocytePerDay, t => t.Consumes(N(o + "NM", lastNm)).Produces(o + "Mo", 2).ModulatedBy(ModelSignals.NeutrophilMitoticGain));
            for (int i = 1; i <= ModelCatalogue.PostMitoticNeutrophilStages; i++)
            {
                string x = N(o + "NP", i), next = i < ModelCatalogue.PostMitoticNeutrophilStages ? N(o + "NP", i + 1) : o + "NR";
                b.Transition(x + ".mat", DesignValue.PostMitoticMaturationPerDay, t => t.Consumes(x).Produces(next).ModulatedBy(ModelSignals.NeutrophilMaturationGain));
            }
            b.Transition(o + "NR.release", DesignValue.NeutrophilReleasePerDay, t => t.Consumes(o + "NR").Produces(o + "NB").ModulatedBy(ModelSignals.NeutrophilReleaseGain));
            b.Transition(o + "NB.death", DesignValue.BloodNeutrophilDeathPerDay, t => t.Consumes(o + "NB"));
            b.Transition(o + "Mo.death", DesignValue.MonocyteDeathPerDay, t => t.Consumes(o + "Mo"));
            // §4.5 erythroid.
            for (int i = 1; i <= ModelCatalogue.ErythroblastStages; i++)
            {
                string x = N(o + "EB", i), next = i < ModelCatalogue.ErythroblastStages ? N(o + "EB", i + 1) : o + "Ret";
                b.Transition(x + ".div", DesignValue.ErythroblastDivisionPerDay, t => t.Consumes(x).Produces(next, 2));
            }
            b.Transition(o + "Ret.out", DesignValue.ReticulocyteReleasePerDay, t => t.Consumes(o + "Ret").Produces(o + "RBC1"));
            AddAgeChain(b, o + "RBC", nR, DesignValue.RedCellAgingPerDay,
                shape.RedCellClearance ? (".lysis", ModelSignals.DiseaseHemolysis) : null);
            // §4.6 megakaryocytes and platelets.
            for (int i = 1; i <= ModelCatalogue.MegakaryocyteStages; i++)
            {
                string x = N(o + "MK", i);
                int stage = i;
                b.Transition(x + ".mat", DesignValue.MegakaryocyteMaturationPerDay, t =>
                {
                    t.Consumes(x);
                    if (stage < ModelCatalogue.MegakaryocyteStages) t.Produces(N(o + "MK", stage + 1));
                    else t.Produces(o + "PLT1", shape.PlateletsPerMegakaryocyte);
                });
            }
            AddAgeChain(b, o + "PLT", nP, DesignValue.PlateletAgingPerDay,
                shape.PlateletClearance ? (".destroy", ModelSignals.DiseasePlateletDestruction) : null);
            // Fixed requirement for endothelial support (Hanson–Slichter 1985): per-platelet rate F/(P + P_half), P all platelets.
            if (shape.PlateletFixedConsumption)
                for (int i = 1; i <= nP; i++)
                {
                    string x = N(o + "PLT", i);
                    b.Transition(x + ".fixed", 1.0, t => t.Consumes(x).ModulatedBy(ModelSignals.PlateletFixedConsumption));
                }
            // §4.7 B and NK cells.
            b.Transition(o + "BP1.div", DesignValue.BPrecursorMaturationPerDay, t => t.Consumes(o + "BP1").Produces(o + "BP2", 2));
            b.Transition(o + "BP2.out", DesignValue.BPrecursorMaturationPerDay, t => t.Consumes(o + "BP2").Produces(o + "B"));
            b.Transition(o + "B.prolif", DesignValue.BProliferationPerDay, t => t.Consumes(o + "B").Produces(o + "B", 2).ModulatedBy(ModelSignals.BCellHomeostasis));
            b.Transition(o + "B.death", DesignValue.BDeathPerDay, t => t.Consumes(o + "B"));
            b.Transition(o + "B.extraDeath", 1.0, t => t.Consumes(o + "B").ModulatedBy(ModelSignals.ExtraDeath(KillGroup.BCells)));
            b.Transition(o + "NKP.out", DesignValue.NkPrecursorMaturationPerDay, t => t.Consumes(o + "NKP").Produces(o + "NK"));
            b.Transition(o + "NK.prolif", DesignValue.NkProliferationPerDay, t => t.Consumes(o + "NK").Produces(o + "NK", 2).ModulatedBy(ModelSignals.NkCellHomeostasis));
            b.Transition(o + "NK.death", DesignValue.NkDeathPerDay, t => t.Consumes(o + "NK"));
            b.Transition(o + "NK.extraDeath", 1.0, t => t.Consumes(o + "NK").ModulatedBy(ModelSignals.ExtraDeath(KillGroup.NkCells)));
            // §4.8 thymus.
            b.Transition(o + "T1.out", DesignValue.EarlyThymocyteExitPerDay, t => t.Consumes(o + "T1").Produces(o + "T2", ampT));
            b.Transition(o + "T2.select", 1.0, t => t.Consumes(o + "T2").ModulatedBy(ModelSignals.ThymusCrowding));
            b.Transition(o + "T2.toN4", DesignValue.ThymusToNaiveCd4PerDay, t => t.Consumes(o + "T2").Produces(o + "N4"));
            b.Transition(o + "T2.toN8", DesignValue.ThymusToNaiveCd8PerDay, t => t.Consumes(o + "T2").Produces(o + "N8"));
            b.Transition(o + "T2.toR", DesignValue.ThymusToTregPerDay, t => t.Consumes(o + "T2").Produces(o + "R"));
            // §4.9 peripheral T cells.
            string xT = ModelSignals.ExtraDeath(KillGroup.TCells);
            b.Transition(o + "N4.prolif", DesignValue.NaiveCd4ProliferationPerDay, t => t.Consumes(o + "N4").Produces(o + "N4", 2).ModulatedBy(ModelSignals.NaiveCd4Homeostasis));
            b.Transition(o + "N4.death", DesignValue.NaiveCd4DeathPerDay, t => t.Consumes(o + "N4"));
            b.Transition(o + "N4.toM4", DesignValue.NaiveCd4ConversionPerDay, t => t.Consumes(o + "N4").Produces(o + "M4"));
            b.Transition(o + "N4.extraDeath", 1.0, t => t.Consumes(o + "N4").ModulatedBy(xT));
            b.Transition(o + "M4.prolif", DesignValue.MemoryCd4ProliferationPerDay, t => t.Consumes(o + "M4").Produces(o + "M4", 2).ModulatedBy(ModelSignals.MemoryCd4Homeostasis));
            b.Transition(o + "M4.death", DesignValue.MemoryCd4DeathPerDay, t => t.Consumes(o + "M4"));
            b.Transition(o + "M4.extraDeath", 1.0, t => t.Consumes(o + "M4").ModulatedBy(xT));
            b.Transition(o + "N8.prolif", DesignValue.NaiveCd8ProliferationPerDay, t => t.Consumes(o + "N8").Produces(o + "N8", 2).ModulatedBy(ModelSignals.NaiveCd8Homeostasis));
            b.Transition(o + "N8.death", DesignValue.NaiveCd8DeathPerDay, t => t.Consumes(o + "N8"));
            b.Transition(o + "N8.toM8", DesignValue.NaiveCd8ConversionPerDay, t => t.Consumes(o + "N8").Produces(o + "M8"));
            b.Transition(o + "N8.extraDeath", 1.0, t => t.Consumes(o + "N8").ModulatedBy(xT));
            b.Transition(o + "M8.prolif", DesignValue.MemoryCd8ProliferationPerDay, t => t.Consumes(o + "M8").Produces(o + "M8", 2).ModulatedBy(ModelSignals.MemoryCd8Homeostasis));
            b.Transition(o + "M8.death", DesignValue.MemoryCd8DeathPerDay, t => t.Consumes(o + "M8"));
            b.Transition(o + "M8.extraDeath", 1.0, t => t.Consumes(o + "M8").ModulatedBy(xT));
            b.Transition(o + "R.prolif", DesignValue.TregProliferationPerDay, t => t.Consumes(o + "R").Produces(o + "R", 2).ModulatedBy(ModelSignals.TregHomeostasis));
            b.Transition(o + "R.death", DesignValue.TregDeathPerDay, t => t.Consumes(o + "R"));
            b.Transition(o + "R.extraDeath", 1.0, t => t.Consumes(o + "R").ModulatedBy(ModelSignals.ExtraDeath(KillGroup.Treg)));
        }
        // Graft-versus-host lymphohematopoiesis: donor T cells eliminate host T cells (host compartments only).
        // Host-versus-graft resistance and unit-versus-unit competition (§17): every donor origin's nucleated cells. None of the
        // alloimmune transitions exists without an allogeneic unit (autologous protocols run the smaller network).
        if (shape.AllogeneicUnits > 0)
        {
            foreach (string x in new[] { "N4", "M4", "R", "N8", "M8", "NK" })
                b.Transition("h" + x + ".gvh", 1.0, t => t.Consumes("h" + x).ModulatedBy(ModelSignals.GraftVersusHostKill));
            string[] targets = AlloTargetStems(nM);
            for (int u = 0; u < shape.DonorOrigins; u++)
            {
                string o = Origins[u + 1];
                string hvg = ModelSignals.HostVersusGraftKill(u), gvg = ModelSignals.UnitVersusUnitKill(u);
                foreach (string x in targets)
                {
                    b.Transition(o + x + ".hvg", 1.0, t => t.Consumes(o + x).ModulatedBy(hvg));
                    if (shape.DonorOrigins > 1) b.Transition(o + x + ".gvg", 1.0, t => t.Consumes(o + x).ModulatedBy(gvg));
                }
            }
        }
        // Host tissues: logistic regrowth after damage.
        b.Transition("Thy.regrow", 1.0, t => t.Consumes(ModelCatalogue.ThymusName).Produces(ModelCatalogue.ThymusName, 2).ModulatedBy(ModelSignals.ThymusRegrowth));
        b.Transition("Niche.regrow", 1.0, t => t.Consumes(ModelCatalogue.NicheName).Produces(ModelCatalogue.NicheName, 2).ModulatedBy(ModelSignals.NicheRegrowth));
        // §4.10 autoreactive clone, plasma cells, antibody.
        if (shape.Autoimmune)
        {
            const string A = ModelCatalogue.AutoreactiveName, PC = ModelCatalogue.PlasmaCellName, Ab = ModelCatalogue.AntibodyName, SPC = ModelCatalogue.ShortLivedPlasmaCellName;
            b.Transition("A.birth", 1.0, t => t.Consumes(A).Produces(A, 2).ModulatedBy(ModelSignals.AutoreactiveBirth));
            b.Transition("A.death", DesignValue.AutoreactiveDeathPerDay, t => t.Consumes(A));
            b.Transition("A.extraDeath", 1.0, t => t.Consumes(A).ModulatedBy(ModelSignals.ExtraDeath(KillGroup.Autoreactive)));
            if (shape.AllogeneicUnits > 0)
                b.Transition("A.gva", 1.0, t => t.Consumes(A).ModulatedBy(ModelSignals.GraftVersusAutoimmunityKill));
            if (shape.AntibodyMediated)
            {
                b.Transition("A.toPC", DesignValue.PlasmaCellRatePerDay, t => t.Consumes(A).Produces(A).Produces(PC));
                b.Transition("PC.death", DesignValue.PlasmaCellDeathPerDay, t => t.Consumes(PC));
                b.Transition("PC.secrete", 1.0, t => t.Consumes(PC).Produces(PC).Produces(Ab));
                b.Transition("Ab.decay", DesignValue.AntibodyDecayPerDay, t => t.Consumes(Ab));
                // §19 short-lived plasma cells (plasmablasts): fed by the clone, die within days, secrete like the long-lived ones.
                b.Transition("A.toSPC", DesignValue.ShortLivedPlasmaCellRatePerDay, t => t.Consumes(A).Produces(A).Produces(SPC));
                b.Transition("SPC.death", DesignValue.ShortLivedPlasmaCellDeathPerDay, t => t.Consumes(SPC));
                b.Transition("SPC.secrete", 1.0, t => t.Consumes(SPC).Produces(SPC).Produces(Ab));
            }
        }
        return b.Build(shape);
    }

    /// <summary>The LT-HSC self-renewal rate β_max·hr(ΣH; θ_H·max(Niche/intact, 10⁻⁶), n) (§4.1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double HscRenewal(double hsc, double niche, double max, double theta, double n) =>
        max * Hr(hsc, theta * Math.Max(niche / PhysiologyDesign.TissueIntact, 1e-6), n);

    /// <summary>The MPP continuation probability max·hr(Σ lineage progenitors weighted 1/X*; θ, n) (§4.2).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double MppContinuation(double granulocyte, double erythroid, double megakaryocyte, double lymphoid,
        double g, double e, double k, double l, double max, double theta, double n) =>
        max * Hr(g * granulocyte + e * erythroid + k * megakaryocyte + l * lymphoid, theta, n);

    /// <summary>
    /// The autoreactive clone's birth rate per cell (§4.10): max·hr(ρ; ρ₀, n)/(1 + A/capacity), ρ = R/max(CD4 conventional + R, 1)
    /// the Treg fraction.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double AutoreactiveBirth(double conventional4, double treg, double clone, double max, double r0, double n, double capacity)
    {
        double rhoNow = treg / Math.Max(conventional4 + treg, 1);
        return max * Hr(rhoNow, r0, n) / (1 + clone / capacity);
    }

    /// <summary>The granulocyte progenitor's self-renewal q = q_max·hr(NB; θ, n), pushed towards q_max by exogenous G-CSF c: q + c·(q_max − q) (§4.4).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double GranulocyteRenewal(double neutrophils, double gcsf, double qMax, double theta, double n)
    {
        double q = qMax * Hr(neutrophils, theta, n);
        return q + gcsf * (qMax - q);
    }

    /// <summary>A neutrophil gain g = g(NB; NB*, g_max, n), pushed towards factor·g_max by exogenous G-CSF c: g + c·(factor·g_max − g) (§4.4).</summary>
    private static double NeutrophilGain(double neutrophils, double gcsf, double star, double max, double n, double factor) =>
        NeutrophilGain(NeutrophilPower(neutrophils, star, n), gcsf, max, factor);

    /// <summary>
    /// <see cref="NeutrophilGain(double, double, double, double, double, double)"/> of the power (NB/NB*)ⁿ
    /// (<see cref="NeutrophilPower"/>): the three gains share NB, NB* and n, so a block computes the power once for them (the
    /// same operations as each gain's own, bit for bit).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double NeutrophilGain(double power, double gcsf, double max, double factor)
    {
        double g = GOfPower(power, max);
        return g + gcsf * (factor * max - g);
    }

    /// <summary>(max(NB, 0)/NB*)ⁿ, the power in <see cref="G"/> of the blood neutrophils.</summary>
    private static double NeutrophilPower(double neutrophils, double star, double n) => Pow(Math.Max(neutrophils, 0) / star, n);

    /// <summary>
    /// An IL-7-like niche gain (§4.9): g(s; s₀, g_max, n) of the niche load s, the niche's own type plus weighted competitors
    /// (<paramref name="kind"/> 0 naive CD4, 1 memory CD4 with Treg, 2 naive CD8, 3 memory CD8).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Il7Gain(int kind, double n4, double m4, double n8, double m8, double wa, double wb, double wab, double s0, double max, double hill)
    {
        double s = kind switch
        {
            0 => n4 + wa * m4 + wb * n8 + wab * m8,
            1 => m4 + wa * n4 + wb * m8 + wab * n8,
            2 => n8 + wa * m8 + wb * n4 + wab * m4,
            _ => m8 + wa * n8 + wb * m4 + wab * n4,
        };
        return G(s, s0, max, hill);
    }

    /// <summary>
    /// The four IL-7-like niche gains (<see cref="Il7Gain"/> of kinds 0–3, which share the four T-cell sums and the Hill
    /// coefficient) at once, one per vector lane: each lane's niche load, ratio, power and gain by <see cref="Il7Gain"/>'s
    /// operations in its order (no fused multiply–add; <see cref="Vector256.Max{T}"/> is <see cref="Math.Max(double, double)"/>
    /// lane by lane, NaN and signed zeros included; a power other than the square or the first is each lane's
    /// <see cref="RealPower.Of"/>), so the same bits as the four calls, with two vector divisions instead of eight scalar ones
    /// (the divider, not the additions, bounds the T-cell signals).
    /// </summary>
    /// <param name="n4">Naive CD4 T cells.</param>
    /// <param name="m4">Memory CD4 T cells with Treg.</param>
    /// <param name="n8">Naive CD8 T cells.</param>
    /// <param name="m8">Memory CD8 T cells.</param>
    /// <param name="wa">The naive–memory competition weight.</param>
    /// <param name="wb">The lineage competition weight.</param>
    /// <param name="wab">Their product.</param>
    /// <param name="loads">The niches' loads s₀ at the set point, kinds 0–3.</param>
    /// <param name="maxima">The niches' maximal gains, kinds 0–3.</param>
    /// <param name="hill">The Hill coefficient n.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Il7Gains(double n4, double m4, double n8, double m8, double wa, double wb, double wab, Vector256<double> loads,
        Vector256<double> maxima, double hill)
    {
        // Lane k's own type, then its weighted competitors, in the order of Il7Gain's kind k.
        var own = Vector256.Create(n4, m4, n8, m8);
        var load = own + Vector256.Create(wa) * Vector256.Create(m4, n4, m8, n8) + Vector256.Create(wb) * Vector256.Create(n8, m8, n4, m4)
            + Vector256.Create(wab) * Vector256.Create(m8, n8, m4, n4);
        var ratio = Vector256.Max(load, Vector256<double>.Zero) / loads;
        var power = hill == 2 ? ratio * ratio : hill == 1 ? ratio
            : Vector256.Create(RealPower.Of(ratio.GetElement(0), hill), RealPower.Of(ratio.GetElement(1), hill),
                RealPower.Of(ratio.GetElement(2), hill), RealPower.Of(ratio.GetElement(3), hill));
        return maxima / (Vector256<double>.One + (maxima - Vector256<double>.One) * power);
    }

    /// <summary>
    /// The IL-2-like Treg gain (§4.9): g(R; r₀/(1 − r₀)·max(CD4 conventional, 1), g_max, n), given the odds r₀/(1 − r₀)
    /// (<see cref="TregOdds"/>, a design constant: computed once per patient, the same value as at every evaluation).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double TregGain(double treg, double conventional4, double odds, double max, double n) =>
        G(treg, odds * Math.Max(conventional4, 1), max, n);

    /// <summary>The set-point Treg fraction's odds r₀/(1 − r₀) (<see cref="TregGain"/>).</summary>
    private static double TregOdds(double r0) => r0 / (1 - r0);

    /// <summary>
    /// Thymic crowding (§4.8): the late-thymocyte death rate per cell, death·T2/capacity, with the capacity scaled by the
    /// thymus tissue left and by a rebound gain g(peripheral T cells; total, g_max, n).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double ThymicCrowding(double peripheral, double thymus, double lateThymocytes, double capacity0, double total, double gain,
        double hill, double death)
    {
        double capacity = capacity0 * (thymus / PhysiologyDesign.TissueIntact) * G(peripheral, total, gain, hill);
        return death * lateThymocytes / Math.Max(capacity, 1e-9);
    }

    /// <summary>A progenitor's self-renewal probability q_max·hr(s; θ, n), falling with the cells s it feeds (§4.3).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double ProgenitorRenewal(double fed, double qMax, double theta, double n) => qMax * Hr(fed, theta, n);

    /// <summary>The megakaryocyte progenitor's self-renewal (TPO-like, §4.6): q_max·hr(s; θ, n) of the load s (<see cref="MegakaryocyteLoad"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double MegakaryocyteRenewal(double platelets, InputSlice megakaryocytes, double weight, in RateInputs x, double qMax, double theta, double n) =>
        qMax * Hr(MegakaryocyteLoad(platelets, megakaryocytes, weight, in x), theta, n);

    /// <summary>The load the megakaryocyte progenitor's self-renewal falls with: the platelets plus the weighted megakaryocytes, added stage by stage.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double MegakaryocyteLoad(double platelets, InputSlice megakaryocytes, double weight, in RateInputs x)
    {
        double s = platelets;
        foreach (int c in megakaryocytes.Compartments) s += weight * x.CountOf(c);
        return s;
    }

    /// <summary>A damaged tissue's logistic regrowth rate per unit: rate·max(0, 1 − tissue/intact).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Regrowth(double rate, double tissue) => rate * Math.Max(0, 1 - tissue / PhysiologyDesign.TissueIntact);

    /// <summary>
    /// One kill group's extra death rate (§10): Σ over its slots of E_max·C/(C + EC50), C = C₀·2^(−(t − t₀)/t½), reading the
    /// group's slot fields (<see cref="ModelSignals.ExtraDeathFields"/>, slot by slot) from parameter position <paramref name="first"/>.
    /// </summary>
    private static double ExtraDeathRate(in RateInputs x, int first)
    {
        LastConcentration last = new(), before = new();
        return ExtraDeathRate(in x, first, ref last, ref before);
    }

    /// <summary>
    /// <see cref="ExtraDeathRate(in RateInputs, int)"/>, taking C from <paramref name="last"/> or <paramref name="before"/> when
    /// the slot's C₀, t₀ and t½ equal one of the last two computed courses' (one agent's course on several groups: rabbit ATG on
    /// T cells, NK cells and the clone, with rituximab's B-cell course between them in group order), and keeping its own as the
    /// last one (the last one moving to <paramref name="before"/>): equal operands give the same C, bit for bit (a dose
    /// or start of −0 and +0 compare equal and give the same C; a half-life of ±0 would not, but half-lives are validated
    /// ≥ 10⁻³ d). Inlined into its two callers, so that the two courses stay in registers instead of the caller's frame.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double ExtraDeathRate(in RateInputs x, int first, ref LastConcentration last, ref LastConcentration before)
    {
        double rate = 0;
        int n = ModelSignals.ExtraDeathFields.Length;   // parameters per slot
        for (int k = 0; k < ModelSignals.ExtraDeathSlots; k++)
        {
            int slot = first + n * k;
            double max = x.Parameter(slot + ModelSignals.ExtraDeathMax);
            if (max <= 0) continue;
            double dose = x.Parameter(slot + ModelSignals.ExtraDeathConcentration), start = x.Parameter(slot + ModelSignals.ExtraDeathStart);
            double halfLife = x.Parameter(slot + ModelSignals.ExtraDeathHalfLife);
            double c;
            if (dose == last.Dose && start == last.Start && halfLife == last.HalfLife) c = last.Concentration;
            else if (dose == before.Dose && start == before.Start && halfLife == before.HalfLife) c = before.Concentration;
            else
            {
                c = dose * PowerOfTwo.Of(-Math.Max(0, x.TimeDays - start) / halfLife);
                before = last;
                last = new LastConcentration(dose, start, halfLife, c);
            }
            double ec50 = x.Parameter(slot + ModelSignals.ExtraDeathEc50);
            rate += ec50 > 0 ? max * c / (c + ec50) : max * c;
        }
        return rate;
    }

    /// <summary>One value per donor unit, at most <see cref="PhysiologyDesign.MaxAllogeneicUnits"/>: a fixed-size local of the alloimmune block.</summary>
    [InlineArray(PhysiologyDesign.MaxAllogeneicUnits)]
    private struct PerUnit
    {
        private double _first;
    }

    /// <summary>The last slot's course (C₀, t₀, t½) and its concentration C in one update of the extra-death signals; NaN: none yet.</summary>
    private readonly struct LastConcentration(double dose, double start, double halfLife, double concentration)
    {
        public LastConcentration() : this(double.NaN, double.NaN, double.NaN, 0) { }

        public double Dose { get; } = dose;
        public double Start { get; } = start;
        public double HalfLife { get; } = halfLife;
        public double Concentration { get; } = concentration;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Hr(double x, double k, double n) => x <= 0 ? 1 : 1 / (1 + Pow(x / k, n));

    /// <summary>
    /// <see cref="Hr"/>(x₁; k₁, n₁) and <see cref="Hr"/>(x₂; k₂, n₂), bit for bit: where both take a power by
    /// <see cref="RealPower"/> (x &gt; 0, n neither 2 nor 1; the erythroid 6.96 and megakaryocyte 1.3 of the defaults), the two
    /// powers by <see cref="RealPower.OfPair"/>, whose two chains of ≈ 100 cycles run side by side instead of one after the
    /// other; otherwise each by <see cref="Hr"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void HrPair(double x1, double k1, double n1, double x2, double k2, double n2, out double hr1, out double hr2)
    {
        if (x1 > 0 && x2 > 0 && n1 != 2 && n1 != 1 && n2 != 2 && n2 != 1)
        {
            RealPower.OfPair(x1 / k1, n1, x2 / k2, n2, out double power1, out double power2);
            hr1 = 1 / (1 + power1);
            hr2 = 1 / (1 + power2);
        }
        else
        {
            hr1 = Hr(x1, k1, n1);
            hr2 = Hr(x2, k2, n2);
        }
    }

    /// <summary>Normalised repressor g(s; s*, g_max, n) = g_max/(1 + (g_max − 1)(s/s*)ⁿ): 1 at s*, g_max at 0 (docs/model.md §4).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double G(double x, double xStar, double gMax, double n) => GOfPower(Pow(Math.Max(x, 0) / xStar, n), gMax);

    /// <summary><see cref="G"/> of its power p = (max(s, 0)/s*)ⁿ: g_max/(1 + (g_max − 1)·p).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double GOfPower(double power, double gMax) => gMax / (1 + (gMax - 1) * power);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Pow(double r, double n) => n == 2 ? r * r : n == 1 ? r : RealPower.Of(r, n);

    /// <summary>
    /// A chain of circulating age stages removed by age (Erlang residence, docs/model.md §4.5–§4.6), plus, when an
    /// antibody disease targets these cells, an extra clearance of every stage modulated by the disease signal.
    /// </summary>
    private static void AddAgeChain(PhysiologyTemplateBuilder b, string prefix, int stages, DesignValue agingPerDay,
        (string Suffix, string Signal)? clearance)
    {
        for (int i = 1; i <= stages; i++)
        {
            string x = prefix + i.ToString(CultureInfo.InvariantCulture);
            int stage = i;
            b.Transition(x + ".age", agingPerDay, t =>
            {
                t.Consumes(x);
                if (stage < stages) t.Produces(prefix + (stage + 1).ToString(CultureInfo.InvariantCulture));
            });
            if (clearance is { } c)
                b.Transition(x + c.Suffix, 1.0, t => t.Consumes(x).ModulatedBy(c.Signal));
        }
    }

    // Each signal declares its inputs once per shape and returns a binder d => function: the binder copies the slices and the
    // design's constants into locals of its own, so a patient's function is one closure object (no chain on the hot path).
    private static void AddSignals(PhysiologyTemplateBuilder b, PhysiologyShape shape, string[] origins, Func<string[], string[]> both, Func<string, int, string[]> stages)
    {
        // One stem in every origin (host first), e.g. all blood neutrophils.
        string[] All(string stem) => both([stem]);

        // Niche feedback on LT-HSC self-renewal (§4.1): β = β_max·hr(ΣH; θ_H·Niche/10⁶, n).
        b.Signal(ModelSignals.NicheHscRenewal, inputs =>
        {
            var hscInput = inputs.Add(All("H"));
            var nicheInput = inputs.Add([ModelCatalogue.NicheName]);
            return d =>
            {
                InputSlice hsc = hscInput, niche = nicheInput;
                double max = d.HscRenewalMaxPerDay, theta = d.HscNicheThreshold, n = d.P.StemCells.HscNicheHill;
                return (in x) => HscRenewal(hsc.Sum(x), niche.Sum(x), max, theta, n);
            };
        });

        // Progenitor density on MPP continuation (§4.2); lineage weights 1/X*.
        b.Signal(ModelSignals.MppContinuation, inputs =>
        {
            inputs.Add(both(["G", "E", "K", "L"]));
            InputSlice grInput = inputs.Of(All("G")), erInput = inputs.Of(All("E")), mkInput = inputs.Of(All("K")), lyInput = inputs.Of(All("L"));
            return d =>
            {
                InputSlice gr = grInput, er = erInput, mk = mkInput, ly = lyInput;
                double max = d.P.StemCells.MppContinueMax, theta = d.MppDensityThreshold, n = d.P.StemCells.MppDensityHill;
                double g = 1 / d.GranulocyteProgenitors, e = 1 / d.ErythroidProgenitors, k = 1 / d.MegakaryocyteProgenitors, l = 1 / d.LymphoidProgenitors;
                return (in x) => MppContinuation(gr.Sum(x), er.Sum(x), mk.Sum(x), ly.Sum(x), g, e, k, l, max, theta, n);
            };
        });
        b.Signal(ModelSignals.MppExit, (in x) => 1 - x.Parameter(0), [], [ModelSignals.MppContinuation]);

        // G-CSF-like (§4.4): q_G and the gains, pushed towards their maxima by exogenous G-CSF.
        string[] gcsf = [ModelSignals.GcsfExogenousParameter];
        b.Signal(ModelSignals.GranulocyteProgenitorRenewal, inputs =>
        {
            var nbInput = inputs.Add(All("NB"));
            return d =>
            {
                InputSlice nb = nbInput;
                var gq = d.P.Granulopoiesis.Progenitor;
                double qMax = gq.SelfRenewalMax, theta = d.GranulocyteRenewalThreshold, n = gq.HillCoefficient;
                return (in x) => GranulocyteRenewal(nb.Sum(x), x.Parameter(0), qMax, theta, n);
            };
        }, gcsf);
        b.Signal(ModelSignals.GranulocyteProgenitorDifferentiation, (in x) => 1 - x.Parameter(0), [], [ModelSignals.GranulocyteProgenitorRenewal]);
        // Exogenous G-CSF pushes the gains towards a pharmacological maximum above the endogenous one: serum G-CSF after
        // 5 µg/kg (tens of ng/mL) far exceeds the endogenous peak in aplasia (≈ 1–2 ng/mL), which is why the drug shortens
        // neutropenia even when the endogenous feedback is already maximal (protocols issue; factor 2 is an assumption, 1.2–2.5: it shortens neutropenia after an autologous graft by ≈ 2.3 days and
        // advances neutrophil engraftment by ≈ 2.5 days, clinically 2–5 days in randomised trials of G-CSF after transplant).
        (string Name, DesignValue Max)[] gains =
        [
            (ModelSignals.NeutrophilMitoticGain, DesignValue.NeutrophilMitoticGainMax), (ModelSignals.NeutrophilMaturationGain, DesignValue.NeutrophilMaturationGainMax),
            (ModelSignals.NeutrophilReleaseGain, DesignValue.NeutrophilReleaseGainMax),
        ];
        foreach (var (name, gainMax) in gains)
        {
            b.Signal(name, inputs =>
            {
                var nbInput = inputs.Add(All("NB"));
                return d =>
                {
                    InputSlice nb = nbInput;
                    var gp = d.P.Granulopoiesis;
                    double star = d.BloodNeutrophils, max = DesignValues.Of(d, gainMax), n = gp.GcsfHill, factor = gp.ExogenousGainFactor;
                    return (in x) => NeutrophilGain(nb.Sum(x), x.Parameter(0), star, max, n, factor);
                };
            }, gcsf);
        }
        // The stem-cell niche, MPP continuation and exit, and the G-CSF five (one blood-neutrophil sum): q_G, 1 − q_G and the
        // gains, as their own functions compute them. Parameters by position: MPP exit's continuation (0), then G-CSF (1).
        InputSlice hscSlice = b.Slice(All("H")), nicheSlice = b.Slice([ModelCatalogue.NicheName]);
        InputSlice[] lineageSlices = [b.Slice(All("G")), b.Slice(All("E")), b.Slice(All("K")), b.Slice(All("L"))];
        var neutrophilInput = b.Slice(All("NB"));
        b.SignalBlock(3 + 2 + gains.Length, d =>
        {
            InputSlice hsc = hscSlice, niche = nicheSlice, gr = lineageSlices[0], er = lineageSlices[1], mk = lineageSlices[2], ly = lineageSlices[3];
            double hscMax = d.HscRenewalMaxPerDay, hscTheta = d.HscNicheThreshold, hscHill = d.P.StemCells.HscNicheHill;
            double mppMax = d.P.StemCells.MppContinueMax, mppTheta = d.MppDensityThreshold, mppHill = d.P.StemCells.MppDensityHill;
            double g = 1 / d.GranulocyteProgenitors, e = 1 / d.ErythroidProgenitors, k = 1 / d.MegakaryocyteProgenitors, l = 1 / d.LymphoidProgenitors;
            InputSlice nb = neutrophilInput;
            var gp = d.P.Granulopoiesis;
            double qMax = gp.Progenitor.SelfRenewalMax, theta = d.GranulocyteRenewalThreshold, n = gp.Progenitor.HillCoefficient;
            double star = d.BloodNeutrophils, hill = gp.GcsfHill, factor = gp.ExogenousGainFactor;
            double mitotic = DesignValues.Of(d, gains[0].Max), maturation = DesignValues.Of(d, gains[1].Max), release = DesignValues.Of(d, gains[2].Max);
            return (in RateInputs x, Span<double> values) =>
            {
                values[0] = HscRenewal(hsc.Sum(x), niche.Sum(x), hscMax, hscTheta, hscHill);
                double continuation = MppContinuation(gr.Sum(x), er.Sum(x), mk.Sum(x), ly.Sum(x), g, e, k, l, mppMax, mppTheta, mppHill);
                values[1] = continuation;
                values[2] = 1 - continuation;
                double neutrophils = nb.Sum(x), exogenous = x.Parameter(1);
                double renewal = GranulocyteRenewal(neutrophils, exogenous, qMax, theta, n);
                values[3] = renewal;
                values[4] = 1 - renewal;
                double power = NeutrophilPower(neutrophils, star, hill);
                values[5] = NeutrophilGain(power, exogenous, mitotic, factor);
                values[6] = NeutrophilGain(power, exogenous, maturation, factor);
                values[7] = NeutrophilGain(power, exogenous, release, factor);
            };
        });

        // A progenitor's self-renewal probability, a falling Hill function of the cells it feeds (summed), and its
        // differentiation probability 1 − renewal.
        void ProgenitorFeedback(string renewal, string differentiation, string[] fed, DesignValue renewalMax, DesignValue threshold, DesignValue hill)
        {
            b.Signal(renewal, inputs =>
            {
                var fedInput = inputs.Add(fed);
                return d =>
                {
                    InputSlice cells = fedInput;
                    double qMax = DesignValues.Of(d, renewalMax), theta = DesignValues.Of(d, threshold), n = DesignValues.Of(d, hill);
                    return (in x) => ProgenitorRenewal(cells.Sum(x), qMax, theta, n);
                };
            });
            b.Signal(differentiation, (in x) => 1 - x.Parameter(0), [], [renewal]);
        }

        // EPO-like (§4.5): q_E of Σ red cells.
        ProgenitorFeedback(ModelSignals.ErythroidProgenitorRenewal, ModelSignals.ErythroidProgenitorDifferentiation,
            both(stages("RBC", shape.RedCellStages)), DesignValue.ErythroidRenewalMax, DesignValue.ErythroidRenewalThreshold, DesignValue.ErythroidRenewalHill);

        // TPO-like (§4.6): platelets plus megakaryocyte mass.
        int nP = shape.PlateletStages;
        if (shape.PlateletFixedConsumption)
        {
            b.Signal(ModelSignals.PlateletFixedConsumption, inputs =>
            {
                var plateletInput = inputs.Add(both(stages("PLT", nP)));
                return d =>
                {
                    InputSlice platelets = plateletInput;
                    double cells = d.PlateletFixedConsumption, half = d.PlateletFixedHalf;
                    return (in x) => cells / (platelets.Sum(x) + half);
                };
            });
        }
        b.Signal(ModelSignals.MegakaryocyteProgenitorRenewal, inputs =>
        {
            var plateletInput = inputs.Add(both(stages("PLT", nP)));
            var megakaryocyteInput = inputs.Add(both(stages("MK", ModelCatalogue.MegakaryocyteStages)));
            return d =>
            {
                InputSlice platelets = plateletInput, megakaryocytes = megakaryocyteInput;
                var kq = d.P.Thrombopoiesis.Progenitor;
                double weight = d.P.Thrombopoiesis.TpoMegakaryocyteWeight, qMax = kq.SelfRenewalMax, theta = d.MegakaryocyteRenewalThreshold, n = kq.HillCoefficient;
                return (in x) => MegakaryocyteRenewal(platelets.Sum(x), megakaryocytes, weight, in x, qMax, theta, n);
            };
        });
        b.Signal(ModelSignals.MegakaryocyteProgenitorDifferentiation, (in x) => 1 - x.Parameter(0), [], [ModelSignals.MegakaryocyteProgenitorRenewal]);

        // Lymphoid progenitor (IL-7/BAFF-like) of B + NK; B and NK homeostatic gains.
        ProgenitorFeedback(ModelSignals.LymphoidProgenitorRenewal, ModelSignals.LymphoidProgenitorDifferentiation,
            both(["B", "NK"]), DesignValue.LymphoidRenewalMax, DesignValue.LymphoidRenewalThreshold, DesignValue.LymphoidRenewalHill);
        void Homeostasis(string name, string stem, DesignValue setPoint, DesignValue gainMax) => b.Signal(name, inputs =>
        {
            var cellInput = inputs.Add(All(stem));
            return d =>
            {
                InputSlice cells = cellInput;
                double star = DesignValues.Of(d, setPoint), max = DesignValues.Of(d, gainMax), n = d.P.Lymphocytes.HomeostaticGainHill;
                return (in x) => G(cells.Sum(x), star, max, n);
            };
        });
        Homeostasis(ModelSignals.BCellHomeostasis, "B", DesignValue.BCells, DesignValue.BHomeostaticGainMax);
        Homeostasis(ModelSignals.NkCellHomeostasis, "NK", DesignValue.NkCells, DesignValue.NkHomeostaticGainMax);
        // The erythroid, (platelet consumption,) megakaryocyte and lymphoid feedback and the B and NK gains together: the
        // platelet sum once.
        InputSlice redCellSlice = b.Slice(both(stages("RBC", shape.RedCellStages))), plateletSlice = b.Slice(both(stages("PLT", nP)));
        InputSlice megakaryocyteSlice = b.Slice(both(stages("MK", ModelCatalogue.MegakaryocyteStages))), lymphoidFedSlice = b.Slice(both(["B", "NK"]));
        InputSlice bCellSlice = b.Slice(All("B")), nkCellSlice = b.Slice(All("NK"));
        bool fixedConsumption = shape.PlateletFixedConsumption;
        b.SignalBlock(fixedConsumption ? 9 : 8, d =>
        {
            InputSlice redCells = redCellSlice, platelets = plateletSlice, megakaryocytes = megakaryocyteSlice, lymphoidFed = lymphoidFedSlice,
                bCells = bCellSlice, nkCells = nkCellSlice;
            var eq = d.P.Erythropoiesis.Progenitor;
            double eMax = eq.SelfRenewalMax, eTheta = d.ErythroidRenewalThreshold, eHill = eq.HillCoefficient;
            double fixedCells = d.PlateletFixedConsumption, fixedHalf = d.PlateletFixedHalf;
            var kq = d.P.Thrombopoiesis.Progenitor;
            double weight = d.P.Thrombopoiesis.TpoMegakaryocyteWeight, kMax = kq.SelfRenewalMax, kTheta = d.MegakaryocyteRenewalThreshold, kHill = kq.HillCoefficient;
            var lq = d.P.Lymphocytes.Progenitor;
            double lMax = lq.SelfRenewalMax, lTheta = d.LymphoidRenewalThreshold, lHill = lq.HillCoefficient;
            var lp = d.P.Lymphocytes;
            double bStar = d.BCells, bMax = lp.BHomeostaticGainMax, nkStar = d.NkCells, nkMax = lp.NkHomeostaticGainMax, hill = lp.HomeostaticGainHill;
            bool withFixed = fixedConsumption;
            return (in RateInputs x, Span<double> values) =>
            {
                // The erythroid and megakaryocyte Hill terms together (HrPair): their inputs first, then both terms, the same
                // operations as ProgenitorRenewal's and MegakaryocyteRenewal's.
                double redCellCount = redCells.Sum(x), plateletCount = platelets.Sum(x);
                double megakaryocyteLoad = MegakaryocyteLoad(plateletCount, megakaryocytes, weight, in x);
                HrPair(redCellCount, eTheta, eHill, megakaryocyteLoad, kTheta, kHill, out double erythroidHr, out double megakaryocyteHr);
                double erythroid = eMax * erythroidHr;
                values[0] = erythroid;
                values[1] = 1 - erythroid;
                int k = 2;
                if (withFixed) values[k++] = fixedCells / (plateletCount + fixedHalf);
                double megakaryocyte = kMax * megakaryocyteHr;
                values[k] = megakaryocyte;
                values[k + 1] = 1 - megakaryocyte;
                double lymphoid = ProgenitorRenewal(lymphoidFed.Sum(x), lMax, lTheta, lHill);
                values[k + 2] = lymphoid;
                values[k + 3] = 1 - lymphoid;
                values[k + 4] = G(bCells.Sum(x), bStar, bMax, hill);
                values[k + 5] = G(nkCells.Sum(x), nkStar, nkMax, hill);
            };
        });

        // IL-7-like T-cell niches (§4.9), IL-2-like Treg, thymic crowding with rebound (§4.8).
        // Every T-cell signal declares the same inputs (naive/memory CD4 and CD8, Treg, late thymocytes of every origin).
        string[] tCellInputs = both(["N4", "M4", "N8", "M8", "R", "T2"]);
        (string Name, DesignValue Load, DesignValue Max)[] niches =
        [
            (ModelSignals.NaiveCd4Homeostasis, DesignValue.NaiveCd4NicheLoad, DesignValue.NaiveCd4GainMax),
            (ModelSignals.MemoryCd4Homeostasis, DesignValue.MemoryCd4NicheLoad, DesignValue.MemoryCd4GainMax),
            (ModelSignals.NaiveCd8Homeostasis, DesignValue.NaiveCd8NicheLoad, DesignValue.NaiveCd8GainMax),
            (ModelSignals.MemoryCd8Homeostasis, DesignValue.MemoryCd8NicheLoad, DesignValue.MemoryCd8GainMax),
        ];
        for (int niche = 0; niche < niches.Length; niche++)
        {
            var (name, nicheLoad, gainMax) = niches[niche];
            int kind = niche;
            b.Signal(name, inputs =>
            {
                inputs.Add(tCellInputs);
                // Memory CD4 niche includes Treg.
                InputSlice naive4Input = inputs.Of(All("N4")), memory4Input = inputs.Of([.. All("M4"), .. All("R")]);
                InputSlice naive8Input = inputs.Of(All("N8")), memory8Input = inputs.Of(All("M8"));
                return d =>
                {
                    InputSlice naive4 = naive4Input, memory4 = memory4Input, naive8 = naive8Input, memory8 = memory8Input;
                    var tc = d.P.TCells;
                    double wa = tc.NaiveMemoryNicheWeight, wb = tc.LineageNicheWeight, wab = wa * wb, hill = tc.Il7Hill, s0 = DesignValues.Of(d, nicheLoad), max = DesignValues.Of(d, gainMax);
                    int which = kind;
                    return (in x) => Il7Gain(which, naive4.Sum(x), memory4.Sum(x), naive8.Sum(x), memory8.Sum(x), wa, wb, wab, s0, max, hill);
                };
            });
        }
        b.Signal(ModelSignals.TregHomeostasis, inputs =>
        {
            inputs.Add(tCellInputs);
            InputSlice conventional4Input = inputs.Of(both(["N4", "M4"])), tregInput = inputs.Of(All("R"));
            return d =>
            {
                InputSlice conventional4 = conventional4Input, treg = tregInput;
                double odds = TregOdds(d.TregFraction), max = d.P.TCells.TregGainMax, n = d.P.Lymphocytes.HomeostaticGainHill;
                return (in x) => TregGain(treg.Sum(x), conventional4.Sum(x), odds, max, n);
            };
        });
        // Peripheral T cells summed type by type across origins (each type's origins first).
        string[] peripheralStems = ["N4", "M4", "N8", "M8", "R"];
        b.Signal(ModelSignals.ThymusCrowding, inputs =>
        {
            inputs.Add(tCellInputs);
            var thymusInput = inputs.Add([ModelCatalogue.ThymusName]);
            var peripheralInputs = new InputSlice[peripheralStems.Length];
            for (int k = 0; k < peripheralStems.Length; k++) peripheralInputs[k] = inputs.Of(All(peripheralStems[k]));
            var lateThymocyteInput = inputs.Of(All("T2"));
            return d =>
            {
                InputSlice thymus = thymusInput, lateThymocytes = lateThymocyteInput;
                InputSlice[] peripheral = peripheralInputs;
                var th = d.P.Thymus;
                double capacity0 = d.ThymicCapacity, total = d.TotalTCells, gain = th.ReboundGainMax, hill = d.P.TCells.Il7Hill, death = th.CrowdingDeathPerDay;
                return (in x) =>
                {
                    double st = 0;
                    foreach (var type in peripheral) st += type.Sum(x);
                    return ThymicCrowding(st, thymus.Sum(x), lateThymocytes.Sum(x), capacity0, total, gain, hill, death);
                };
            };
        });
        // Autoreactive clone (§4.10): birth regulated by the Treg fraction, antigen-limited (reads the T-cell sums: in their block).
        bool autoimmune = shape.Autoimmune;
        if (autoimmune)
        {
            b.Signal(ModelSignals.AutoreactiveBirth, inputs =>
            {
                inputs.Add(tCellInputs);
                var cloneInput = inputs.Add([ModelCatalogue.AutoreactiveName]);
                InputSlice conventional4Input = inputs.Of(both(["N4", "M4"])), tregInput = inputs.Of(All("R"));
                return d =>
                {
                    InputSlice clone = cloneInput, conventional4 = conventional4Input, treg = tregInput;
                    double max = d.AutoreactiveBirthMaxPerDay, r0 = d.TregFraction, n = d.P.Lymphocytes.HomeostaticGainHill, capacity = d.AutoreactiveCapacity;
                    return (in x) => AutoreactiveBirth(conventional4.Sum(x), treg.Sum(x), clone.Sum(x), max, r0, n, capacity);
                };
            });
        }
        // The six (seven) together: each T-cell sum once (the niches' four, the Treg and conventional CD4 sums, the crowding's).
        InputSlice naive4Cells = b.Slice(All("N4")), memory4Niche = b.Slice([.. All("M4"), .. All("R")]), naive8Cells = b.Slice(All("N8"));
        InputSlice memory8Cells = b.Slice(All("M8")), memory4Cells = b.Slice(All("M4")), tregCells = b.Slice(All("R"));
        InputSlice conventional4Cells = b.Slice(both(["N4", "M4"])), thymusTissue = b.Slice([ModelCatalogue.ThymusName]), lateThymocyteCells = b.Slice(All("T2"));
        InputSlice cloneCells = autoimmune ? b.Slice([ModelCatalogue.AutoreactiveName]) : default;
        b.SignalBlock(niches.Length + 2 + (autoimmune ? 1 : 0), d =>
        {
            var tc = d.P.TCells;
            double wa = tc.NaiveMemoryNicheWeight, wb = tc.LineageNicheWeight, wab = wa * wb, hill = tc.Il7Hill;
            var loads = Vector256.Create(DesignValues.Of(d, niches[0].Load), DesignValues.Of(d, niches[1].Load), DesignValues.Of(d, niches[2].Load), DesignValues.Of(d, niches[3].Load));
            var maxima = Vector256.Create(DesignValues.Of(d, niches[0].Max), DesignValues.Of(d, niches[1].Max), DesignValues.Of(d, niches[2].Max), DesignValues.Of(d, niches[3].Max));
            double r0 = d.TregFraction, odds = TregOdds(r0), tregMax = tc.TregGainMax, tregHill = d.P.Lymphocytes.HomeostaticGainHill;
            var th = d.P.Thymus;
            double capacity0 = d.ThymicCapacity, total = d.TotalTCells, gain = th.ReboundGainMax, death = th.CrowdingDeathPerDay;
            InputSlice naive4 = naive4Cells, memory4 = memory4Niche, naive8 = naive8Cells, memory8 = memory8Cells, memory4Only = memory4Cells,
                treg = tregCells, conventional4 = conventional4Cells, thymus = thymusTissue, lateThymocytes = lateThymocyteCells, clone = cloneCells;
            bool withBirth = autoimmune;
            double birthMax = withBirth ? d.AutoreactiveBirthMaxPerDay : 0, capacity = withBirth ? d.AutoreactiveCapacity : 0;
            return (in RateInputs x, Span<double> values) =>
            {
                double n4 = naive4.Sum(x), m4 = memory4.Sum(x), n8 = naive8.Sum(x), m8 = memory8.Sum(x), r = treg.Sum(x);
                Il7Gains(n4, m4, n8, m8, wa, wb, wab, loads, maxima, hill).CopyTo(values);
                double c4 = conventional4.Sum(x);
                values[4] = TregGain(r, c4, odds, tregMax, tregHill);
                // The crowding's type-by-type sum, in its order (N4, M4, N8, M8, R) from 0.
                values[5] = ThymicCrowding(0 + n4 + memory4Only.Sum(x) + n8 + m8 + r, thymus.Sum(x), lateThymocytes.Sum(x), capacity0, total, gain, hill, death);
                if (withBirth) values[6] = AutoreactiveBirth(c4, r, clone.Sum(x), birthMax, r0, tregHill, capacity);
            };
        });
        (string Name, string Tissue, DesignValue Rate)[] regrowths =
        [
            (ModelSignals.ThymusRegrowth, ModelCatalogue.ThymusName, DesignValue.ThymusRegrowthPerDay),
            (ModelSignals.NicheRegrowth, ModelCatalogue.NicheName, DesignValue.NicheRegrowthPerDay),
        ];
        foreach (var (name, tissue, ratePerDay) in regrowths)
        {
            b.Signal(name, inputs =>
            {
                var tissueInput = inputs.Add([tissue]);
                return d =>
                {
                    InputSlice space = tissueInput;
                    double rate = DesignValues.Of(d, ratePerDay);
                    return (in x) => Regrowth(rate, space.Sum(x));
                };
            });
        }

        // Time-dependent extra death (ATG-like): Σ slots E_max·C/(C + EC50), C = C₀·2^(−(t − t₀)/t½) (§10).
        foreach (var g in ModelSignals.ExtraDeathGroups)
        {
            var names = new List<string>();
            for (int k = 0; k < ModelSignals.ExtraDeathSlots; k++)
                foreach (string f in ModelSignals.ExtraDeathFields) names.Add(ModelSignals.ExtraDeathParameter(g, k, f));
            b.Signal(ModelSignals.ExtraDeath(g), (in x) => ExtraDeathRate(in x, 0), [], names, timeDependent: true);
        }
        // The tissues' regrowth and every group's extra death together: the groups' parameters follow one another.
        var regrowthTissues = new InputSlice[regrowths.Length];
        for (int k = 0; k < regrowths.Length; k++) regrowthTissues[k] = b.Slice([regrowths[k].Tissue]);
        int groups = ModelSignals.ExtraDeathGroups.Length, perGroup = ModelSignals.ExtraDeathSlots * ModelSignals.ExtraDeathFields.Length;
        b.SignalBlock(regrowths.Length + groups, d =>
        {
            InputSlice thymus = regrowthTissues[0], niche = regrowthTissues[1];
            double thymusRate = DesignValues.Of(d, regrowths[0].Rate), nicheRate = DesignValues.Of(d, regrowths[1].Rate);
            int count = groups, stride = perGroup;
            return (in RateInputs x, Span<double> values) =>
            {
                values[0] = Regrowth(thymusRate, thymus.Sum(x));
                values[1] = Regrowth(nicheRate, niche.Sum(x));
                LastConcentration last = new(), before = new();
                for (int g = 0; g < count; g++) values[2 + g] = ExtraDeathRate(in x, g * stride, ref last, ref before);
            };
        });

        AddAlloimmunitySignals(b, shape, origins);

        // Autoreactive clone (§4.10): disease effects.
        if (shape.Autoimmune)
        {
            string driverName = shape.AntibodyMediated ? ModelCatalogue.AntibodyName : ModelCatalogue.AutoreactiveName;
            void DiseaseEffect(string name, DesignValue maxPerDay) => b.Signal(name, inputs =>
            {
                var driverInput = inputs.Add([driverName]);
                return d =>
                {
                    InputSlice driver = driverInput;
                    double max = DesignValues.Of(d, maxPerDay), half = d.DriverReference / 3.0;
                    return (in x) => max * driver.Sum(x) / (driver.Sum(x) + half);
                };
            });
            if (shape.RedCellClearance) DiseaseEffect(ModelSignals.DiseaseHemolysis, DesignValue.HemolysisMaxPerDay);
            if (shape.PlateletClearance) DiseaseEffect(ModelSignals.DiseasePlateletDestruction, DesignValue.PlateletDestructionMaxPerDay);
        }
    }

    /// <summary>
    /// The alloimmune signals of docs/model.md §17: graft-versus-host (donor T cells against host T and NK cells),
    /// graft-versus-autoimmunity, host-versus-graft per donor origin and unit-versus-unit per donor origin.
    /// </summary>
    private static void AddAlloimmunitySignals(PhysiologyTemplateBuilder b, PhysiologyShape shape, string[] origins)
    {
        int units = shape.DonorOrigins;
        string[] tStems = ["N4", "M4", "R", "N8", "M8"];
        string[] OfOrigin(string origin) => [.. tStems.Select(s => origin + s)];
        string[] Unit(string field)
        {
            var names = new string[units];
            for (int u = 0; u < units; u++) names[u] = ModelSignals.UnitParameter(u, field);
            return names;
        }
        // Blood T cells per µL → whole-body count: readouts count T cells × (blood fraction) / (blood volume in µL).
        static double WholeBodyPerMicroliter(PhysiologyDesign d) => d.BloodVolumeLiters * 1e6 / d.P.Lymphocytes.BloodFractionTAndB;

        if (shape.AllogeneicUnits == 0) return;

        // Graft-versus-host: max·IS·Σ_u a_u·T_u/(Σ_u T_u + half), a_u the unit's alloreactivity (0 before its infusion).
        b.Signal(ModelSignals.GraftVersusHostKill, inputs =>
        {
            var donorTInputs = new InputSlice[units];
            for (int u = 0; u < units; u++) donorTInputs[u] = inputs.Add(OfOrigin(origins[u + 1]));
            return d =>
            {
                InputSlice[] donorT = donorTInputs;
                var al = d.P.Alloimmunity;
                double max = al.GraftVersusHostMaxPerDay, half = al.GraftVersusHostHalfPerMicroliter * WholeBodyPerMicroliter(d);
                return (in x) => GraftVersusHost(in x, 0, donorT, max, half);
            };
        }, [ModelSignals.ImmunosuppressionParameter, .. Unit(ModelSignals.UnitFields[ModelSignals.UnitAlloreactivity])]);
        bool autoimmune = shape.Autoimmune;
        if (autoimmune)
        {
            b.Signal(ModelSignals.GraftVersusAutoimmunityKill, inputs =>
            {
                var donorTInput = inputs.Add([.. Enumerable.Range(0, units).SelectMany(u => OfOrigin(origins[u + 1]))]);
                var hostTInput = inputs.Add(OfOrigin(ModelCatalogue.HostPrefix));
                ByRefSignalFunction kill = (in x) => GraftVersusAutoimmunity(x.Parameter(0), donorTInput, hostTInput, in x);
                // No design constant: every patient shares the function.
                return _ => kill;
            }, [ModelSignals.GvaRateParameter]);
        }

        // Host-versus-graft, per donor origin u: tol_u(t)·[k·r_u·IS·e²/(e² + e½²) + k_DSA·DSA_u] / (1 + D/D½), with e the weighted host
        // NK and T cells relative to their untreated level, D the donor nucleated targets of every unit plus each unit's decaying
        // accessory cells, tol_u = 2^(−(t − t_u)/t½).
        string[] targets = AlloTargetStems(shape.MppStages);
        string[] UnitFieldsOf(int u) => [.. ModelSignals.UnitFields.Select(f => ModelSignals.UnitParameter(u, f))];
        string[] hostNkNames = ["hNK"], hostTNames = ["hN4", "hM4", "hN8", "hM8"];
        string[] donorTargetNames = [.. Enumerable.Range(0, units).SelectMany(u => targets.Select(x => origins[u + 1] + x))];
        for (int unit = 0; unit < units; unit++)
        {
            int self = unit;
            b.Signal(ModelSignals.HostVersusGraftKill(unit), inputs =>
            {
                var hostNkInput = inputs.Add(hostNkNames);
                var hostTInput = inputs.Add(hostTNames);
                var donorInput = inputs.Add(donorTargetNames);
                return d =>
                {
                    InputSlice hostNk = hostNkInput, hostT = hostTInput, donor = donorInput;
                    var k = HostVersusGraftConstants.Of(d);
                    int n = units, me = self;
                    return (in x) => HostVersusGraft(in x, 0, me, HostEffectors(hostNk.Sum(x), hostT.Sum(x), k), DonorTargets(in x, 0, n, donor.Sum(x), k.AccessoryHalfLife), k);
                };
            }, [ModelSignals.ImmunosuppressionParameter, .. Enumerable.Range(0, units).SelectMany(UnitFieldsOf)], timeDependent: true);
        }

        // Unit-versus-unit, per donor origin u: k·IS·(1 − 2^(−(t − t_u)/τ))·Σ_{v≠u} T_v/(T_v + half) over the other units already infused:
        // their alloreactive T cells need weeks to expand (priming τ), then keep reacting until one unit is left (no tolerance: the loser is
        // cleared, Barker 2005).
        bool competing = units >= 2;
        if (competing)
        {
            for (int unit = 0; unit < units; unit++)
            {
                int self = unit;
                b.Signal(ModelSignals.UnitVersusUnitKill(unit), inputs =>
                {
                    var unitTInputs = new InputSlice[units];
                    for (int u = 0; u < units; u++) unitTInputs[u] = inputs.Add(OfOrigin(origins[u + 1]));
                    return d =>
                    {
                        InputSlice[] unitT = unitTInputs;
                        var al = d.P.Alloimmunity;
                        double max = al.UnitVersusUnitMaxPerDay, half = al.UnitVersusUnitHalfPerMicroliter * WholeBodyPerMicroliter(d), priming = al.UnitVersusUnitPrimingDays;
                        int me = self;
                        return (in x) =>
                        {
                            Span<double> sums = stackalloc double[unitT.Length];
                            for (int u = 0; u < sums.Length; u++) sums[u] = unitT[u].Sum(x);
                            return UnitVersusUnit(in x, 0, me, sums, max, half, priming);
                        };
                    };
                }, [ModelSignals.ImmunosuppressionParameter, .. Enumerable.Range(0, units).SelectMany(UnitFieldsOf)], timeDependent: true);
            }
        }

        // All of them together: each unit's T cells, the host effectors and the donor targets (with the accessory cells) summed once.
        // Parameters by position, each signal's list after the one before: graft-versus-host (IS, each unit's alloreactivity),
        // graft-versus-autoimmunity (its rate), then per unit host-versus-graft, then unit-versus-unit (IS, every unit's fields).
        var unitTSlices = new InputSlice[units];
        for (int u = 0; u < units; u++) unitTSlices[u] = b.Slice(OfOrigin(origins[u + 1]));
        InputSlice gvaDonorSlice = b.Slice([.. Enumerable.Range(0, units).SelectMany(u => OfOrigin(origins[u + 1]))]);
        InputSlice gvaHostSlice = b.Slice(OfOrigin(ModelCatalogue.HostPrefix));
        InputSlice hostNkSlice = b.Slice(hostNkNames), hostTSlice = b.Slice(hostTNames), donorTargetSlice = b.Slice(donorTargetNames);
        int gva = 1 + units, hvg = gva + (autoimmune ? 1 : 0);
        b.SignalBlock(1 + (autoimmune ? 1 : 0) + units + (competing ? units : 0), d =>
        {
            InputSlice[] unitT = unitTSlices;
            InputSlice gvaDonor = gvaDonorSlice, gvaHost = gvaHostSlice, hostNk = hostNkSlice, hostT = hostTSlice, donor = donorTargetSlice;
            var al = d.P.Alloimmunity;
            double gvhMax = al.GraftVersusHostMaxPerDay, gvhHalf = al.GraftVersusHostHalfPerMicroliter * WholeBodyPerMicroliter(d);
            double uvuMax = al.UnitVersusUnitMaxPerDay, uvuHalf = al.UnitVersusUnitHalfPerMicroliter * WholeBodyPerMicroliter(d), priming = al.UnitVersusUnitPrimingDays;
            var k = HostVersusGraftConstants.Of(d);
            int n = units, gvaAt = gva, hvgAt = hvg;
            bool withGva = autoimmune, withUvu = competing;
            if (n == 1) return SingleUnitAlloimmunity(unitT[0], gvaDonor, gvaHost, hostNk, hostT, donor, gvhMax, gvhHalf, k, gvaAt, hvgAt, withGva);
            return (in RateInputs x, Span<double> values) =>
            {
                // Every signal's parameters once: IS and each unit's fields (the signals' lists name the same parameters, so
                // the first host-versus-graft list's positions read every unit's; graft-versus-host's list reads the same
                // alloreactivities), and each unit's time since its infusion max(0, t − t_u), which the tolerance and the
                // priming each read (the donor targets' accessory cells compute it in DonorTargets, shared with the signals'
                // own functions).
                // Each sum only when a signal reads it (as the signals' own functions do): the T cells while some unit is
                // alloreactive (graft-versus-host and unit-versus-unit read no other), the effectors and targets while some
                // unit resists. An unread sum stays 0.
                // On the stack in fixed-size locals, not by stackalloc: a method without stackalloc goes through the tiers
                // (profile-guided inlining of the calls below) like the other blocks.
                PerUnit sumValues = default, reactivityValues = default, resistanceValues = default, antibodyValues = default, sinceValues = default;
                Span<double> sums = ((Span<double>)sumValues)[..n], reactivity = ((Span<double>)reactivityValues)[..n];
                Span<double> resistance = ((Span<double>)resistanceValues)[..n], antibodies = ((Span<double>)antibodyValues)[..n];
                Span<double> since = ((Span<double>)sinceValues)[..n];
                bool alloreactive = false, resisting = false;
                double immunosuppression = x.Parameter(0), time = x.TimeDays;
                for (int u = 0; u < n; u++)
                {
                    int fields = hvgAt + 1 + u * ModelSignals.UnitFields.Length;
                    reactivity[u] = x.Parameter(fields + ModelSignals.UnitAlloreactivity);
                    resistance[u] = x.Parameter(fields + ModelSignals.UnitResistance);
                    antibodies[u] = x.Parameter(fields + ModelSignals.UnitAntibodies);
                    since[u] = Math.Max(0, time - x.Parameter(fields + ModelSignals.UnitStart));
                    alloreactive |= reactivity[u] > 0;
                    resisting |= resistance[u] > 0 || antibodies[u] > 0;
                }
                for (int u = 0; u < n; u++) sums[u] = alloreactive ? unitT[u].Sum(x) : 0;
                int s = 0;
                values[s++] = alloreactive ? GraftVersusHost(immunosuppression, reactivity, sums, gvhMax, gvhHalf) : 0;
                // With one unit, its T-cell sum is the donor T cells' sum, added in the same order (0 + N4 + M4 + R + N8 + M8).
                if (withGva) values[s++] = n == 1 && alloreactive
                    ? GraftVersusAutoimmunity(x.Parameter(gvaAt), sums[0], gvaHost, in x)
                    : GraftVersusAutoimmunity(x.Parameter(gvaAt), gvaDonor, gvaHost, in x);
                if (resisting)
                {
                    double effectors = HostEffectors(hostNk.Sum(x), hostT.Sum(x), k);
                    double crowding = TargetCrowding(DonorTargets(in x, hvgAt, n, donor.Sum(x), k.AccessoryHalfLife), k);
                    for (int u = 0; u < n; u++)
                        values[s++] = HostVersusGraft(resistance[u], antibodies[u], immunosuppression, since[u], effectors, crowding, k);
                }
                else for (int u = 0; u < n; u++) values[s++] = 0;
                if (withUvu)
                    for (int u = 0; u < n; u++) values[s++] = UnitVersusUnit(immunosuppression, u, reactivity, sums, since[u], uvuMax, uvuHalf, priming);
            };
        });
    }

    /// <summary>
    /// The alloimmune block of <see cref="AddAlloimmunitySignals"/> for one donor unit (every shape but a double cord): the general
    /// block's operations in its order with the unit's fields, sum and time since its infusion in locals instead of per-unit
    /// arrays (no unit-versus-unit with one unit), so the same values to the bit without the arrays' zeroing and loops.
    /// </summary>
    private static SignalBlockFunction SingleUnitAlloimmunity(InputSlice unitT, InputSlice gvaDonor, InputSlice gvaHost, InputSlice hostNk,
        InputSlice hostT, InputSlice donor, double gvhMax, double gvhHalf, HostVersusGraftConstants k, int gvaAt, int hvgAt, bool withGva)
    {
        int fields = hvgAt + 1;
        return (in RateInputs x, Span<double> values) =>
        {
            double immunosuppression = x.Parameter(0), time = x.TimeDays;
            double reactivity = x.Parameter(fields + ModelSignals.UnitAlloreactivity);
            double resistance = x.Parameter(fields + ModelSignals.UnitResistance);
            double antibodies = x.Parameter(fields + ModelSignals.UnitAntibodies);
            double since = Math.Max(0, time - x.Parameter(fields + ModelSignals.UnitStart));
            bool alloreactive = reactivity > 0, resisting = resistance > 0 || antibodies > 0;
            double sum = alloreactive ? unitT.Sum(x) : 0;
            values[0] = alloreactive ? GraftVersusHost(immunosuppression, new ReadOnlySpan<double>(in reactivity), new ReadOnlySpan<double>(in sum), gvhMax, gvhHalf) : 0;
            int s = 1;
            // The unit's T-cell sum is the donor T cells' sum, added in the same order (0 + N4 + M4 + R + N8 + M8).
            if (withGva) values[s++] = alloreactive
                ? GraftVersusAutoimmunity(x.Parameter(gvaAt), sum, gvaHost, in x)
                : GraftVersusAutoimmunity(x.Parameter(gvaAt), gvaDonor, gvaHost, in x);
            if (resisting)
            {
                double effectors = HostEffectors(hostNk.Sum(x), hostT.Sum(x), k);
                double crowding = TargetCrowding(DonorTargets(in x, hvgAt, 1, donor.Sum(x), k.AccessoryHalfLife), k);
                values[s] = HostVersusGraft(resistance, antibodies, immunosuppression, since, effectors, crowding, k);
            }
            else values[s] = 0;
        };
    }

    /// <summary>Graft-versus-host (§17) of the donor units' T cells: reads IS at parameter position <paramref name="p"/>, unit u's alloreactivity at p + 1 + u.</summary>
    private static double GraftVersusHost(in RateInputs x, int p, InputSlice[] donorT, double max, double half)
    {
        // Off (no unit alloreactive yet, e.g. before the infusion) without summing any count.
        bool on = false;
        for (int u = 0; u < donorT.Length && !on; u++) on = x.Parameter(p + 1 + u) > 0;
        if (!on) return 0;
        Span<double> sums = stackalloc double[donorT.Length];
        for (int u = 0; u < sums.Length; u++) sums[u] = donorT[u].Sum(x);
        return GraftVersusHost(in x, p, sums, max, half);
    }

    /// <summary>Graft-versus-host of the units' T-cell sums <paramref name="unitT"/>: max·IS·Σ_u a_u·T_u/(Σ_u T_u + half), 0 while no unit is alloreactive.</summary>
    private static double GraftVersusHost(in RateInputs x, int p, ReadOnlySpan<double> unitT, double max, double half)
    {
        bool on = false;
        for (int u = 0; u < unitT.Length && !on; u++) on = x.Parameter(p + 1 + u) > 0;
        if (!on) return 0;
        Span<double> reactivity = stackalloc double[unitT.Length];
        for (int u = 0; u < reactivity.Length; u++) reactivity[u] = x.Parameter(p + 1 + u);
        return GraftVersusHost(x.Parameter(p), reactivity, unitT, max, half);
    }

    /// <summary>
    /// Graft-versus-host of IS, the units' alloreactivities a_u and T-cell sums T_u, some unit alloreactive:
    /// max·IS·Σ_u a_u·T_u/(Σ_u T_u + half).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double GraftVersusHost(double immunosuppression, ReadOnlySpan<double> reactivity, ReadOnlySpan<double> unitT, double max, double half)
    {
        double weighted = 0, total = 0;
        for (int u = 0; u < unitT.Length; u++)
        {
            double t = unitT[u];
            total += t;
            weighted += reactivity[u] * t;
        }
        return weighted > 0 ? max * immunosuppression * weighted / (total + half) : 0;
    }

    /// <summary>Graft-versus-autoimmunity (§17): max·donor T/(donor T + host T), the T cells summed only when the rate is on.</summary>
    private static double GraftVersusAutoimmunity(double max, InputSlice donorT, InputSlice hostT, in RateInputs x) =>
        max <= 0 ? 0 : GraftVersusAutoimmunity(max, donorT.Sum(x), hostT, in x);

    /// <summary>Graft-versus-autoimmunity of the donor T cells' sum <paramref name="donorT"/> (any value while the rate is off).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double GraftVersusAutoimmunity(double max, double donorT, InputSlice hostT, in RateInputs x)
    {
        if (max <= 0) return 0;
        double all = donorT + hostT.Sum(x);
        return all > 0 ? max * donorT / all : 0;
    }

    /// <summary>The design's constants of the host-versus-graft signals (§17).</summary>
    private readonly record struct HostVersusGraftConstants(double Max, double NkWeight, double EffectorHalfSquared, double Nk0, double T0,
        double TargetHalf, double ToleranceHalfLife, double AccessoryHalfLife, double AntibodyKill)
    {
        public static HostVersusGraftConstants Of(PhysiologyDesign d)
        {
            var al = d.P.Alloimmunity;
            return new(al.HostVersusGraftMaxPerDay, al.HostNkEffectorWeight, al.HostEffectorHalf * al.HostEffectorHalf, d.NkCells,
                d.NaiveCd4 + d.MemoryCd4 + d.NaiveCd8 + d.MemoryCd8, al.HostVersusGraftHalfTargetCells, al.ToleranceHalfLifeDays,
                al.AccessoryCellHalfLifeDays, al.DonorSpecificAntibodyKillPerDay);
        }
    }

    /// <summary>The host effectors e: NK and T cells, weighted, each relative to its untreated level.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double HostEffectors(double hostNk, double hostT, in HostVersusGraftConstants k) =>
        k.NkWeight * hostNk / k.Nk0 + (1 - k.NkWeight) * hostT / k.T0;

    /// <summary>The donor targets D: the nucleated donor cells plus each unit's decaying accessory cells (unit fields after IS at position <paramref name="p"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double DonorTargets(in RateInputs x, int p, int units, double donorCells, double accessoryHalfLife)
    {
        int f = ModelSignals.UnitFields.Length;
        double targetCells = donorCells;
        for (int u = 0; u < units; u++)
        {
            double accessory = x.Parameter(p + 1 + u * f + ModelSignals.UnitAccessory);
            if (accessory > 0) targetCells += accessory * PowerOfTwo.Of(-SinceInfusion(in x, p, u) / accessoryHalfLife);
        }
        return targetCells;
    }

    /// <summary>Unit <paramref name="unit"/>'s days since its infusion, max(0, t − t_u) (unit fields after IS at position <paramref name="p"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double SinceInfusion(in RateInputs x, int p, int unit) =>
        Math.Max(0, x.TimeDays - x.Parameter(p + 1 + unit * ModelSignals.UnitFields.Length + ModelSignals.UnitStart));

    /// <summary>The targets' dilution of host-versus-graft, 1 + D/D½ (the same for every unit).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double TargetCrowding(double targetCells, in HostVersusGraftConstants k) => 1 + targetCells / k.TargetHalf;

    /// <summary>Host-versus-graft on unit <paramref name="me"/> (IS at parameter position <paramref name="p"/>, every unit's fields after it).</summary>
    private static double HostVersusGraft(in RateInputs x, int p, int me, double effectors, double targetCells, in HostVersusGraftConstants k)
    {
        int f = ModelSignals.UnitFields.Length;
        double resistance = x.Parameter(p + 1 + me * f + ModelSignals.UnitResistance);
        double antibodies = x.Parameter(p + 1 + me * f + ModelSignals.UnitAntibodies);
        return HostVersusGraft(resistance, antibodies, x.Parameter(p), SinceInfusion(in x, p, me), effectors, TargetCrowding(targetCells, k), k);
    }

    /// <summary>
    /// Host-versus-graft on a unit of its resistance r_u, donor-specific antibodies DSA_u and days since its infusion, given IS, the
    /// effectors e and the targets' dilution 1 + D/D½ (<see cref="TargetCrowding"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double HostVersusGraft(double resistance, double antibodies, double immunosuppression, double since, double effectors,
        double crowding, in HostVersusGraftConstants k)
    {
        if (resistance <= 0 && antibodies <= 0) return 0;
        double e = effectors;
        double cellular = k.Max * resistance * immunosuppression * e * e / (e * e + k.EffectorHalfSquared);
        return (cellular + k.AntibodyKill * antibodies) * PowerOfTwo.Of(-since / k.ToleranceHalfLife) / crowding;
    }

    /// <summary>Unit-versus-unit on unit <paramref name="me"/> of the units' T-cell sums (IS at parameter position <paramref name="p"/>, every unit's fields after it).</summary>
    private static double UnitVersusUnit(in RateInputs x, int p, int me, ReadOnlySpan<double> unitT, double max, double half, double priming)
    {
        int f = ModelSignals.UnitFields.Length;
        Span<double> reactivity = stackalloc double[unitT.Length];
        for (int v = 0; v < reactivity.Length; v++) reactivity[v] = x.Parameter(p + 1 + v * f + ModelSignals.UnitAlloreactivity);
        return UnitVersusUnit(x.Parameter(p), me, reactivity, unitT, SinceInfusion(in x, p, me), max, half, priming);
    }

    /// <summary>
    /// Unit-versus-unit on unit <paramref name="me"/> of IS, the units' alloreactivities and T-cell sums and its days since its
    /// infusion: max·IS·(1 − 2^(−since/τ))·Σ_{v≠u, a_v &gt; 0} T_v/(T_v + half).
    /// </summary>
    private static double UnitVersusUnit(double immunosuppression, int me, ReadOnlySpan<double> reactivity, ReadOnlySpan<double> unitT, double since,
        double max, double half, double priming)
    {
        double kill = 0;
        for (int v = 0; v < unitT.Length; v++)
        {
            if (v == me || reactivity[v] <= 0) continue;
            double t = unitT[v];
            kill += t / (t + half);
        }
        if (kill <= 0) return 0;
        return max * immunosuppression * kill * (1 - PowerOfTwo.Of(-since / priming));
    }
}
