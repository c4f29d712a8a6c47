using Reconstitution.Compartments;
using Reconstitution.Randomness;

namespace Reconstitution.Tests.Compartments;

/// <summary>
/// The direct method runs common firings in a specialised loop and hands the rest (Hill factors, signals, custom
/// rates, rebuilds, the ziggurat's slow path) to the general code; with <see cref="SolverOptions.RecordFirings"/> every
/// firing takes the general code. Both must draw the same numbers in the same order, so the paths are identical:
/// any difference in a count or a firing count is a bug in one of them, not noise.
/// </summary>
public class DirectMethodFastPathTests
{
    public static TheoryData<string> Networks => ["immigration-death", "Hill feedback", "signal and custom rate", "second order"];

    [Theory]
    [MemberData(nameof(Networks))]
    public void AdvanceTo_FastLoopAndGeneralLoop_GiveIdenticalPaths(string name)
    {
        var network = Build(name);
        var fast = new CompartmentSystem(network, new SolverOptions { Kind = SolverKind.Direct }, RandomStream.Create(31));
        var general = new CompartmentSystem(network, new SolverOptions { Kind = SolverKind.Direct, RecordFirings = true }, RandomStream.Create(31));
        // Several advances, with a kernel-style change in between, so the loop is left and re-entered.
        foreach (double end in new[] { 0.5, 3.0, 3.0, 20.0 })
        {
            fast.AdvanceTo(end);
            general.AdvanceTo(end);
            Assert.Equal(general.Counts.ToArray(), fast.Counts.ToArray());
            Assert.Equal(general.FiringCounts.ToArray(), fast.FiringCounts.ToArray());
            fast.SetCount(0, fast.GetCount(0) + 7);
            general.SetCount(0, general.GetCount(0) + 7);
        }
        Assert.True(fast.TotalFirings > 10_000, $"only {fast.TotalFirings} firings: the comparison would be weak");
    }

    private static ReactionNetwork Build(string name) => name switch
    {
        "immigration-death" => new ReactionNetworkBuilder()
            .Compartment("X", 500).Parameter("k", 1000).Parameter("d", 1)
            .Transition("in", t => t.Produces("X").MassAction("k"))
            .Transition("out", t => t.Consumes("X").MassAction("d"))
            .Build(),
        "Hill feedback" => new ReactionNetworkBuilder()
            .Compartment("S", 300).Compartment("P", 100).Compartment("M", 2000)
            .Transition("renewal", t => t.Consumes("S").Produces("S", 2).MassAction(2).RepressedBy("S", 300.0, 2.0))
            .Transition("differentiation", t => t.Consumes("S").Produces("P").MassAction(0.5))
            .Transition("division", t => t.Consumes("P").Produces("M", 2).MassAction(1))
            .Transition("death", t => t.Consumes("M").MassAction(0.3))
            .Build(),
        "signal and custom rate" => new ReactionNetworkBuilder()
            .Compartment("A", 400).Compartment("B", 400)
            .Signal("crowding", static x => 1 / (1 + x.Count(0) / 1000), ["A"])
            .Transition("birth", t => t.Produces("A").MassAction(400).ModulatedBy("crowding"))
            .Transition("convert", t => t.Consumes("A").Produces("B").MassAction(0.5))
            .Transition("clear", t => t.Consumes("B").Rate(static x => 0.4 * x.Count(0), ["B"]))
            .Build(),
        _ => new ReactionNetworkBuilder()
            .Compartment("A", 200).Compartment("B", 200).Compartment("C", 0)
            .Transition("bind", t => t.Consumes("A").Consumes("B").Produces("C").MassAction(0.01))
            .Transition("unbind", t => t.Consumes("C").Produces("A").Produces("B").MassAction(1))
            .Transition("feed A", t => t.Produces("A").MassAction(50))
            .Transition("feed B", t => t.Produces("B").MassAction(50))
            .Transition("lose A", t => t.Consumes("A").MassAction(0.2))
            .Transition("lose B", t => t.Consumes("B").MassAction(0.2))
            .Build(),
    };
}
