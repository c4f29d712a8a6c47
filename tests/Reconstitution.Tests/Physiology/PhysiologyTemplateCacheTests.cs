using Reconstitution.Physiology;
using Reconstitution.Randomness;
using static Reconstitution.Tests.Physiology.PhysiologyTemplateTests;

namespace Reconstitution.Tests.Physiology;

/// <summary>
/// Tests that two models share one template object: they read the process-wide template cache, which empties itself when
/// full (<see cref="PhysiologyTemplate.CacheLimit"/> shapes). Run alone (no other test class at the same time), they do not
/// depend on what other tests put in the cache or on the order in which tests run (the many-threads test empties the cache
/// first, <see cref="PhysiologyTemplate.ClearCache"/>).
/// </summary>
[CollectionDefinition(nameof(PhysiologyTemplateCacheTests), DisableParallelization = true)]
public sealed class PhysiologyTemplateCacheCollection;

/// <summary>The template cache: one structure per shape, shared by every patient of that shape.</summary>
[Collection(nameof(PhysiologyTemplateCacheTests))]
public sealed class PhysiologyTemplateCacheTests
{
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
    public void For_DiseasesBuildingOneNetwork_ShareOneTemplate()
    {
        // The builder branches on a disease only through the clone, its antibodies and the cells they clear (the shape's two
        // clearance flags): diseases acting through T cells alone (MS, RA) build one network, those with antibodies clearing no
        // blood cell (SSc, SLE) another, and an antibody disease of red cells (AIHA) another than one of platelets (ITP).
        static PhysiologyShape ShapeOf(AutoimmuneDisease disease) => PhysiologyShape.Of(Design(disease, 0, 1));
        Assert.Equal(ShapeOf(AutoimmuneDisease.MultipleSclerosis), ShapeOf(AutoimmuneDisease.RheumatoidArthritis));
        Assert.Equal(ShapeOf(AutoimmuneDisease.SystemicSclerosis), ShapeOf(AutoimmuneDisease.SystemicLupusErythematosus));
        Assert.Equal((true, false), (ShapeOf(AutoimmuneDisease.AutoimmuneHemolyticAnemia).RedCellClearance, ShapeOf(AutoimmuneDisease.AutoimmuneHemolyticAnemia).PlateletClearance));
        Assert.Equal((false, true), (ShapeOf(AutoimmuneDisease.ImmuneThrombocytopenia).RedCellClearance, ShapeOf(AutoimmuneDisease.ImmuneThrombocytopenia).PlateletClearance));
        Assert.Equal(4, new[] { AutoimmuneDisease.MultipleSclerosis, AutoimmuneDisease.SystemicSclerosis, AutoimmuneDisease.AutoimmuneHemolyticAnemia,
            AutoimmuneDisease.ImmuneThrombocytopenia }.Select(ShapeOf).Distinct().Count());

        // The cache keyed by shape hands equal shapes one template and unequal ones their own. Each pair is asked for in a
        // row, so that no new shape (which could empty a full cache) comes between the two look-ups.
        PhysiologyTemplate Of(AutoimmuneDisease disease) => PhysiologyTemplate.For(Design(disease, 0, 1));
        var tCell = Of(AutoimmuneDisease.MultipleSclerosis);
        Assert.Same(tCell, Of(AutoimmuneDisease.RheumatoidArthritis));
        var antibody = Of(AutoimmuneDisease.SystemicSclerosis);
        Assert.Same(antibody, Of(AutoimmuneDisease.SystemicLupusErythematosus));
        var redCells = Of(AutoimmuneDisease.AutoimmuneHemolyticAnemia);
        var platelets = Of(AutoimmuneDisease.ImmuneThrombocytopenia);
        Assert.Equal(4, new[] { tCell, antibody, redCells, platelets }.Distinct().Count());
        static bool Clears(PhysiologyTemplate t, string suffix) => t.Network.Transitions.Any(x => x.Name.EndsWith(suffix, StringComparison.Ordinal));
        Assert.True(Clears(redCells, ".lysis") && !Clears(redCells, ".destroy"));
        Assert.True(Clears(platelets, ".destroy") && !Clears(platelets, ".lysis"));
        Assert.False(Clears(antibody, ".lysis") || Clears(antibody, ".destroy"));
    }

    [Fact]
    public void CreateModel_ManyThreadsAtOnce_OneStructureAndSerialValues()
    {
        // A shape no other test uses, so that the threads race to build it, in an empty cache: with earlier tests' shapes one
        // short of the limit, a thread finding it full would empty it and keep a second template of the shape.
        PhysiologyTemplate.ClearCache();
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
}
