using FsCheck;
using FsCheck.Fluent;
using Reconstitution.Compartments;
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
    /// Shapes the builder branches on: autologous without and with a T-cell disease, one allogeneic unit with a T-cell disease,
    /// two units with an antibody disease of red cells and three with one of platelets.
    /// </summary>
    public static TheoryData<AutoimmuneDisease, int> Shapes => new()
    {
        { AutoimmuneDisease.None, 0 },
        { AutoimmuneDisease.MultipleSclerosis, 0 },
        { AutoimmuneDisease.SystemicSclerosis, 1 },
        { AutoimmuneDisease.AutoimmuneHemolyticAnemia, 2 },
        { AutoimmuneDisease.ImmuneThrombocytopenia, 3 },
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

    private static void AssertBlocksEqualOwnFunctions(CompiledNetwork network, int units)
    {
        Assert.True(network.SignalBlocks.Sum(b => b.Count) >= 26, "the four blocks cover at least 26 signals");
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
    public void CreateModel_TwoPatientsOfOneProtocol_ShareStructureButNotValues()
    {
        var covariates = new PatientCovariates { Disease = AutoimmuneDisease.MultipleSclerosis };
        var a = VirtualPatient.Draw(covariates, null, RandomStream.Create(7, 1, "patient")).CreateModel(0);
        var b = VirtualPatient.Draw(covariates, null, RandomStream.Create(7, 2, "patient")).CreateModel(0);

        Assert.Same(a.Template, b.Template);
        Assert.Same(a.Network.Compiled.Dependents, b.Network.Compiled.Dependents);
        Assert.Same(a.Network.Transitions, b.Network.Transitions);
        Assert.NotSame(a.Network, b.Network);
        Assert.NotEqual(a.Network.Compiled.InitialCounts, b.Network.Compiled.InitialCounts);
        Assert.NotEqual(a.Network.Compiled.InitialParameters, b.Network.Compiled.InitialParameters);

        // Each patient owns its values (no array shared with the template or another patient), and hooks change a
        // patient's state, never the shared model: b's values are untouched by a's treatment.
        Assert.NotSame(a.Network.Compiled.InitialCounts, a.Template.Network.Compiled.InitialCounts);
        Assert.NotSame(a.Network.Compiled.InitialParameters, a.Template.Network.Compiled.InitialParameters);
        Assert.NotSame(a.Network.Compiled.InitialParameters, b.Network.Compiled.InitialParameters);
        double[] before = [.. b.Network.Compiled.InitialParameters];
        var patientA = new Patient(a, RandomStream.Create(7, 1, "physiology"));
        patientA.ApplyGcsf(1);
        patientA.StartExtraDeath(KillGroup.TCells, 2, 1, 0.5, 5);
        patientA.RunTo(20);
        Assert.Equal(before, b.Network.Compiled.InitialParameters);

        // Same seed, different drawn values: different courses.
        var patientB = new Patient(b, RandomStream.Create(7, 1, "physiology"));
        patientB.ApplyGcsf(1);
        patientB.StartExtraDeath(KillGroup.TCells, 2, 1, 0.5, 5);
        patientB.RunTo(20);
        Assert.NotEqual(patientA.Readouts.AncE9PerLiter, patientB.Readouts.AncE9PerLiter);
    }

    [Fact]
    public void Network_BoundModel_ListsItsOwnValues()
    {
        var model = VirtualPatient.Draw(new PatientCovariates(), null, RandomStream.Create(3, 0, "patient")).CreateModel(1);
        var compiled = model.Network.Compiled;
        Assert.Equal(compiled.InitialCounts, model.Network.Compartments.Select(c => c.InitialCount));
        Assert.Equal(compiled.InitialParameters, model.Network.Parameters.Select(p => p.Value));
        Assert.Equal(compiled.SignalFunctions, model.Network.Signals.Select(s => s.Function));
        Assert.Equal(model.Design.LongTermStemCells, model.Network.Compartments[model.Catalogue.Host.LongTermStemCells].InitialCount);
        Assert.Equal(compiled.CompartmentNames, model.Network.Compartments.Select(c => c.Name));
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
    public void For_DiseasesBuildingOneNetwork_ShareOneTemplate()
    {
        // The builder branches on a disease only through the clone, its antibodies and the cells they clear: diseases acting
        // through T cells alone (MS, RA) build one network, those with antibodies clearing no blood cell (SSc, SLE) another,
        // and an antibody disease of red cells (AIHA) another than one of platelets (ITP).
        PhysiologyTemplate Of(AutoimmuneDisease disease) => PhysiologyTemplate.For(Design(disease, 0, 1));
        var tCell = Of(AutoimmuneDisease.MultipleSclerosis);
        var antibody = Of(AutoimmuneDisease.SystemicSclerosis);
        var redCells = Of(AutoimmuneDisease.AutoimmuneHemolyticAnemia);
        var platelets = Of(AutoimmuneDisease.ImmuneThrombocytopenia);
        Assert.Same(tCell, Of(AutoimmuneDisease.RheumatoidArthritis));
        Assert.Same(antibody, Of(AutoimmuneDisease.SystemicLupusErythematosus));
        Assert.Equal(4, new[] { tCell, antibody, redCells, platelets }.Distinct().Count());
        static bool Clears(PhysiologyTemplate t, string suffix) => t.Network.Transitions.Any(x => x.Name.EndsWith(suffix, StringComparison.Ordinal));
        Assert.True(Clears(redCells, ".lysis") && !Clears(redCells, ".destroy"));
        Assert.True(Clears(platelets, ".destroy") && !Clears(platelets, ".lysis"));
        Assert.False(Clears(antibody, ".lysis") || Clears(antibody, ".destroy"));
    }

    [Fact]
    public void Bind_DesignOfAnotherShape_ThrowsNamingTheShapes()
    {
        var template = PhysiologyTemplate.For(Design(AutoimmuneDisease.None, 0, 1));
        var ex = Assert.Throws<ArgumentException>(() => template.Bind(Design(AutoimmuneDisease.None, 1, 1)));
        Assert.Contains("AllogeneicUnits = 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateModel_ManyThreadsAtOnce_OneStructureAndSerialValues()
    {
        // A shape no other test uses, so that the threads race to build it.
        var parameters = PhysiologyParameters.Default with { Thrombopoiesis = PhysiologyParameters.Default.Thrombopoiesis with { PlateletStages = 9 } };
        var covariates = new PatientCovariates { Disease = AutoimmuneDisease.RheumatoidArthritis };
        VirtualPatient Patient(int i) => VirtualPatient.Draw(covariates, parameters, RandomStream.Create(11, i, "patient"));
        var parallel = new PhysiologyModel[64];
        Parallel.For(0, parallel.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => parallel[i] = Patient(i).CreateModel(2));

        Assert.All(parallel, m => Assert.Same(parallel[0].Template, m.Template));
        for (int i = 0; i < parallel.Length; i++)
        {
            var serial = Patient(i).CreateModel(2).Network.Compiled;
            Assert.Equal(Bits(serial.InitialCounts), Bits(parallel[i].Network.Compiled.InitialCounts));
            Assert.Equal(Bits(serial.InitialParameters), Bits(parallel[i].Network.Compiled.InitialParameters));
        }
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
    public void Halving_AnySequenceOfExponents_EqualsPowBitForBit()
    {
        // The extra-death signals keep the last power of two per thread: repeated, alternating and new exponents (0, −0, NaN,
        // ±∞ and huge negatives among them) must all give Math.Pow(2, x) exactly.
        double[] specials = [0, -0.0, double.NaN, double.NegativeInfinity, double.PositiveInfinity, -1100, -1074.5, -3.25];
        var exponent = Gen.OneOf(Gen.Elements(specials), Gen.Choose(-4000, 0).Select(i => i / 7.0));
        var config = Config.QuickThrowOnFailure.WithMaxTest(300).WithReplay(new Replay(new Rnd(15_2026UL), null));
        Prop.ForAll(Gen.ArrayOf(exponent).Resize(30).ToArbitrary(), exponents => exponents.Concat(exponents.Reverse()).All(x =>
            BitConverter.DoubleToInt64Bits(PhysiologyNetworkBuilder.Halving(x)) == BitConverter.DoubleToInt64Bits(Math.Pow(2, x)))).Check(config);
    }

    private static PhysiologyDesign Design(AutoimmuneDisease disease, int units, int index)
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
    }

    private static double[] Signals(CompiledNetwork network, double[] counts, double[] parameters, double time)
    {
        var buffer = new double[network.ParameterCount + network.SignalCount];
        parameters.CopyTo(buffer, 0);
        network.UpdateSignals(counts, buffer, time);
        return buffer[network.ParameterCount..];
    }

    private static long[] Bits(IEnumerable<double> values) => [.. values.Select(BitConverter.DoubleToInt64Bits)];
}
