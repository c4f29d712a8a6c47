using Reconstitution.Compartments;

namespace Reconstitution.Tests.Compartments;

public class ReactionNetworkBuilderTests
{
    private static ReactionNetworkBuilder TwoCompartments() => new ReactionNetworkBuilder()
        .Compartment("A", 10).Compartment("B", 0).Parameter("k", 1);

    [Fact]
    public void Build_ValidNetwork_CompilesStoichiometryAndNetChange()
    {
        var network = TwoCompartments()
            .Transition("A to B", t => t.Consumes("A").Produces("B").MassAction("k"))
            .Transition("A renewal", t => t.Consumes("A").Produces("A", 2).MassAction("k"))
            .Transition("A catalyses B", t => t.Consumes("A").Produces("A").Produces("B").MassAction("k"))
            .Build();
        var c = network.Compiled;
        Assert.Equal(2, c.CompartmentCount);
        Assert.Equal(3, c.TransitionCount);
        // A to B: A −1, B +1.
        Assert.Equal([0, 1], c.ChangeCompartments[c.ChangeOffsets[0]..c.ChangeOffsets[1]]);
        Assert.Equal([-1, 1], c.ChangeAmounts[c.ChangeOffsets[0]..c.ChangeOffsets[1]]);
        // A renewal: net A +1 only.
        Assert.Equal([0], c.ChangeCompartments[c.ChangeOffsets[1]..c.ChangeOffsets[2]]);
        Assert.Equal([1], c.ChangeAmounts[c.ChangeOffsets[1]..c.ChangeOffsets[2]]);
        // Catalysis: A unchanged, B +1; A is still a reactant (its count drives the rate).
        Assert.Equal([1], c.ChangeCompartments[c.ChangeOffsets[2]..c.ChangeOffsets[3]]);
        Assert.Equal([0], c.ReactantCompartments[c.ReactantOffsets[2]..c.ReactantOffsets[3]]);
        Assert.Equal(PropensityKind.FirstOrder, c.Kinds[0]);
    }

    [Fact]
    public void Build_DependencyGraph_ListsExactlyTheTransitionsReadingChangedCompartments()
    {
        // 0: A→B (changes A, B)   1: B→0 (reads B)   2: A catalyses C (reads A, changes C)   3: C→0 (reads C)
        var network = new ReactionNetworkBuilder()
            .Compartment("A", 1).Compartment("B", 0).Compartment("C", 0).Parameter("k", 1)
            .Transition("A to B", t => t.Consumes("A").Produces("B").MassAction("k"))
            .Transition("B death", t => t.Consumes("B").MassAction("k"))
            .Transition("C production", t => t.Consumes("A").Produces("A").Produces("C").MassAction("k"))
            .Transition("C death", t => t.Consumes("C").MassAction("k"))
            .Build();
        var c = network.Compiled;
        int[] Dependents(int j) => [.. c.Dependents[c.DependentOffsets[j]..c.DependentOffsets[j + 1]].Order()];
        Assert.Equal([0, 1, 2], Dependents(0));
        Assert.Equal([1], Dependents(1));
        Assert.Equal([2, 3], Dependents(2));
        Assert.Equal([3], Dependents(3));
    }

    [Fact]
    public void Build_HillInputs_AreDependencies()
    {
        var network = new ReactionNetworkBuilder()
            .Compartment("HSC", 10).Compartment("Mature", 0).Parameter("r", 1)
            .Transition("renewal", t => t.Consumes("HSC").Produces("HSC", 2).MassAction("r")
                .RepressedBy([new WeightedCompartment("HSC", 1), new WeightedCompartment("Mature", 0.5)], 100, 2))
            .Transition("maturation", t => t.Consumes("HSC").Produces("Mature").MassAction("r"))
            .Build();
        var c = network.Compiled;
        // Maturation changes Mature, which the renewal's Hill factor reads.
        Assert.Contains(0, c.Dependents[c.DependentOffsets[1]..c.DependentOffsets[2]]);
        Assert.Equal(100, network.Parameters.Single(p => p.Name == "renewal.hill1.K").Value);
        Assert.Equal(2, network.Parameters.Single(p => p.Name == "renewal.hill1.n").Value);
    }

    [Fact]
    public void Build_UnknownCompartment_ThrowsNamingTransitionAndCompartment()
    {
        var e = Assert.Throws<ArgumentException>(() => TwoCompartments()
            .Transition("infusion", t => t.Produces("C").MassAction("k")).Build());
        Assert.Contains("'infusion'", e.Message);
        Assert.Contains("'C'", e.Message);
    }

