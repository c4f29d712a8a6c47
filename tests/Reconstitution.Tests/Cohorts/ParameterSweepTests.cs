using Reconstitution.Cohorts;
using Reconstitution.Physiology;
using Reconstitution.Protocols;

namespace Reconstitution.Tests.Cohorts;

public class ParameterSweepTests
{
    [Fact]
    public void Grid_TwoAxes_CartesianProductFirstAxisSlowest()
    {
        var a = new SweepAxis(SweepParameter.Find("cd34PerKg")!, [1e6, 2e6]);
        var b = new SweepAxis(SweepParameter.Find("ageYears")!, [30, 50, 70]);
        var grid = ParameterSweep.Grid([a, b]);
        Assert.Equal(6, grid.Count);
        Assert.Equal([1e6, 30], grid[0]);
        Assert.Equal([1e6, 70], grid[2]);
        Assert.Equal([2e6, 30], grid[3]);
    }

    [Fact]
    public void Apply_Cd34PerKg_ChangesOnlyTheGraftDose()
    {
        var spec = CohortTestData.Small();
        var changed = SweepParameter.Find("cd34PerKg")!.Apply(spec, 2e6);
        var before = ((DefinedProtocol)spec.Protocol).Definition;
        var after = ((DefinedProtocol)changed.Protocol).Definition;
        Assert.Equal(2e6, after.Graft!.Cd34PerKg);
        Assert.Equal(before.Graft!.Viability, after.Graft.Viability);
        Assert.Equal(before.Conditioning.Count, after.Conditioning.Count);
    }

    [Fact]
    public void Apply_Cd34PerKg_KeepsEveryOtherGraftProperty()
    {
        var graft = new GraftDefinition(GraftSource.PeripheralBlood, DonorType.Self, 5e6)
        { Viability = 0.9, Cd3PerKg = 1e5, TotalNucleatedCellsPerKg = 2e8, Cd34SelectionLogDepletion = 3, Cd34DoseCv = 0.3 };
        var spec = new CohortSpecification(new DefinedProtocol(new ProtocolDefinition("x") { Graft = graft }));
        var after = ((DefinedProtocol)SweepParameter.Find("cd34PerKg")!.Apply(spec, 2e6).Protocol).Definition.Graft!;
        foreach (var property in typeof(GraftDefinition).GetProperties().Where(p => p.Name != nameof(GraftDefinition.Cd34PerKg)))
            Assert.Equal(property.GetValue(graft), property.GetValue(after));
    }

    [Fact]
    public void Apply_ConditioningScale_ScalesEveryDose()
    {
        var spec = CohortTestData.Small();
        var after = ((DefinedProtocol)SweepParameter.Find("conditioningScale")!.Apply(spec, 0.5).Protocol).Definition;
        var before = ((DefinedProtocol)spec.Protocol).Definition;
        for (int i = 0; i < before.Conditioning.Count; i++) Assert.Equal(before.Conditioning[i].Dose * 0.5, after.Conditioning[i].Dose, 12);
    }

    [Fact]
    public void Apply_CyPostMitoticLogKill_ChangesOnlyThatCoefficient()
    {
        var spec = CohortTestData.Small();
        var after = SweepParameter.Find("cyPostMitoticLogKill")!.Apply(spec, 0.003).Simulation.Effects;
        var before = spec.Simulation.Effects;
        Assert.Equal(0.003, after.LogKillPerUnit(ConditioningAgent.Cyclophosphamide, KillGroup.PostMitotic));
        foreach (var agent in Enum.GetValues<ConditioningAgent>())
            foreach (var group in Enum.GetValues<KillGroup>())
                if (agent != ConditioningAgent.Cyclophosphamide || group != KillGroup.PostMitotic)
                    Assert.Equal(before.LogKillPerUnit(agent, group), after.LogKillPerUnit(agent, group));
        Assert.Same(spec.Protocol, SweepParameter.Find("cyPostMitoticLogKill")!.Apply(spec, 0.003).Protocol);
    }

    [Fact]
    public void Apply_GraftParameterOnProtocolWithoutGraft_Throws()
    {
        var spec = new CohortSpecification(BuiltInProtocols.Get("none"));
        var ex = Assert.Throws<InvalidOperationException>(() => SweepParameter.Find("cd34PerKg")!.Apply(spec, 2e6));
        Assert.Contains("no graft", ex.Message);
    }

    [Fact]
    public void Run_ThreeDoses_OnePointEachAndMoreCellsEngraftNoLater()
    {
        // Mechanism check, not a calibration: with common random numbers, ten times the CD34+ dose must not delay the
        // median neutrophil engraftment day.
        var spec = CohortTestData.Small(patients: 4, days: 30, threads: 2);
        var axis = new SweepAxis(SweepParameter.Find("cd34PerKg")!, [1e6, 10e6]);
        var (points, cancelled) = ParameterSweep.Run(spec, [axis]);
        Assert.False(cancelled);
        Assert.Equal(2, points.Count);
        Assert.True(points[1].Summary.NeutrophilEngraftment!.MedianDay <= points[0].Summary.NeutrophilEngraftment!.MedianDay);
    }
}
