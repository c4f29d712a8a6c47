using System.Globalization;
using Reconstitution.Physiology;

namespace Reconstitution.Tests.Physiology;

/// <summary>
/// A bound network's initial counts and rate constants are named <see cref="DesignValue"/>s evaluated by
/// <see cref="DesignValues.Of"/>. Binding a patient to another's template gives the network built for that patient
/// (<see cref="PhysiologyTemplateTests"/>) whatever value a name evaluates to, so these tests pin each compartment and rate
/// constant to its expression of the design, written out here independently (the expressions the builder evaluated per value
/// before the names; docs/model.md §3–§4), bit for bit. The constants the signal functions read by name are pinned by
/// <see cref="SignalConstantsTests"/>.
/// </summary>
public sealed class DesignValuesTests
{
    [Theory]
    [MemberData(nameof(PhysiologyTemplateTests.Shapes), MemberType = typeof(PhysiologyTemplateTests))]
    public void Bind_EveryCount_IsItsDesignExpression(AutoimmuneDisease disease, int units)
    {
        var template = PhysiologyTemplateTests.Design(disease, units, index: 11);
        var d = PhysiologyTemplateTests.Design(disease, units, index: 12);
        var network = PhysiologyTemplate.For(template).Bind(d).Compiled;
        var expected = HostCounts(d);
        int checkedCounts = 0;
        for (int i = 0; i < network.CompartmentCount; i++)
        {
            string name = network.CompartmentNames[i];
            double count = network.InitialCounts[i];
            if (name.StartsWith(ModelCatalogue.HostPrefix, StringComparison.Ordinal) && expected.TryGetValue(name[1..], out double host))
                Assert.Equal(Bits(host), Bits(count));
            else if (Shared(d).TryGetValue(name, out double shared))
                Assert.Equal(Bits(shared), Bits(count));
            else
            {
                // A donor origin starts empty: +0, as 0·x with x the host's finite count ≥ 0.
                Assert.True(name.StartsWith(ModelCatalogue.DonorPrefix, StringComparison.Ordinal), $"{name} is neither host, donor nor shared");
                Assert.Equal(Bits(0.0), Bits(count));
            }
            checkedCounts++;
        }
        Assert.Equal(network.CompartmentCount, checkedCounts);
    }

