using Reconstitution.Compartments;
using Reconstitution.Physiology;
using Reconstitution.Randomness;

namespace Reconstitution.Tests.Physiology;

/// <summary>
/// The constants the signal functions read through <see cref="DesignValue"/> (the G-CSF gains' maxima, the erythroid and
/// lymphoid progenitors' feedback, the B and NK gains' maxima, the IL-7 niches' loads and maxima, the tissues' regrowth, the
/// disease's haemolysis and platelet destruction) are bound per patient by name. <see cref="DesignValuesTests"/> pins the
/// counts and rate constants; these tests pin the signal constants, so that a constant read under another name fails: a design
/// whose constants all differ (a swap of two names then changes a value), each signal compared with its formula written out
/// here from the parameter table (docs/model.md §4.4–§4.10), and each constant changed alone moving only its own signals.
/// </summary>
public sealed class SignalConstantsTests
{
    [Fact]
    public void Of_EverySignalConstant_IsItsParameterTableValue()
    {
        // Every signal constant (the enum's last section) has its expression here; with the distinct design every value but
        // the naive CD4 and CD8 maxima (one parameter, NaiveGainMax) differs from every other, so an arm reading another's
        // field gives another value.
        var d = Distinct(AutoimmuneDisease.AutoimmuneHemolyticAnemia, 1, index: 21);
        var expected = Constants(d);
        var section = Enum.GetValues<DesignValue>().Where(v => v >= DesignValue.NeutrophilMitoticGainMax).Order();
        Assert.Equal(section, expected.Keys.Order());
        var wrong = expected.Where(e => Bits(DesignValues.Of(d, e.Key)) != Bits(e.Value))
            .Select(e => $"{e.Key}: expected {e.Value:R}, Of gives {DesignValues.Of(d, e.Key):R}").ToList();
        Assert.True(wrong.Count == 0, string.Join("; ", wrong));
        var equal = expected.GroupBy(e => e.Value).Where(g => g.Count() > 1).Select(g => string.Join("=", g.Select(e => e.Key).Order())).ToList();
        Assert.Equal([$"{DesignValue.NaiveCd4GainMax}={DesignValue.NaiveCd8GainMax}"], equal);
    }

    [Theory]
    [MemberData(nameof(PhysiologyTemplateTests.Shapes), MemberType = typeof(PhysiologyTemplateTests))]
    public void Bind_EverySignalReadingADesignConstant_IsItsFormula(AutoimmuneDisease disease, int units)
    {
        // Bound to another patient's template, at the untreated state and at states away from the set points (where a gain's
        // maximum matters: at its set point every gain is 1), with damaged tissues (regrowth is 0 when intact) and with and
        // without exogenous G-CSF: each signal computed in its block (a full update) and by its own function must be its
        // formula of the patient's constants.
        var d = Distinct(disease, units, index: 22);
        var network = PhysiologyTemplate.For(PhysiologyTemplateTests.Design(disease, units, index: 23)).Bind(d).Compiled;
        var names = network.SignalNames.ToList();
        Assert.Equal(disease == AutoimmuneDisease.AutoimmuneHemolyticAnemia, names.Contains(ModelSignals.DiseaseHemolysis));
        Assert.Equal(disease == AutoimmuneDisease.ImmuneThrombocytopenia, names.Contains(ModelSignals.DiseasePlateletDestruction));
        var wrong = new List<string>();
        foreach (var (counts, parameters) in States(network))
            foreach (var (how, signals) in Evaluations(network, counts, parameters))
                foreach (var (name, value) in Formulas(d, network, counts, parameters))
                {
                    double bound = signals[names.IndexOf(name)];
                    // The formulas here take Math.Pow and another order of the sums: within a few ulp of the network's.
                    if (!(Math.Abs(bound - value) <= 1e-12 * Math.Abs(value)))
                        wrong.Add($"{name} ({how}): formula {value:R}, bound {bound:R}");
                }
        Assert.True(wrong.Count == 0, string.Join("; ", wrong.Distinct()));
    }

