using Reconstitution.Compartments;
using Reconstitution.Randomness;

namespace Reconstitution.Tests.Compartments;

public class SmokeTests
{
    [Fact]
    public void AdvanceTo_ImmigrationDeath_RunsAndCountsFirings()
    {
        var network = new ReactionNetworkBuilder()
            .Compartment("X", 0)
            .Parameter("k", 100).Parameter("d", 1)
            .Transition("immigration", t => t.Produces("X").MassAction("k"))
            .Transition("death", t => t.Consumes("X").MassAction("d"))
            .Build();
        var system = new CompartmentSystem(network, RandomStream.Create(1));
        system.AdvanceTo(50);
        Assert.Equal(50, system.TimeDays);
        Assert.InRange(system.GetCount("X"), 50, 150);
        Assert.True(system.TotalFirings > 5000);
        Assert.Equal(SolverKind.Direct, system.SolverKind);
    }
}