    [Fact]
    public void Build_UnknownParameter_ThrowsNamingTransitionAndParameter()
    {
        var e = Assert.Throws<ArgumentException>(() => TwoCompartments()
            .Transition("death", t => t.Consumes("A").MassAction("kk")).Build());
        Assert.Contains("'death'", e.Message);
        Assert.Contains("'kk'", e.Message);
    }

    [Fact]
    public void Build_UnknownHillInput_ThrowsNamingTransition()
    {
        var e = Assert.Throws<ArgumentException>(() => TwoCompartments()
            .Transition("renewal", t => t.Consumes("A").Produces("A", 2).MassAction("k").RepressedBy("Z", 1.0, 1.0)).Build());
        Assert.Contains("'renewal'", e.Message);
        Assert.Contains("'Z'", e.Message);
    }

    [Theory]
    [InlineData("compartment")]
    [InlineData("parameter")]
    [InlineData("transition")]
    public void Build_DuplicateName_ThrowsNamingIt(string what)
    {
        var builder = TwoCompartments().Transition("death", t => t.Consumes("A").MassAction("k"));
        switch (what)
        {
            case "compartment": builder.Compartment("A", 1); break;
            case "parameter": builder.Parameter("k", 2); break;
            default: builder.Transition("death", t => t.Consumes("B").MassAction("k")); break;
        }
        var e = Assert.Throws<ArgumentException>(() => builder.Build());
        Assert.Contains("twice", e.Message);
    }

    [Fact]
    public void Build_NegativeRateConstantParameter_ThrowsNamingParameterAndTransition()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new ReactionNetworkBuilder()
            .Compartment("A", 1).Parameter("d", -0.5)
            .Transition("death", t => t.Consumes("A").MassAction("d")).Build());
        Assert.Contains("'d", e.Message);
        Assert.Contains("'death'", e.Message);
        Assert.Contains("-0.5", e.Message);
    }

    [Fact]
    public void Build_NegativeLiteralRate_ThrowsNamingTransition()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new ReactionNetworkBuilder()
            .Compartment("A", 1).Transition("death", t => t.Consumes("A").MassAction(-1.0)).Build());
        Assert.Contains("death", e.Message);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Build_NonFiniteParameter_Throws(double value)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new ReactionNetworkBuilder()
            .Compartment("A", 1).Parameter("k", value).Build());
        Assert.Contains("'k'", e.Message);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    public void Build_BadInitialCount_ThrowsNamingCompartment(double count)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new ReactionNetworkBuilder().Compartment("HSC", count).Build());
        Assert.Contains("HSC", e.Message);
    }

    [Fact]
    public void Build_ZeroCoefficient_ThrowsNamingTransition()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => TwoCompartments()
            .Transition("odd", t => t.Consumes("A", 0).MassAction("k")).Build());
        Assert.Contains("'odd'", e.Message);
    }

    [Fact]
    public void Transition_WithoutPropensity_ThrowsNamingTransition()
    {
        var e = Assert.Throws<ArgumentException>(() => TwoCompartments().Transition("lazy", t => t.Consumes("A")));
        Assert.Contains("'lazy'", e.Message);
    }

    [Fact]
    public void Transition_CustomRateWithHill_Throws()
    {
        Assert.Throws<ArgumentException>(() => TwoCompartments().Transition("mixed", t => t
            .Consumes("A").Rate(static r => r.Count(0), ["A"]).RepressedBy("A", 1.0, 1.0)));
    }

    [Fact]
    public void Build_EmptyTransition_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => TwoCompartments().Transition("nothing", t => t.MassAction("k")).Build());
        Assert.Contains("'nothing'", e.Message);
    }

    [Fact]
    public void Build_NonPositiveHillConstant_ThrowsNamingTransition()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => TwoCompartments()
            .Transition("renewal", t => t.Consumes("A").Produces("A", 2).MassAction("k").ActivatedBy("B", 0.0, 1.0)).Build());
        Assert.Contains("'renewal'", e.Message);
    }

    [Fact]
    public void Build_NegativeHillWeight_ThrowsNamingTransition()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => TwoCompartments()
            .Transition("renewal", t => t.Consumes("A").Produces("A", 2).MassAction("k")
                .RepressedBy([new WeightedCompartment("B", -1)], 1.0, 1.0)).Build());
        Assert.Contains("'renewal'", e.Message);
    }

    [Fact]
    public void Build_UnknownCustomInput_ThrowsNamingTransition()
    {
        var e = Assert.Throws<ArgumentException>(() => TwoCompartments()
            .Transition("custom", t => t.Consumes("A").Rate(static r => r.Count(0), ["A", "Q"])).Build());
        Assert.Contains("'custom'", e.Message);
        Assert.Contains("'Q'", e.Message);
    }
}
