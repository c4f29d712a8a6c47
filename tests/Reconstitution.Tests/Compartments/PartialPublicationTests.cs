using Reconstitution.Compartments;
using Reconstitution.Compartments.Solvers;
using Reconstitution.Randomness;

namespace Reconstitution.Tests.Compartments;

/// <summary>
/// A reader may declare the compartments it reads at every stop (<c>CompartmentSystem.DeclareObserved</c>); the hybrid
/// solver then writes only those at a stop inside an integrator step and the others when something asks for them. Every
/// other reader and every change must still see exactly the counts of a system without the declaration.
/// </summary>
public class PartialPublicationTests
{
    /// <summary>
    /// A continuous chain A → B → C fed at 100 per day, far from its steady state so that it moves, but smooth, so that
    /// the integrator's steps span several daily stops (the counts at a stop come from the dense output). An exact clone X
    /// is born at a rate read from the continuous C (a varying discrete transition: the solver reads C between stops) and
    /// dies at its own rate. A dynamic pool D decays from 1,000 and turns exact when it falls below 100 (about day 23): the
    /// solver then restarts from every count.
    /// </summary>
    internal static ReactionNetwork Chain() => new ReactionNetworkBuilder()
        .Compartment("A", 10, CompartmentMode.Continuous).Compartment("B", 5000, CompartmentMode.Continuous)
        .Compartment("C", 0, CompartmentMode.Continuous).Compartment("X", 3, CompartmentMode.Exact)
        .Compartment("D", 1000, CompartmentMode.Dynamic)
        .Parameter("feed", 100).Parameter("ab", 0.2)
        .Transition("feed", t => t.Produces("A").MassAction("feed"))
        .Transition("a to b", t => t.Consumes("A").Produces("B").MassAction("ab"))
        .Transition("b to c", t => t.Consumes("B").Produces("C").MassAction(0.05))
        .Transition("c death", t => t.Consumes("C").MassAction(0.02))
        .Transition("x birth", t => t.Consumes("C").Produces("C").Produces("X").MassAction(1e-4))
        .Transition("x death", t => t.Consumes("X").MassAction(0.3))
        .Transition("d death", t => t.Consumes("D").MassAction(0.1))
        .Build();

    private static readonly SolverOptions Options = new() { Kind = SolverKind.Hybrid, OdeMethod = OdeMethod.StiffnessSwitching, HybridSwitchMinimum = 200 };

    private static (CompartmentSystem Declared, CompartmentSystem Reference) Pair(ulong seed)
    {
        var network = Chain();
        var declared = new CompartmentSystem(network, Options, RandomStream.Create(11, seed));
        var reference = new CompartmentSystem(network, Options, RandomStream.Create(11, seed));
        var observed = new bool[5];
        observed[network.CompartmentIndex("A")] = true;
        declared.DeclareObserved(observed);
        return (declared, reference);
    }

    [Fact]
    public void Counts_CompartmentsOutsideTheDeclaredSet_EqualTheCountsWithoutADeclarationToTheBit()
    {
        var (declared, reference) = Pair(1);
        int a = reference.CompartmentIndex("A"), b = reference.CompartmentIndex("B");
        int staleStops = 0;
        for (int day = 1; day <= 60; day++)
        {
            declared.AdvanceTo(day);
            reference.AdvanceTo(day);
            Assert.Equal(reference.Counts[a], declared.ObservedCounts[a]); // declared: written at the stop
            if (declared.ObservedCounts[b] != reference.Counts[b]) staleStops++;
            Assert.Equal(reference.Counts.ToArray(), declared.Counts.ToArray()); // any other read sees every count
            Assert.Equal(reference.GetCount("C"), declared.GetCount("C"));
        }
        // The undeclared counts were left unwritten at most stops, so the reads above are what wrote them.
        Assert.True(staleStops > 30, $"only {staleStops} of 60 stops left B unwritten");
    }

    [Fact]
    public void AdvanceTo_NothingReadBetweenStops_SameTrajectoryAndFiringsAsWithoutADeclaration()
    {
        // Between stops the solver reads C itself (the clone's birth rate) and X: what it writes at a stop must not depend
        // on whether anyone read the other counts, and D's switch to exact treatment restarts from every count. Several
        // seeds, each with its own firings.
        for (ulong seed = 0; seed < 5; seed++)
        {
            var (declared, reference) = Pair(seed);
            // Stops every 0.05 day, several per integrator step, so that D's fall is first seen at a stop (inside a step).
            for (int stop = 1; stop <= 800; stop++)
            {
                declared.AdvanceTo(0.05 * stop);
                reference.AdvanceTo(0.05 * stop);
                _ = declared.ObservedCounts[0];
            }
            Assert.Equal(reference.FiringCounts.ToArray(), declared.FiringCounts.ToArray());
            Assert.Equal(reference.Counts.ToArray(), declared.Counts.ToArray());
            Assert.True(((HybridSolver)declared.Solver).Switches > 0 && !((HybridSolver)declared.Solver).IsContinuous(4));
        }
    }

    [Theory]
    [InlineData("set count")]
    [InlineData("add to count")]
    [InlineData("set counts")]
    [InlineData("set parameter")]
    public void Change_RightAfterAStopWithUnwrittenCounts_RestartsFromEveryCountAsWithoutADeclaration(string change)
    {
        // A change refreshes the solver, which restarts the integrator from every count: the unwritten ones must be written
        // before it (or, for SetCounts, replaced), not read stale. Nothing is read from the declared system before the change.
        var (declared, reference) = Pair(7);
        foreach (var system in new[] { declared, reference })
        {
            system.AdvanceTo(10.5);
            switch (change)
            {
                case "set count": system.SetCount("A", 400); break;
                case "add to count": system.AddToCount("C", 250); break;
                case "set counts": system.SetCounts([1, 2, 3, 4, 500]); break;
                default: system.SetParameter("ab", 0.5); break;
            }
            system.AdvanceTo(30);
        }
        Assert.Equal(reference.Counts.ToArray(), declared.Counts.ToArray());
        Assert.Equal(reference.FiringCounts.ToArray(), declared.FiringCounts.ToArray());
    }

    [Fact]
    public void DeclareObserved_WrongLength_ThrowsNamingTheExpectedCount()
    {
        var system = new CompartmentSystem(Chain(), Options, RandomStream.Create(1));
        var error = Assert.Throws<ArgumentException>(() => system.DeclareObserved(new bool[4]));
        Assert.Contains("Expected 5 flags", error.Message);
    }
}
