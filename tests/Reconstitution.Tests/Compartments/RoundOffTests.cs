using Reconstitution.Compartments;
using Reconstitution.Randomness;

namespace Reconstitution.Tests.Compartments;

public class RoundOffTests
{
    [Theory]
    [MemberData(nameof(ExactSsaStatisticalTests.ExactKinds), MemberType = typeof(ExactSsaStatisticalTests))]
    public void AdvanceTo_TotalCollapsesByManyOrders_ImmigrationRateIsNotBiasedByResidue(SolverKind kind)
    {
        // a₀ = 10¹⁶ + 2.9 rounds to 10¹⁶ + 2; once the 10¹⁶ transition has fired, an incrementally
        // updated a₀ would be 2 instead of 2.9 (a 31% slower immigration, and selection never fails,
        // so nothing else notices) unless a₀ is rebuilt when it collapses.
        // Theory: immigrations in 1000 days ~ Poisson(2900); tolerance 4 SD ≈ 215 (the bias would be −900).
        var network = new ReactionNetworkBuilder()
            .Compartment("Flash", 1).Compartment("Y", 0)
            .Transition("flash", t => t.Consumes("Flash").MassAction(1e16))
            .Transition("immigration", t => t.Produces("Y").MassAction(2.9))
            .Build();
        var system = new CompartmentSystem(network, new SolverOptions { Kind = kind }, RandomStream.Create(61));
        system.AdvanceTo(1000);
        Assert.Equal(0, system.GetCount("Flash"));
        Assert.InRange(system.GetCount("Y"), 2900 - 4 * Math.Sqrt(2900), 2900 + 4 * Math.Sqrt(2900));
    }
}