    /// <summary>Each parameter-table constant a signal reads by name, changed alone, and the signals that must move with it.</summary>
    public static TheoryData<string> Changes() => [.. Perturbations.Keys];

    private static readonly Dictionary<string, (Func<PhysiologyParameters, PhysiologyParameters> Change, string[] Signals)> Perturbations = new()
    {
        ["MitoticGainMax"] = (p => p with { Granulopoiesis = p.Granulopoiesis with { MitoticGainMax = 3.6 } }, [ModelSignals.NeutrophilMitoticGain]),
        ["MaturationGainMax"] = (p => p with { Granulopoiesis = p.Granulopoiesis with { MaturationGainMax = 2.9 } }, [ModelSignals.NeutrophilMaturationGain]),
        ["ReleaseGainMax"] = (p => p with { Granulopoiesis = p.Granulopoiesis with { ReleaseGainMax = 5.4 } }, [ModelSignals.NeutrophilReleaseGain]),
        ["Erythroid.SelfRenewalMax"] = (p => p with { Erythropoiesis = p.Erythropoiesis with { Progenitor = p.Erythropoiesis.Progenitor with { SelfRenewalMax = 0.44 } } },
            [ModelSignals.ErythroidProgenitorRenewal, ModelSignals.ErythroidProgenitorDifferentiation]),
        ["Erythroid.HillCoefficient"] = (p => p with { Erythropoiesis = p.Erythropoiesis with { Progenitor = p.Erythropoiesis.Progenitor with { HillCoefficient = 2.2 } } },
            [ModelSignals.ErythroidProgenitorRenewal, ModelSignals.ErythroidProgenitorDifferentiation]),
        ["Lymphoid.SelfRenewalMax"] = (p => p with { Lymphocytes = p.Lymphocytes with { Progenitor = p.Lymphocytes.Progenitor with { SelfRenewalMax = 0.46 } } },
            [ModelSignals.LymphoidProgenitorRenewal, ModelSignals.LymphoidProgenitorDifferentiation]),
        ["Lymphoid.HillCoefficient"] = (p => p with { Lymphocytes = p.Lymphocytes with { Progenitor = p.Lymphocytes.Progenitor with { HillCoefficient = 2.9 } } },
            [ModelSignals.LymphoidProgenitorRenewal, ModelSignals.LymphoidProgenitorDifferentiation]),
        ["BHomeostaticGainMax"] = (p => p with { Lymphocytes = p.Lymphocytes with { BHomeostaticGainMax = 7.7 } }, [ModelSignals.BCellHomeostasis]),
        ["NkHomeostaticGainMax"] = (p => p with { Lymphocytes = p.Lymphocytes with { NkHomeostaticGainMax = 4.4 } }, [ModelSignals.NkCellHomeostasis]),
        ["NaiveGainMax"] = (p => p with { TCells = p.TCells with { NaiveGainMax = 6.2 } }, [ModelSignals.NaiveCd4Homeostasis, ModelSignals.NaiveCd8Homeostasis]),
        ["MemoryCd4GainMax"] = (p => p with { TCells = p.TCells with { MemoryCd4GainMax = 10.3 } }, [ModelSignals.MemoryCd4Homeostasis]),
        ["MemoryCd8GainMax"] = (p => p with { TCells = p.TCells with { MemoryCd8GainMax = 14.6 } }, [ModelSignals.MemoryCd8Homeostasis]),
        ["StromaRegrowthPerDay"] = (p => p with { Thymus = p.Thymus with { StromaRegrowthPerDay = 0.052 } }, [ModelSignals.ThymusRegrowth]),
        ["NicheRegrowthPerDay"] = (p => p with { StemCells = p.StemCells with { NicheRegrowthPerDay = 0.019 } }, [ModelSignals.NicheRegrowth]),
        ["HemolysisMaxPerDay"] = (p => p with { Erythropoiesis = p.Erythropoiesis with { HemolysisMaxPerDay = 0.63 } }, [ModelSignals.DiseaseHemolysis]),
        ["PlateletDestructionMaxPerDay"] = (p => p with { Thrombopoiesis = p.Thrombopoiesis with { PlateletDestructionMaxPerDay = 3.8 } }, [ModelSignals.DiseasePlateletDestruction]),
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public void Bind_OneSignalConstantChanged_MovesItsSignalsOnlyAsTheFormulaSays(string change)
    {
        // The shapes with a disease effect (AIHA: haemolysis, ITP: platelet destruction; the other changes on both). The changed
        // patient bound to the same template must keep every count and rate constant, move exactly the change's signals (in
        // blocks and own functions, at some state) and keep every other signal to the bit, and the moved values must be the
        // formula's with the new constant.
        var (perturb, moving) = Perturbations[change];
        var seen = new HashSet<string>();   // the change's signals that some shape has
        foreach (var (disease, units) in new[] { (AutoimmuneDisease.AutoimmuneHemolyticAnemia, 2), (AutoimmuneDisease.ImmuneThrombocytopenia, 3) })
        {
            var d = Distinct(disease, units, index: 24);
            var changed = new PhysiologyDesign(perturb(d.P), d.Covariates, d.Auto, units);
            var template = PhysiologyTemplate.For(PhysiologyTemplateTests.Design(disease, units, index: 25));
            var before = template.Bind(d).Compiled;
            var after = template.Bind(changed).Compiled;
            Assert.Equal(Bits(before.InitialCounts), Bits(after.InitialCounts));
            Assert.Equal(Bits(before.InitialParameters), Bits(after.InitialParameters));
            var names = before.SignalNames.ToList();
            string[] expected = [.. moving.Where(names.Contains)];
            seen.UnionWith(expected);
            var moved = new HashSet<string>();
            foreach (var (counts, parameters) in States(before))
            {
                var formulas = Formulas(changed, after, counts, parameters).ToDictionary(f => f.Name, f => f.Value);
                var was = Evaluations(before, counts, parameters).ToList();
                var now = Evaluations(after, counts, parameters).ToList();
                for (int e = 0; e < was.Count; e++)
                    for (int s = 0; s < names.Count; s++)
                    {
                        if (Bits(was[e].Signals[s]) == Bits(now[e].Signals[s])) continue;
                        moved.Add(names[s]);
                        Assert.True(formulas.TryGetValue(names[s], out double value), $"{change} moved {names[s]} ({was[e].How})");
                        Assert.True(Math.Abs(now[e].Signals[s] - value) <= 1e-12 * Math.Abs(value),
                            $"{change}: {names[s]} ({now[e].How}) is {now[e].Signals[s]:R}, its formula {value:R}");
                    }
            }
            Assert.Equal(expected.Order(), moved.Order());
        }
        Assert.Equal(moving.Order(), seen.Order());
    }

    /// <summary>
    /// A patient of the shape whose signal constants all differ from one another (and the G-CSF, homeostatic and IL-7 Hill
    /// exponents too, which the same functions read), each within its parameter's range.
    /// </summary>
    private static PhysiologyDesign Distinct(AutoimmuneDisease disease, int units, int index)
    {
        var vp = VirtualPatient.Draw(new PatientCovariates { Disease = disease, AgeYears = 30 + index }, null, RandomStream.Create(5, index, "patient"));
        var p = vp.Parameters;
        var parameters = p with
        {
            Granulopoiesis = p.Granulopoiesis with { MitoticGainMax = 3.1, MaturationGainMax = 2.3, ReleaseGainMax = 4.7, GcsfHill = 1.6 },
            Erythropoiesis = p.Erythropoiesis with
            {
                Progenitor = p.Erythropoiesis.Progenitor with { SelfRenewalMax = 0.47, HillCoefficient = 1.7 },
                HemolysisMaxPerDay = 0.41,
            },
            Lymphocytes = p.Lymphocytes with
            {
                Progenitor = p.Lymphocytes.Progenitor with { SelfRenewalMax = 0.43, HillCoefficient = 3.4 },
                BHomeostaticGainMax = 6.5, NkHomeostaticGainMax = 3.7, HomeostaticGainHill = 2.6,
            },
            TCells = p.TCells with { NaiveGainMax = 5.3, MemoryCd4GainMax = 8.9, MemoryCd8GainMax = 12.1, Il7Hill = 1.4 },
            Thymus = p.Thymus with { StromaRegrowthPerDay = 0.037 },
            StemCells = p.StemCells with { NicheRegrowthPerDay = 0.011 },
            Thrombopoiesis = p.Thrombopoiesis with { PlateletDestructionMaxPerDay = 2.9 },
        };
        return new PhysiologyDesign(parameters, vp.Covariates, vp.Autoimmunity, units);
    }

    /// <summary>Each signal constant's value, from the parameter table (or the design's set-point derivation for thresholds and loads).</summary>
    private static Dictionary<DesignValue, double> Constants(PhysiologyDesign d) => new()
    {
        [DesignValue.NeutrophilMitoticGainMax] = d.P.Granulopoiesis.MitoticGainMax,
        [DesignValue.NeutrophilMaturationGainMax] = d.P.Granulopoiesis.MaturationGainMax,
        [DesignValue.NeutrophilReleaseGainMax] = d.P.Granulopoiesis.ReleaseGainMax,
        [DesignValue.ErythroidRenewalMax] = d.P.Erythropoiesis.Progenitor.SelfRenewalMax,
        [DesignValue.ErythroidRenewalThreshold] = d.ErythroidRenewalThreshold,
        [DesignValue.ErythroidRenewalHill] = d.P.Erythropoiesis.Progenitor.HillCoefficient,
        [DesignValue.LymphoidRenewalMax] = d.P.Lymphocytes.Progenitor.SelfRenewalMax,
        [DesignValue.LymphoidRenewalThreshold] = d.LymphoidRenewalThreshold,
        [DesignValue.LymphoidRenewalHill] = d.P.Lymphocytes.Progenitor.HillCoefficient,
        [DesignValue.BHomeostaticGainMax] = d.P.Lymphocytes.BHomeostaticGainMax,
        [DesignValue.NkHomeostaticGainMax] = d.P.Lymphocytes.NkHomeostaticGainMax,
        [DesignValue.NaiveCd4NicheLoad] = d.NaiveCd4NicheLoad,
        [DesignValue.MemoryCd4NicheLoad] = d.MemoryCd4NicheLoad,
        [DesignValue.NaiveCd8NicheLoad] = d.NaiveCd8NicheLoad,
        [DesignValue.MemoryCd8NicheLoad] = d.MemoryCd8NicheLoad,
        [DesignValue.NaiveCd4GainMax] = d.P.TCells.NaiveGainMax,
        [DesignValue.MemoryCd4GainMax] = d.P.TCells.MemoryCd4GainMax,
        [DesignValue.NaiveCd8GainMax] = d.P.TCells.NaiveGainMax,
        [DesignValue.MemoryCd8GainMax] = d.P.TCells.MemoryCd8GainMax,
        [DesignValue.ThymusRegrowthPerDay] = d.P.Thymus.StromaRegrowthPerDay,
        [DesignValue.NicheRegrowthPerDay] = d.P.StemCells.NicheRegrowthPerDay,
        [DesignValue.HemolysisMaxPerDay] = d.P.Erythropoiesis.HemolysisMaxPerDay,
        [DesignValue.PlateletDestructionMaxPerDay] = d.P.Thrombopoiesis.PlateletDestructionMaxPerDay,
    };

    /// <summary>
    /// Each signal that reads a design constant by name (those the network has), from its formula (docs/model.md §4): the normalised
    /// repressor g(s; s*, g_max, n) = g_max/(1 + (g_max − 1)(max(s, 0)/s*)ⁿ), the progenitors' q_max/(1 + (s/θ)ⁿ) (q_max at
    /// s ≤ 0), the tissues' rate·max(0, 1 − tissue/intact) and the disease effects' max·D/(D + D_ref/3).
    /// </summary>
    private static IEnumerable<(string Name, double Value)> Formulas(PhysiologyDesign d, CompiledNetwork network, double[] counts, double[] parameters)
    {
        var c = Constants(d);
        double Sum(params string[] stems) => Enumerable.Range(0, network.CompartmentCount)
            .Where(i => StemOf(network.CompartmentNames[i]) is { } stem && stems.Contains(stem)).Sum(i => counts[i]);
        double Count(string name) => counts[network.FindCompartment(name)];
        static double G(double s, double star, double max, double n) => max / (1 + (max - 1) * Math.Pow(Math.Max(s, 0) / star, n));
        static double Renewal(double s, double max, double theta, double n) => s <= 0 ? max : max / (1 + Math.Pow(s / theta, n));

        var gp = d.P.Granulopoiesis;
        double nb = Sum("NB"), gcsf = parameters[network.FindParameter(ModelSignals.GcsfExogenousParameter)];
        double Gain(double max)
        {
            double g = G(nb, d.BloodNeutrophils, max, gp.GcsfHill);
            return g + gcsf * (gp.ExogenousGainFactor * max - g);
        }
        yield return (ModelSignals.NeutrophilMitoticGain, Gain(c[DesignValue.NeutrophilMitoticGainMax]));
        yield return (ModelSignals.NeutrophilMaturationGain, Gain(c[DesignValue.NeutrophilMaturationGainMax]));
        yield return (ModelSignals.NeutrophilReleaseGain, Gain(c[DesignValue.NeutrophilReleaseGainMax]));

        string[] redCells = [.. Enumerable.Range(1, d.P.Erythropoiesis.RedCellStages).Select(i => "RBC" + i.ToString(System.Globalization.CultureInfo.InvariantCulture))];
        double erythroid = Renewal(Sum(redCells), c[DesignValue.ErythroidRenewalMax], c[DesignValue.ErythroidRenewalThreshold], c[DesignValue.ErythroidRenewalHill]);
        yield return (ModelSignals.ErythroidProgenitorRenewal, erythroid);
        yield return (ModelSignals.ErythroidProgenitorDifferentiation, 1 - erythroid);
        double lymphoid = Renewal(Sum("B", "NK"), c[DesignValue.LymphoidRenewalMax], c[DesignValue.LymphoidRenewalThreshold], c[DesignValue.LymphoidRenewalHill]);
        yield return (ModelSignals.LymphoidProgenitorRenewal, lymphoid);
        yield return (ModelSignals.LymphoidProgenitorDifferentiation, 1 - lymphoid);

        double hill = d.P.Lymphocytes.HomeostaticGainHill;
        yield return (ModelSignals.BCellHomeostasis, G(Sum("B"), d.BCells, c[DesignValue.BHomeostaticGainMax], hill));
        yield return (ModelSignals.NkCellHomeostasis, G(Sum("NK"), d.NkCells, c[DesignValue.NkHomeostaticGainMax], hill));

        // IL-7 niches (§4.9): the niche's own type plus the other three weighted by the naive/memory weight a, the lineage
        // weight b and both; memory CD4 counts Treg.
        var tc = d.P.TCells;
        double a = tc.NaiveMemoryNicheWeight, b = tc.LineageNicheWeight;
        double n4 = Sum("N4"), m4 = Sum("M4", "R"), n8 = Sum("N8"), m8 = Sum("M8");
        yield return (ModelSignals.NaiveCd4Homeostasis, G(n4 + a * m4 + b * n8 + a * b * m8, c[DesignValue.NaiveCd4NicheLoad], c[DesignValue.NaiveCd4GainMax], tc.Il7Hill));
        yield return (ModelSignals.MemoryCd4Homeostasis, G(m4 + a * n4 + b * m8 + a * b * n8, c[DesignValue.MemoryCd4NicheLoad], c[DesignValue.MemoryCd4GainMax], tc.Il7Hill));
        yield return (ModelSignals.NaiveCd8Homeostasis, G(n8 + a * m8 + b * n4 + a * b * m4, c[DesignValue.NaiveCd8NicheLoad], c[DesignValue.NaiveCd8GainMax], tc.Il7Hill));
        yield return (ModelSignals.MemoryCd8Homeostasis, G(m8 + a * n8 + b * m4 + a * b * n4, c[DesignValue.MemoryCd8NicheLoad], c[DesignValue.MemoryCd8GainMax], tc.Il7Hill));

        yield return (ModelSignals.ThymusRegrowth, c[DesignValue.ThymusRegrowthPerDay] * Math.Max(0, 1 - Count(ModelCatalogue.ThymusName) / PhysiologyDesign.TissueIntact));
        yield return (ModelSignals.NicheRegrowth, c[DesignValue.NicheRegrowthPerDay] * Math.Max(0, 1 - Count(ModelCatalogue.NicheName) / PhysiologyDesign.TissueIntact));

        if (network.FindCompartment(ModelCatalogue.AutoreactiveName) < 0) yield break;
        double driver = Count(d.AntibodyMediated ? ModelCatalogue.AntibodyName : ModelCatalogue.AutoreactiveName), half = d.DriverReference / 3.0;
        if (network.SignalNames.Contains(ModelSignals.DiseaseHemolysis))
            yield return (ModelSignals.DiseaseHemolysis, c[DesignValue.HemolysisMaxPerDay] * driver / (driver + half));
        if (network.SignalNames.Contains(ModelSignals.DiseasePlateletDestruction))
            yield return (ModelSignals.DiseasePlateletDestruction, c[DesignValue.PlateletDestructionMaxPerDay] * driver / (driver + half));
    }

    /// <summary>The stem of a host or donor compartment (its origin prefix removed); null for a shared one.</summary>
    private static string? StemOf(string name) =>
        name.StartsWith(ModelCatalogue.HostPrefix, StringComparison.Ordinal) || name.StartsWith(ModelCatalogue.DonorPrefix, StringComparison.Ordinal)
            ? name.TrimStart('h', 'd', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9')
            : null;

    /// <summary>
    /// The untreated state, and states away from the set points: every count scaled by its own random factor in [1/8, 8]
    /// (a few emptied), the thymus and niche at 30 % and 65 % of intact, exogenous G-CSF 0 or 0.7.
    /// </summary>
    private static IEnumerable<(double[] Counts, double[] Parameters)> States(CompiledNetwork network)
    {
        yield return ((double[])network.InitialCounts.Clone(), (double[])network.InitialParameters.Clone());
        var random = new Random(31);
        for (int k = 0; k < 6; k++)
        {
            double[] counts = [.. network.InitialCounts.Select(x => random.Next(10) == 0 ? 0 : x * Math.Pow(8, 2 * random.NextDouble() - 1))];
            counts[network.FindCompartment(ModelCatalogue.ThymusName)] = 0.3 * PhysiologyDesign.TissueIntact;
            counts[network.FindCompartment(ModelCatalogue.NicheName)] = 0.65 * PhysiologyDesign.TissueIntact;
            var parameters = (double[])network.InitialParameters.Clone();
            parameters[network.FindParameter(ModelSignals.GcsfExogenousParameter)] = k % 2 == 0 ? 0 : 0.7;
            yield return (counts, parameters);
        }
    }

    /// <summary>Every signal by a full update (the blocks) and by each signal's own function (a listed update).</summary>
    private static IEnumerable<(string How, double[] Signals)> Evaluations(CompiledNetwork network, double[] counts, double[] parameters)
    {
        var full = new double[network.ParameterCount + network.SignalCount];
        parameters.CopyTo(full, 0);
        network.UpdateSignals(counts, full, 0);
        yield return ("block", full[network.ParameterCount..]);
        var own = new double[network.ParameterCount + network.SignalCount];
        parameters.CopyTo(own, 0);
        int[] all = [.. Enumerable.Range(0, network.SignalCount)];
        network.UpdateSignals(counts, own, 0, all);
        yield return ("own", own[network.ParameterCount..]);
    }

    private static long Bits(double value) => BitConverter.DoubleToInt64Bits(value);

    private static long[] Bits(double[] values) => [.. values.Select(BitConverter.DoubleToInt64Bits)];
}