    [Theory]
    [MemberData(nameof(PhysiologyTemplateTests.Shapes), MemberType = typeof(PhysiologyTemplateTests))]
    public void Bind_EveryRateConstant_IsItsDesignExpression(AutoimmuneDisease disease, int units)
    {
        var template = PhysiologyTemplateTests.Design(disease, units, index: 13);
        var d = PhysiologyTemplateTests.Design(disease, units, index: 14);
        var network = PhysiologyTemplate.For(template).Bind(d).Compiled;
        var expected = Rates(d);
        var found = new HashSet<string>();
        for (int i = 0; i < network.ParameterCount; i++)
        {
            string name = network.ParameterNames[i];
            // A transition's rate constant (not a hook such as the graft-versus-autoimmunity rate).
            if (!name.EndsWith(".rate", StringComparison.Ordinal) || network.FindTransition(name[..^".rate".Length]) < 0) continue;
            string transition = name[..^".rate".Length];
            // Every origin's copy of a transition has the host's rate; the shared compartments' transitions have no prefix.
            string stem = transition.StartsWith(ModelCatalogue.HostPrefix, StringComparison.Ordinal) || transition.StartsWith(ModelCatalogue.DonorPrefix, StringComparison.Ordinal)
                ? transition.TrimStart('h', 'd', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9')
                : transition;
            if (expected.TryGetValue(stem, out double rate))
            {
                Assert.True(Bits(rate) == Bits(network.InitialParameters[i]), $"{name}: expected {rate:R}, bound {network.InitialParameters[i]:R}");
                found.Add(stem);
            }
            else
                // A transition whose rate is its signal has the constant 1.
                Assert.True(network.InitialParameters[i] == 1, $"{name} is not a design value but {network.InitialParameters[i]:R}");
        }
        Assert.Equal(expected.Keys.Order(), found.Order());
    }

    [Fact]
    public void Of_UndefinedValue_Throws()
    {
        var d = PhysiologyTemplateTests.Design(AutoimmuneDisease.None, 0, index: 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => DesignValues.Of(d, (DesignValue)(-1)));
    }

    private static string N(string stem, int i) => stem + i.ToString(CultureInfo.InvariantCulture);

    /// <summary>The host's initial counts by compartment stem.</summary>
    private static Dictionary<string, double> HostCounts(PhysiologyDesign d)
    {
        int nR = d.P.Erythropoiesis.RedCellStages, nP = d.P.Thrombopoiesis.PlateletStages;
        var c = new Dictionary<string, double>
        {
            ["H"] = d.LongTermStemCells, ["S1"] = d.ShortTermStemCells1, ["S2"] = d.ShortTermStemCells2,
            ["G"] = d.GranulocyteProgenitors, ["E"] = d.ErythroidProgenitors, ["K"] = d.MegakaryocyteProgenitors, ["L"] = d.LymphoidProgenitors,
            ["NR"] = d.MarrowNeutrophilReserve, ["NB"] = d.BloodNeutrophils, ["Mo"] = d.Monocytes, ["Ret"] = d.Reticulocytes,
            ["BP1"] = d.EarlyBPrecursors, ["BP2"] = d.LateBPrecursors, ["B"] = d.BCells, ["NKP"] = d.NkPrecursors, ["NK"] = d.NkCells,
            ["T1"] = d.EarlyThymocytes, ["T2"] = d.LateThymocytes, ["N4"] = d.NaiveCd4, ["M4"] = d.MemoryCd4, ["N8"] = d.NaiveCd8,
            ["M8"] = d.MemoryCd8, ["R"] = d.Treg,
        };
        for (int i = 1; i <= d.P.StemCells.MppStages; i++) c[N("MPP", i)] = d.MppStageCells[i - 1];
        for (int i = 1; i <= ModelCatalogue.MitoticNeutrophilStages; i++) c[N("NM", i)] = d.MitoticStageCells[i - 1];
        for (int i = 1; i <= ModelCatalogue.PostMitoticNeutrophilStages; i++) c[N("NP", i)] = d.PostMitoticStageCells;
        for (int i = 1; i <= ModelCatalogue.ErythroblastStages; i++) c[N("EB", i)] = d.ErythroblastStageCells[i - 1];
        for (int i = 1; i <= nR; i++) c[N("RBC", i)] = 1 * d.RedCells / nR;
        for (int i = 1; i <= ModelCatalogue.MegakaryocyteStages; i++) c[N("MK", i)] = d.MegakaryocyteStageCells;
        for (int i = 1; i <= nP; i++) c[N("PLT", i)] = 1 * d.Platelets / nP;
        return c;
    }

    /// <summary>The shared compartments' initial counts (host tissues and autoimmunity).</summary>
    private static Dictionary<string, double> Shared(PhysiologyDesign d) => new()
    {
        [ModelCatalogue.ThymusName] = PhysiologyDesign.TissueIntact,
        [ModelCatalogue.NicheName] = PhysiologyDesign.TissueIntact,
        [ModelCatalogue.AutoreactiveName] = d.Auto is null ? 0 : d.AutoreactiveCells,
        [ModelCatalogue.PlasmaCellName] = d.AntibodyMediated ? d.PlasmaCells : 0,
        [ModelCatalogue.AntibodyName] = d.AntibodyMediated ? d.Antibody : 0,
        [ModelCatalogue.ShortLivedPlasmaCellName] = d.AntibodyMediated ? d.ShortLivedPlasmaCells : 0,
    };

    /// <summary>The rate constants that are design values, by transition stem (origin prefix removed).</summary>
    private static Dictionary<string, double> Rates(PhysiologyDesign d)
    {
        var sp = d.P.StemCells;
        var lp = d.P.Lymphocytes;
        int nM = sp.MppStages;
        var r = new Dictionary<string, double>
        {
            ["H.diff"] = d.HscDifferentiationPerDay, ["S1.out"] = d.ShortTermStageExitPerDay, ["S2.out"] = d.ShortTermStageExitPerDay,
            ["G.renew"] = d.P.Granulopoiesis.Progenitor.DivisionRatePerDay, ["G.diff"] = d.P.Granulopoiesis.Progenitor.DivisionRatePerDay,
            ["E.renew"] = d.P.Erythropoiesis.Progenitor.DivisionRatePerDay, ["E.diff"] = d.P.Erythropoiesis.Progenitor.DivisionRatePerDay,
            ["K.renew"] = d.P.Thrombopoiesis.Progenitor.DivisionRatePerDay, ["K.diff"] = d.P.Thrombopoiesis.Progenitor.DivisionRatePerDay,
            ["L.renew"] = lp.Progenitor.DivisionRatePerDay,
            ["L.toBP1"] = d.BCellLymphoidShare * lp.Progenitor.DivisionRatePerDay,
            ["L.toNKP"] = d.NkLymphoidShare * lp.Progenitor.DivisionRatePerDay,
            ["L.toT1"] = d.TCellLymphoidShare * lp.Progenitor.DivisionRatePerDay,
            ["NM4.toNP"] = (1 - d.MonocyteShare) * d.MitoticDivisionPerDay, ["NM4.toMo"] = d.MonocyteShare * d.MitoticDivisionPerDay,
            ["NR.release"] = d.NeutrophilReleasePerDay, ["NB.death"] = d.BloodNeutrophilDeathPerDay, ["Mo.death"] = d.MonocyteDeathPerDay,
            ["Ret.out"] = d.ReticulocyteReleasePerDay,
            ["BP1.div"] = d.BPrecursorMaturationPerDay, ["BP2.out"] = d.BPrecursorMaturationPerDay,
            ["B.prolif"] = lp.BProliferationPerDay, ["B.death"] = lp.BDeathPerDay,
            ["NKP.out"] = d.NkPrecursorMaturationPerDay, ["NK.prolif"] = lp.NkProliferationPerDay, ["NK.death"] = lp.NkDeathPerDay,
            ["T1.out"] = d.EarlyThymocyteExitPerDay,
            ["T2.toN4"] = d.ThymicCd4Share * d.LateThymocyteExitPerDay, ["T2.toN8"] = d.ThymicCd8Share * d.LateThymocyteExitPerDay,
            ["T2.toR"] = d.ThymicTregShare * d.LateThymocyteExitPerDay,
            ["N4.prolif"] = d.NaiveCd4ProliferationPerDay, ["N4.death"] = d.NaiveCd4DeathPerDay, ["N4.toM4"] = d.NaiveCd4ConversionPerDay,
            ["M4.prolif"] = d.MemoryCd4ProliferationPerDay, ["M4.death"] = d.MemoryCd4DeathPerDay,
            ["N8.prolif"] = d.NaiveCd8ProliferationPerDay, ["N8.death"] = d.NaiveCd8DeathPerDay, ["N8.toM8"] = d.NaiveCd8ConversionPerDay,
            ["M8.prolif"] = d.MemoryCd8ProliferationPerDay, ["M8.death"] = d.MemoryCd8DeathPerDay,
            ["R.prolif"] = d.TregProliferationPerDay, ["R.death"] = d.P.TCells.TregDeathPerDay,
        };
        for (int i = 1; i <= nM; i++)
        {
            if (i < nM) r[N("MPP", i) + ".cont"] = sp.MppDivisionRatePerDay;
            r[N("MPP", i) + ".toG"] = d.GranulocyteLineageShare * sp.MppDivisionRatePerDay;
            r[N("MPP", i) + ".toE"] = d.ErythroidLineageShare * sp.MppDivisionRatePerDay;
            r[N("MPP", i) + ".toK"] = d.MegakaryocyteLineageShare * sp.MppDivisionRatePerDay;
            r[N("MPP", i) + ".toL"] = d.LymphoidLineageShare * sp.MppDivisionRatePerDay;
        }
        for (int i = 1; i < ModelCatalogue.MitoticNeutrophilStages; i++) r[N("NM", i) + ".div"] = d.MitoticDivisionPerDay;
        for (int i = 1; i <= ModelCatalogue.PostMitoticNeutrophilStages; i++) r[N("NP", i) + ".mat"] = d.PostMitoticMaturationPerDay;
        for (int i = 1; i <= ModelCatalogue.ErythroblastStages; i++) r[N("EB", i) + ".div"] = d.ErythroblastDivisionPerDay;
        for (int i = 1; i <= d.P.Erythropoiesis.RedCellStages; i++) r[N("RBC", i) + ".age"] = d.RedCellAgingPerDay;
        for (int i = 1; i <= ModelCatalogue.MegakaryocyteStages; i++) r[N("MK", i) + ".mat"] = d.MegakaryocyteMaturationPerDay;
        for (int i = 1; i <= d.P.Thrombopoiesis.PlateletStages; i++) r[N("PLT", i) + ".age"] = d.PlateletAgingPerDay;
        if (d.Auto is { } auto)
        {
            r["A.death"] = auto.DeathPerDay;
            if (d.AntibodyMediated)
            {
                r["A.toPC"] = auto.PlasmaCellRatePerDay;
                r["PC.death"] = auto.PlasmaCellDeathPerDay;
                r["Ab.decay"] = d.AntibodyDecayPerDay;
                r["A.toSPC"] = d.ShortLivedPlasmaCellRatePerDay;
                r["SPC.death"] = d.ShortLivedPlasmaCellDeathPerDay;
            }
        }
        return r;
    }

    private static long Bits(double value) => BitConverter.DoubleToInt64Bits(value);
}
