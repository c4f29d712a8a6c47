using Reconstitution.Outcomes;
using Reconstitution.Physiology;
using Reconstitution.Protocols;
using Xunit;

namespace Reconstitution.Tests.Protocols;

public sealed class BuiltInProtocolTests
{
    private static readonly string[] Required =
        ["none", "auto-beam-atg-cd34", "auto-cy-atg", "auto-tbi-cy-atg-cd34", "allo-pbsc-mac", "allo-bm-mac", "cord-single-mac", "cord-double-mac", "ric-flu-bu-atg"];

    [Fact]
    public void Names_ContainEveryRequiredProtocol()
    {
        foreach (var name in Required) Assert.Contains(name, BuiltInProtocols.Names);
        foreach (var name in BuiltInProtocols.Names) Assert.Equal(name, BuiltInProtocols.Get(name).Name);
    }

    [Fact]
    public void Get_UnknownName_ThrowsListingAllowedNames()
    {
        var e = Assert.Throws<ArgumentException>(() => BuiltInProtocols.Get("auto-magic"));
        Assert.Contains("auto-magic", e.Message);
        foreach (var name in Required) Assert.Contains(name, e.Message);
    }

    [Fact]
    public void Write_EveryBuiltIn_ParsesBackToTheSameProtocol()
    {
        foreach (var name in BuiltInProtocols.Names)
        {
            var definition = BuiltInProtocols.Get(name).Definition;
            string json = ProtocolFile.Write(definition);
            var again = ProtocolFile.Parse(json, name + ".json");
            Assert.Equal(json, ProtocolFile.Write(again));
            Assert.Equal(definition.Name, again.Name);
            Assert.Equal(definition.Graft, again.Graft);
            Assert.Equal(definition.SupportiveCare, again.SupportiveCare);
            Assert.Equal(definition.GvhdProphylaxis, again.GvhdProphylaxis);
            Assert.Equal(definition.Conditioning.Select(d => (d.Agent, d.Dose, d.Day)), again.Conditioning.Select(d => (d.Agent, d.Dose, d.Day)));
        }
    }

    [Fact]
    public void Run_ProtocolReadFromFile_GivesTheSameCourseAsTheBuiltIn()
    {
        // One code path: the JSON copy of a built-in is the same protocol, so the same seed gives the same course.
        var builtIn = BuiltInProtocols.Get("allo-pbsc-mac");
        var fromFile = new DefinedProtocol(ProtocolFile.Parse(ProtocolFile.Write(builtIn.Definition)));
        var options = new PatientSimulationOptions { Days = 30 };
        var a = PatientSimulation.Run(PatientCovariates.Default, builtIn, 3, 0, options);
        var b = PatientSimulation.Run(PatientCovariates.Default, fromFile, 3, 0, options);
        Assert.Equal(a.Outcome, b.Outcome);
        Assert.Equal(a.Trajectory.Values(Measure.Anc).ToArray(), b.Trajectory.Values(Measure.Anc).ToArray());
    }

    [Fact]
    public void Run_SameSeedTwice_IdenticalCourse_OtherIndexDiffers()
    {
        var p = BuiltInProtocols.Get("auto-cy-atg");
        var options = new PatientSimulationOptions { Days = 25 };
        var a = PatientSimulation.Run(PatientCovariates.Default, p, 11, 4, options);
        var b = PatientSimulation.Run(PatientCovariates.Default, p, 11, 4, options);
        var c = PatientSimulation.Run(PatientCovariates.Default, p, 11, 5, options);
        Assert.Equal(a.Outcome, b.Outcome);
        Assert.Equal(a.Events, b.Events);
        Assert.NotEqual(a.Trajectory.Values(Measure.Anc).ToArray(), c.Trajectory.Values(Measure.Anc).ToArray());
    }

    [Fact]
    public void Run_BuiltInAllogeneic_EventListInTimeOrderWithConditioningInfusionAndProphylaxis()
    {
        var course = PatientSimulation.Run(PatientCovariates.Default, BuiltInProtocols.Get("allo-pbsc-mac"), 2, 0, new PatientSimulationOptions { Days = 30 });
        var events = course.Events;
        for (int i = 1; i < events.Count; i++) Assert.True(events[i].TimeDays >= events[i - 1].TimeDays);
        Assert.Equal(6, events.Count(e => e.Kind == "conditioning" && e.TimeDays < 0)); // Bu ×4, Cy ×2
        Assert.Equal(4, events.Count(e => e.Kind == "conditioning" && e.TimeDays > 0));  // methotrexate +1, +3, +6, +11
        Assert.Single(events, e => e.Kind == "infusion" && e.TimeDays == 0);
        Assert.Contains(events, e => e.Kind == "gvhdProphylaxis");
        Assert.Equal(-8, course.Trajectory.Days[0], 9);
        Assert.True(course.Outcome.DonorChimerismDay30Percent > 95);
    }

    [Fact]
    public void Run_None_HealthyBaselineWithoutCytopenia()
    {
        var course = PatientSimulation.Run(PatientCovariates.Default, BuiltInProtocols.Get("none"), 1, 0, new PatientSimulationOptions { Days = 60 });
        var o = course.Outcome;
        Assert.False(o.Grafted);
        Assert.Equal(0, o.NeutrophilEngraftmentDay); // never below 0.5: the ASTCT search gives day 0
        Assert.InRange(o.AncNadirE9PerLiter, 2.0, 7.5);
        Assert.InRange(o.PlateletNadirE9PerLiter, 100, 450);
        Assert.Equal(0, o.PlateletTransfusions + o.RedCellUnits);
        Assert.DoesNotContain(course.Events, e => e.Kind is "conditioning" or "infusion");
    }

    [Fact]
    public void Run_ProtocolStartingAfterDayZero_ThrowsNamingTheProtocol()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => PatientSimulation.Run(PatientCovariates.Default, new LateProtocol(), 1));
        Assert.Contains("late", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new PatientSimulationOptions { Days = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => ConditioningAgentEffects.Default.WithLogKill(ConditioningAgent.Busulfan, KillGroup.Hsc, -1));
    }

    private sealed class LateProtocol : IProtocol
    {
        public string Name => "late";
        public string Description => "starts after infusion";
        public int StartDay => 3;
        public void Schedule(TreatmentContext context) { }
    }
}
