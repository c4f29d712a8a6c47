using Reconstitution.Compartments;

namespace Reconstitution.Tests.Compartments;

public class PropensityTests
{
    private static double Propensity(ReactionNetwork network, string transition, double[] counts) =>
        network.Compiled.Propensity(network.TransitionIndex(transition), counts, network.Compiled.InitialParameters, 0);

    [Fact]
    public void Propensity_MassActionForms_FollowGillespieCombinatorics()
    {
        var network = new ReactionNetworkBuilder()
            .Compartment("X", 0).Compartment("Y", 0).Parameter("k", 2)
            .Transition("constant", t => t.Produces("X").MassAction("k"))
            .Transition("first", t => t.Consumes("X").MassAction("k"))
            .Transition("dimer", t => t.Consumes("X", 2).MassAction("k"))
            .Transition("pair", t => t.Consumes("X").Consumes("Y").MassAction("k"))
            .Transition("trimer", t => t.Consumes("X", 3).MassAction("k"))
            .Transition("mixed", t => t.Consumes("X", 2).Consumes("Y").MassAction("k"))
            .Build();
        double[] x = [5, 3];
        Assert.Equal(2, Propensity(network, "constant", x));
        Assert.Equal(10, Propensity(network, "first", x));
        Assert.Equal(2 * 5 * 4 / 2.0, Propensity(network, "dimer", x));
        Assert.Equal(30, Propensity(network, "pair", x));
        Assert.Equal(2 * 10, Propensity(network, "trimer", x), 12);        // C(5,3) = 10
        Assert.Equal(2 * 10 * 3, Propensity(network, "mixed", x), 12);     // C(5,2)·C(3,1)
        Assert.Equal(0, Propensity(network, "dimer", [1, 0]));
        Assert.Equal(0, Propensity(network, "trimer", [2, 0]));
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(2.0)]
    [InlineData(2.5)]
    [InlineData(4.0)]
    public void Propensity_HillFactors_MatchDefinition(double n)
    {
        // Hill (1910): activating xⁿ/(Kⁿ+xⁿ), repressing Kⁿ/(Kⁿ+xⁿ), x a weighted sum.
        var network = new ReactionNetworkBuilder()
            .Compartment("S", 7).Compartment("M1", 30).Compartment("M2", 50)
            .Parameter("k", 3).Parameter("K", 40).Parameter("n", n)
            .Transition("renewal", t => t.Consumes("S").Produces("S", 2).MassAction("k")
                .RepressedBy([new WeightedCompartment("M1", 1), new WeightedCompartment("M2", 0.5)], "K", "n"))
            .Transition("production", t => t.Produces("M1").MassAction("k").ActivatedBy("S", "K", "n"))
            .Build();
        double[] counts = [7, 30, 50];
        double x = 30 + 0.5 * 50;
        Assert.Equal(3 * 7 * Math.Pow(40, n) / (Math.Pow(40, n) + Math.Pow(x, n)), Propensity(network, "renewal", counts), 10);
        Assert.Equal(3 * Math.Pow(7, n) / (Math.Pow(40, n) + Math.Pow(7, n)), Propensity(network, "production", counts), 10);
    }

    [Fact]
    public void Propensity_HugeHillInput_UsesLimitsInsteadOfNaN()
    {
        var network = new ReactionNetworkBuilder()
            .Compartment("S", 1e300).Parameter("k", 1)
            .Transition("repressed", t => t.Produces("S").MassAction("k").RepressedBy("S", 1e-10, 8.0))
            .Transition("activated", t => t.Produces("S").MassAction("k").ActivatedBy("S", 1e-10, 8.0))
            .Build();
        Assert.Equal(0, Propensity(network, "repressed", [1e300]));
        Assert.Equal(1, Propensity(network, "activated", [1e300]));
    }

    [Fact]
    public void Propensity_Custom_ReadsDeclaredInputsInOrder()
    {
        var network = new ReactionNetworkBuilder()
            .Compartment("A", 2).Compartment("B", 3).Parameter("p", 5).Parameter("q", 7)
            .Transition("custom", t => t.Consumes("B").Rate(static r => r.Count(0) * 100 + r.Count(1) * 10 + r.Parameter(0) + r.Parameter(1) / 100 + r.TimeDays,
                ["B", "A"], ["q", "p"]))
            .Build();
        var c = network.Compiled;
        Assert.Equal(300 + 20 + 7 + 0.05 + 1.5, c.Propensity(0, [2, 3], c.InitialParameters, 1.5), 12);
    }
}
