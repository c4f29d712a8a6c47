using Reconstitution.Compartments;
using Reconstitution.Numerics;
using Reconstitution.Physiology;
using Reconstitution.Randomness;

namespace Reconstitution.Tests.Physiology;

/// <summary>
/// The physiology network's structure is built once per <see cref="PhysiologyShape"/> and shared; each patient binds its own
/// values. Binding must give, bit for bit, the network built for that patient alone, and must never leak one patient's
/// values into another's.
/// </summary>
public sealed class PhysiologyTemplateTests
{
    /// <summary>
    /// Shapes the builder branches on: autologous without a disease and with a T-cell disease (MS; RA builds the same shape),
    /// one allogeneic unit with an antibody disease that clears no blood cell (SSc; SLE builds the same shape), two units with
    /// an antibody disease of red cells (AIHA), three with one of platelets (ITP) and the most units without a disease (the
    /// alloimmune block keeps one value per unit in fixed-size locals of that length).
    /// </summary>
    public static TheoryData<AutoimmuneDisease, int> Shapes => new()
    {
        { AutoimmuneDisease.None, 0 },
        { AutoimmuneDisease.MultipleSclerosis, 0 },
        { AutoimmuneDisease.SystemicSclerosis, 1 },
        { AutoimmuneDisease.None, 1 },   // one unit without graft-versus-autoimmunity (the alloimmune block's one-unit form)
        { AutoimmuneDisease.AutoimmuneHemolyticAnemia, 2 },
        { AutoimmuneDisease.ImmuneThrombocytopenia, 3 },
        { AutoimmuneDisease.None, PhysiologyDesign.MaxAllogeneicUnits },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Bind_OtherPatientOfTheShape_EqualsTheNetworkBuiltForThatPatient(AutoimmuneDisease disease, int units)
    {
        var first = Design(disease, units, index: 1);
        var other = Design(disease, units, index: 2);
        var shape = PhysiologyShape.Of(first);
        Assert.Equal(shape, PhysiologyShape.Of(other));

        // Reference: the template built from the other design itself (every value evaluated while building, nothing bound later).
        var own = PhysiologyNetworkBuilder.Build(shape, other).Network.Compiled;
        var bound = PhysiologyNetworkBuilder.Build(shape, first).Bind(other).Compiled;

        Assert.Equal(Bits(own.InitialCounts), Bits(bound.InitialCounts));
        Assert.Equal(Bits(own.InitialParameters), Bits(bound.InitialParameters));
        Assert.NotEqual(Bits(PhysiologyNetworkBuilder.Build(shape, first).Network.Compiled.InitialCounts), Bits(bound.InitialCounts));
        // Every signal function, at the untreated state and at a perturbed, treated state (alloimmunity and extra death on).
        foreach (var (counts, parameters, time) in States(own, units))
            Assert.Equal(Bits(Signals(own, counts, parameters, time)), Bits(Signals(bound, counts, parameters, time)));
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void UpdateSignals_BlocksOfEveryShape_EqualTheSignalsOwnFunctionsBitForBit(AutoimmuneDisease disease, int units)
    {
        // A full update computes the neutrophil feedback and the T-cell signals in blocks (each shared sum once); a firing's
        // update of listed signals runs each signal's own function. Both must give the same bits, at the untreated state, a
        // treated one, random states and states with emptied cell types (the max(·, 1) and zero branches).
        var network = PhysiologyTemplate.For(Design(disease, units, index: 3)).Bind(Design(disease, units, index: 4)).Compiled;
        AssertBlocksEqualOwnFunctions(network, units);
    }

    [Fact]
    public void UpdateSignals_BlocksWithoutFixedPlateletConsumption_EqualTheSignalsOwnFunctionsBitForBit()
    {
        // Without the endothelial platelet consumption the progenitor block has one signal fewer.
        var parameters = PhysiologyParameters.Default with
        {
            Thrombopoiesis = PhysiologyParameters.Default.Thrombopoiesis with { FixedConsumptionE9PerLiterPerDay = 0 },
        };
        var design = new PhysiologyDesign(parameters, new PatientCovariates(), null, 0);
        var network = PhysiologyTemplate.For(design).Bind(design).Compiled;
        Assert.Equal(-1, network.SignalNames.ToList().IndexOf(ModelSignals.PlateletFixedConsumption));
        AssertBlocksEqualOwnFunctions(network, 0);
    }

    [Theory]
    [InlineData(AutoimmuneDisease.None)]
    [InlineData(AutoimmuneDisease.MultipleSclerosis)]
    public void UpdateSignals_BlocksWithDistinctHillExponents_EqualTheSignalsOwnFunctionsBitForBit(AutoimmuneDisease disease)
    {
        // The niche, MPP-density, G-CSF, homeostatic-gain and IL-7 Hill exponents are all 2 by default, so a block that passed
        // one for another would still agree with the signals' own functions: here each has its own value (with MS, the clone's
        // birth in the T-cell block reads the homeostatic one).
        var vp = VirtualPatient.Draw(new PatientCovariates { Disease = disease, AgeYears = 41 }, null, RandomStream.Create(5, 9, "patient"));
        var drawn = vp.Parameters;
        var parameters = drawn with
        {
            StemCells = drawn.StemCells with { HscNicheHill = 1.4, MppDensityHill = 2.3 },
            Granulopoiesis = drawn.Granulopoiesis with { GcsfHill = 1.7 },
            Lymphocytes = drawn.Lymphocytes with { HomeostaticGainHill = 2.6 },
            TCells = drawn.TCells with { Il7Hill = 3.3 },
        };
        var design = new PhysiologyDesign(parameters, vp.Covariates, vp.Autoimmunity, 0);
        var network = PhysiologyTemplate.For(design).Bind(design).Compiled;
        Assert.Equal(disease != AutoimmuneDisease.None, network.SignalNames.Contains(ModelSignals.AutoreactiveBirth));
        AssertBlocksEqualOwnFunctions(network, 0);
    }

    [Theory]
    [InlineData(6.96, 1.3)]
    [InlineData(1.3, 6.96)]
    [InlineData(2.0, 1.3)]
    [InlineData(6.96, 1.0)]
    [InlineData(2.0, 2.0)]
    [InlineData(0.7, 4.1)]
    public void UpdateSignals_ErythroidAndMegakaryocyteHillExponents_BlockEqualsTheSignalsOwnFunctionsBitForBit(double erythroid, double megakaryocyte)
    {
        // The progenitor block takes the erythroid and megakaryocyte Hill powers together (RealPower.OfPair) where both are
        // real powers (neither exponent 2 or 1, both loads positive), else one by one: each way, and with the exponents
        // swapped (a block passing one term's exponent or threshold to the other fails), it must give the own functions' bits.
        var defaults = PhysiologyParameters.Default;
        var parameters = defaults with
        {
            Erythropoiesis = defaults.Erythropoiesis with { Progenitor = defaults.Erythropoiesis.Progenitor with { HillCoefficient = erythroid } },
            Thrombopoiesis = defaults.Thrombopoiesis with { Progenitor = defaults.Thrombopoiesis.Progenitor with { HillCoefficient = megakaryocyte } },
        };
        var design = new PhysiologyDesign(parameters, new PatientCovariates(), null, 0);
        var network = PhysiologyTemplate.For(design).Bind(design).Compiled;
        AssertBlocksEqualOwnFunctions(network, 0);
    }

    private static void AssertBlocksEqualOwnFunctions(CompiledNetwork network, int units)
    {
        // Every signal but the alloimmune ones and the disease effects is in a block (29 without the fixed platelet consumption).
        Assert.True(network.SignalBlocks.Sum(b => b.Count) >= 29, "the four blocks cover at least 29 signals");
        int[] all = [.. Enumerable.Range(0, network.SignalCount)];
        var random = new Random(23);
        var states = States(network, units).ToList();
        for (int k = 0; k < 20; k++)
        {
            var (counts, parameters, time) = states[1];
            double[] scaled = [.. counts.Select(c => random.Next(4) == 0 ? 0 : c * Math.Exp(4 * random.NextDouble() - 2))];
            states.Add((scaled, parameters, time + k));
        }
        foreach (var (counts, parameters, time) in states)
        {
            var own = new double[network.ParameterCount + network.SignalCount];
            parameters.CopyTo(own, 0);
            network.UpdateSignals(counts, own, time, all);
            Assert.Equal(Bits(own[network.ParameterCount..]), Bits(Signals(network, counts, parameters, time)));
        }
    }

    [Fact]
    public void Network_BoundToAnotherPatient_ListsThatPatientsValuesAndFunctions()
    {
        // A bound network's public view (compartments, parameters, signals) is built from its compiled values on first use. It
        // must list the bound patient's own values, not the template's: rebuilt from that view alone, it must give the network
        // built for that patient bit for bit (counts, parameters and every signal's value at an untreated and a treated state).
        var template = Design(AutoimmuneDisease.MultipleSclerosis, 1, index: 5);
        var patient = Design(AutoimmuneDisease.MultipleSclerosis, 1, index: 6);
        var shape = PhysiologyShape.Of(template);
        var bound = PhysiologyNetworkBuilder.Build(shape, template).Bind(patient);
        var own = PhysiologyNetworkBuilder.Build(shape, patient).Network;
        Assert.NotEqual(Bits(PhysiologyNetworkBuilder.Build(shape, template).Network.Compiled.InitialCounts), Bits(own.Compiled.InitialCounts));

        var rebuilt = new ReactionNetwork(bound.Compartments, bound.Parameters, bound.Transitions, bound.Signals).Compiled;
        Assert.Equal(own.Compartments.Select(c => c.Name), bound.Compartments.Select(c => c.Name));
        Assert.Equal(Bits(own.Compiled.InitialCounts), Bits(rebuilt.InitialCounts));
        Assert.Equal(Bits(own.Compiled.InitialParameters), Bits(rebuilt.InitialParameters));
        foreach (var (counts, parameters, time) in States(own.Compiled, 1))
            Assert.Equal(Bits(Signals(own.Compiled, counts, parameters, time)), Bits(Signals(rebuilt, counts, parameters, time)));
    }

    [Fact]
    public void For_ShapesDiffer_GivesTheirOwnStructures()
    {
        var auto = PhysiologyTemplate.For(Design(AutoimmuneDisease.None, 0, 1));
        var allo = PhysiologyTemplate.For(Design(AutoimmuneDisease.None, 2, 1));
        var stages = PhysiologyTemplate.For(new PhysiologyDesign(
            PhysiologyParameters.Default with { Erythropoiesis = PhysiologyParameters.Default.Erythropoiesis with { RedCellStages = 12 } },
            new PatientCovariates(), null, 0));
        Assert.NotSame(auto, allo);
        Assert.True(allo.Network.Transitions.Count > auto.Network.Transitions.Count);
        Assert.Equal(12, stages.Catalogue.Host.RedCells.Length);
        Assert.NotEqual(auto.Network.Compartments.Count, stages.Network.Compartments.Count);
    }

    [Fact]
    public void Bind_DesignOfAnotherShape_ThrowsNamingTheShapes()
    {
        var template = PhysiologyTemplate.For(Design(AutoimmuneDisease.None, 0, 1));
        var ex = Assert.Throws<ArgumentException>(() => template.Bind(Design(AutoimmuneDisease.None, 1, 1)));
        Assert.Contains("AllogeneicUnits = 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WithValues_NegativeCount_ThrowsNamingTheCompartment()
    {
        var network = new ReactionNetworkBuilder().Compartment("X", 5).Parameter("k", 1)
            .Transition("decay", t => t.Consumes("X").MassAction("k")).Build();
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => network.WithValues([-1], [1], []));
        Assert.Contains("X", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => network.WithValues([1], [-1], []));
        Assert.Throws<ArgumentException>(() => network.WithValues([1, 2], [1], []));
        Assert.Equal(7, network.WithValues([7], [2], []).Compartments[0].InitialCount);
    }

    [Fact]
    public void SignalInputs_Slices_HoldNetworkIndicesOfDeclaredInputsOnly()
    {
        var index = new Dictionary<string, int> { ["a"] = 4, ["b"] = 0, ["c"] = 9 };
        var inputs = new SignalInputs(index);
        var ab = inputs.Add(["a", "b"]);
        Assert.Equal([4, 0], ab.Compartments.ToArray());
        Assert.Equal([0], inputs.Of(["b"]).Compartments.ToArray());
        Assert.Equal(["a", "b"], inputs.Names);
        // A slice may only read declared inputs (the dependency graph knows no others), and only compartments.
        Assert.Throws<ArgumentException>(() => inputs.Of(["c"]));
        Assert.Throws<ArgumentException>(() => inputs.Add(["a"]));
        Assert.Throws<ArgumentException>(() => inputs.Add(["z"]));
    }

    [Fact]
    public void UpdateSignals_TwoAgentsOfDifferentHalfLivesAlternating_EachExtraDeathRateUsesItsOwnDecay()
    {
        // Two antibody courses at once (slot 0: half-life 2 d from day 1, slot 1: half-life 9 d from day 3) in every kill group:
        // the extra-death update alternates between the two courses, so a concentration handed on from the slot before must
        // never stand in for the other course's. Each group's rate must be Σ E_max·C/(C + EC50) with C = C₀·2^(−(t − t₀)/t½)
        // computed with PowerOfTwo.Of for each course, at every day.
        var network = PhysiologyTemplate.For(Design(AutoimmuneDisease.MultipleSclerosis, 0, index: 7)).Bind(Design(AutoimmuneDisease.MultipleSclerosis, 0, index: 8)).Compiled;
        (double Max, double Concentration, double Start, double Ec50, double HalfLife)[] courses = [(1.5, 4, 1, 0.5, 2), (0.8, 10, 3, 2, 9)];
        double[] parameters = [.. network.InitialParameters];
        foreach (var g in ModelSignals.ExtraDeathGroups)
            for (int k = 0; k < courses.Length; k++)
            {
                var (max, concentration, start, ec50, halfLife) = courses[k];
                double[] fields = [max, concentration, start, ec50, halfLife];
                for (int f = 0; f < fields.Length; f++) parameters[network.FindParameter(ModelSignals.ExtraDeathParameter(g, k, ModelSignals.ExtraDeathFields[f]))] = fields[f];
            }
        for (double day = 0; day <= 30; day += 0.75)
        {
            double expected = 0;
            foreach (var (max, concentration, start, ec50, halfLife) in courses)
            {
                double c = concentration * PowerOfTwo.Of(-Math.Max(0, day - start) / halfLife);
                expected += max * c / (c + ec50);
            }
            double[] signals = Signals(network, network.InitialCounts, parameters, day);
            foreach (var g in ModelSignals.ExtraDeathGroups)
                Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(signals[network.SignalNames.ToList().IndexOf(ModelSignals.ExtraDeath(g))]));
        }
    }

    [Fact]
    public void UpdateSignals_CourseRedosedOrChangedAtTheSameTime_RecomputesTheExtraDeathRate()
    {
        // At one time, a re-dose (new concentration and start, as StartExtraDeath writes it) or another half-life must give the
        // new course's rate, never one computed for the old course. Seven courses in turn and back: each rate must equal its
        // formula with PowerOfTwo.Of, bit for bit.
        var network = PhysiologyTemplate.For(Design(AutoimmuneDisease.MultipleSclerosis, 0, index: 7)).Bind(Design(AutoimmuneDisease.MultipleSclerosis, 0, index: 8)).Compiled;
        int signal = network.SignalNames.ToList().IndexOf(ModelSignals.ExtraDeath(KillGroup.TCells));
        int Field(string field) => network.FindParameter(ModelSignals.ExtraDeathParameter(KillGroup.TCells, 0, field));
        double[] parameters = [.. network.InitialParameters];
        parameters[Field("max")] = 1.5;
        parameters[Field("ec50")] = 0.5;
        const double day = 6.25;
        (double Concentration, double Start, double HalfLife)[] courses = [(4, 1, 2), (4, 1, 3), (9, 1, 3), (9, 6, 3), (2, 6.25, 3), (2, -3, 21), (4, 1, 2)];
        foreach (var (concentration, start, halfLife) in courses.Concat(courses.Reverse()))
        {
            parameters[Field("conc")] = concentration;
            parameters[Field("start")] = start;
            parameters[Field("halfLife")] = halfLife;
            double c = concentration * PowerOfTwo.Of(-Math.Max(0, day - start) / halfLife);
            double expected = 1.5 * c / (c + 0.5);
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(Signals(network, network.InitialCounts, parameters, day)[signal]));
        }
    }

    [Fact]
    public void UpdateSignals_OneCourseOnSeveralGroups_EqualsEachGroupsOwnFunctionBitForBit()
    {
        // A full update takes a group's concentration C from the group before when C₀, t₀ and t½ are equal (one agent on several
        // groups); a firing's update runs each group's own function, which computes C. Courses: one agent on T cells, Treg, NK
        // cells and the clone with their own E_max and EC50, another on B cells in between, a second slot on NK cells equal but
        // for t½, a dose of −0 after one of +0 (equal, yet C keeps its sign), a NaN start (never equal to itself); at times
        // before, at and after the starts.
        var network = PhysiologyTemplate.For(Design(AutoimmuneDisease.MultipleSclerosis, 0, index: 7)).Bind(Design(AutoimmuneDisease.MultipleSclerosis, 0, index: 8)).Compiled;
        int[] all = [.. Enumerable.Range(0, network.SignalCount)];
        var courses = new (KillGroup Group, int Slot, double Max, double Dose, double Start, double Ec50, double HalfLife)[]
        {
            (KillGroup.TCells, 0, 2, 5, 1, 0.5, 6), (KillGroup.Treg, 0, 2, 5, 1, 0.5, 6), (KillGroup.BCells, 0, 1.2, 7, 2, 1, 21),
            (KillGroup.NkCells, 0, 1, 5, 1, 0.25, 6), (KillGroup.NkCells, 1, 0.7, 5, 1, 0.25, 9), (KillGroup.Autoreactive, 0, 3, 5, 1, 0, 6),
        };
        for (int variant = 0; variant < 3; variant++)
        {
            double[] parameters = [.. network.InitialParameters];
            foreach (var (group, slot, max, dose, start, ec50, halfLife) in courses)
            {
                double[] fields = [max, dose, start, ec50, halfLife];
                if (variant == 1 && group == KillGroup.Treg) fields[1] = 0;
                if (variant == 1 && group == KillGroup.BCells) (fields[1], fields[2], fields[4]) = (-0.0, 1, 6);
                if (variant == 2 && group == KillGroup.Treg) fields[2] = double.NaN;
                for (int f = 0; f < fields.Length; f++) parameters[network.FindParameter(ModelSignals.ExtraDeathParameter(group, slot, ModelSignals.ExtraDeathFields[f]))] = fields[f];
            }
            foreach (double day in new[] { 0, 1, 1.5, 2, 30.25, 400 })
            {
                var own = new double[network.ParameterCount + network.SignalCount];
                parameters.CopyTo(own, 0);
                network.UpdateSignals(network.InitialCounts, own, day, all);
                Assert.Equal(Bits(own[network.ParameterCount..]), Bits(Signals(network, network.InitialCounts, parameters, day)));
            }
        }
    }

    [Fact]
    public void UpdateSignals_SomeGroupsOrSlotsWithoutACourse_EachGroupsRateIsItsFormula()
    {
        // A full update and a group's own function skip a kill group none of whose slots runs a course (E_max ≤ 0), so the
        // rate must still be the formula Σ E_max·C/(C + EC50), C = C₀·2^(−(t − t₀)/t½), over the slots that do: a course only in a
        // group's second slot (a check of the first slot alone would give 0), a stopped course whose concentration is left
        // (E_max 0, C₀ > 0: 0), and groups without any course between groups sharing one course (+0, and the shared C unchanged).
        var network = PhysiologyTemplate.For(Design(AutoimmuneDisease.MultipleSclerosis, 0, index: 9)).Bind(Design(AutoimmuneDisease.MultipleSclerosis, 0, index: 10)).Compiled;
        var courses = new (KillGroup Group, int Slot, double Max, double Dose, double Start, double Ec50, double HalfLife)[]
        {
            (KillGroup.TCells, 0, 2, 5, 1, 0.5, 6), (KillGroup.Treg, 0, 0, 5, 1, 0.5, 6), (KillGroup.NkCells, 1, 0.7, 5, 1, 0.25, 9),
            (KillGroup.Autoreactive, 0, 3, 5, 1, 0.5, 6),
        };
        double[] parameters = [.. network.InitialParameters];
        foreach (var (group, slot, max, dose, start, ec50, halfLife) in courses)
        {
            double[] fields = [max, dose, start, ec50, halfLife];
            for (int f = 0; f < fields.Length; f++) parameters[network.FindParameter(ModelSignals.ExtraDeathParameter(group, slot, ModelSignals.ExtraDeathFields[f]))] = fields[f];
        }
        int[] all = [.. Enumerable.Range(0, network.SignalCount)];
        foreach (double day in new[] { 0.5, 1, 3.75, 40 })
        {
            var own = new double[network.ParameterCount + network.SignalCount];
            parameters.CopyTo(own, 0);
            network.UpdateSignals(network.InitialCounts, own, day, all);
            double[] full = Signals(network, network.InitialCounts, parameters, day);
            foreach (var group in ModelSignals.ExtraDeathGroups)
            {
                double expected = 0;
                foreach (var (g, _, max, dose, start, ec50, halfLife) in courses)
                {
                    if (g != group || max <= 0) continue;
                    double c = dose * PowerOfTwo.Of(-Math.Max(0, day - start) / halfLife);
                    expected += max * c / (c + ec50);
                }
                int s = network.SignalNames.ToList().IndexOf(ModelSignals.ExtraDeath(group));
                Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(full[s]));
                Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(own[network.ParameterCount + s]));
            }
        }
    }

    internal static PhysiologyDesign Design(AutoimmuneDisease disease, int units, int index)
    {
        var vp = VirtualPatient.Draw(new PatientCovariates { Disease = disease, AgeYears = 30 + index }, null, RandomStream.Create(5, index, "patient"));
        return new PhysiologyDesign(vp.Parameters, vp.Covariates, vp.Autoimmunity, units);
    }

    /// <summary>The untreated state, and a perturbed one with every hook parameter on (so every signal branch runs).</summary>
    private static IEnumerable<(double[] Counts, double[] Parameters, double Time)> States(CompiledNetwork network, int units)
    {
        yield return ((double[])network.InitialCounts.Clone(), (double[])network.InitialParameters.Clone(), 0);
        var random = new Random(17);
        var counts = network.InitialCounts.Select(c => c * (0.2 + random.NextDouble()) + random.Next(0, 1000)).ToArray();
        var parameters = (double[])network.InitialParameters.Clone();
        var hooks = new List<string> { ModelSignals.GvaRateParameter };
        for (int u = 0; u < Math.Max(1, units); u++) hooks.AddRange(ModelSignals.UnitFields.Select(f => ModelSignals.UnitParameter(u, f)));
        foreach (var g in ModelSignals.ExtraDeathGroups)
            for (int k = 0; k < ModelSignals.ExtraDeathSlots; k++) hooks.AddRange(ModelSignals.ExtraDeathFields.Select(f => ModelSignals.ExtraDeathParameter(g, k, f)));
        foreach (string hook in hooks) parameters[network.FindParameter(hook)] = 0.5 + random.NextDouble();
        parameters[network.FindParameter(ModelSignals.GcsfExogenousParameter)] = 0.7;
        yield return (counts, parameters, 9.5);
        if (units == 0) yield break;
        // One unit's field on at a time (the alloimmune block sums only what a signal that is on reads): the last unit resisting,
        // the last unit with donor-specific antibodies, the first unit alloreactive; infused on day 0 (start 0, its default).
        // Graft-versus-autoimmunity on where the shape has it: its donor T cells summed by themselves while no unit is
        // alloreactive, taken from the alloreactive unit's sum with one unit.
        string[] fields = ModelSignals.UnitFields;
        int gva = network.FindParameter(ModelSignals.GvaRateParameter);
        foreach (var (unit, field) in new[] { (units - 1, ModelSignals.UnitResistance), (units - 1, ModelSignals.UnitAntibodies), (0, ModelSignals.UnitAlloreactivity) })
        {
            var one = (double[])network.InitialParameters.Clone();
            one[network.FindParameter(ModelSignals.ImmunosuppressionParameter)] = 0.8;
            one[gva] = 0.6;
            one[network.FindParameter(ModelSignals.UnitParameter(unit, fields[field]))] = 0.9;
            one[network.FindParameter(ModelSignals.UnitParameter(unit, fields[ModelSignals.UnitAccessory]))] = 5e6;
            yield return (counts, one, 11.25);
        }
    }

    private static double[] Signals(CompiledNetwork network, double[] counts, double[] parameters, double time)
    {
        var buffer = new double[network.ParameterCount + network.SignalCount];
        parameters.CopyTo(buffer, 0);
        network.UpdateSignals(counts, buffer, time);
        return buffer[network.ParameterCount..];
    }

    internal static long[] Bits(IEnumerable<double> values) => [.. values.Select(BitConverter.DoubleToInt64Bits)];
}
