using Reconstitution.Compartments;
using Reconstitution.Compartments.Solvers;
using Reconstitution.Randomness;

namespace Reconstitution.Tests.Compartments;

/// <summary>
/// The hybrid solver's refresh after an external change does only what the change can affect: after a change of counts
/// alone (a kill, an infusion) it keeps the slots' rate constants, which only a change of parameters
/// (<see cref="CompartmentSystem.SetParameter(int, double)"/>) makes it read again; once the compartments are classified it
/// looks again only at those whose mode is not continuous (exact ones are rounded, dynamic ones switch at their thresholds).
/// Counts set as one change (<see cref="CompartmentSystem.SetCounts(ReadOnlySpan{int}, ReadOnlySpan{double})"/>) are the
/// same as counts set one by one.
/// </summary>
public class HybridExternalChangeTests
{
    private static readonly SolverOptions Tight = new() { Kind = SolverKind.Hybrid, OdeMethod = OdeMethod.RungeKuttaChebyshev, OdeRelativeTolerance = 1e-6 };

    /// <summary>Two independent continuous pools decaying at parameter rates, and a dynamic pool (exact below 250, continuous from 500).</summary>
    private static ReactionNetwork Pools() => new ReactionNetworkBuilder()
        .Compartment("A", 1e6, CompartmentMode.Continuous).Compartment("B", 1e6, CompartmentMode.Continuous)
        .Compartment("D", 100).Compartment("E", 20, CompartmentMode.Exact)
        .Parameter("a", 0.1).Parameter("b", 0.2)
        .Transition("A death", t => t.Consumes("A").MassAction("a"))
        .Transition("B death", t => t.Consumes("B").MassAction("b"))
        .Transition("D death", t => t.Consumes("D").MassAction(1e-3))
        .Transition("E death", t => t.Consumes("E").MassAction(1e-3))
        .Build();

    private static CompartmentSystem System(int seed) => new(Pools(), Tight with { HybridSwitchMinimum = 500 }, RandomStream.Create((ulong)seed));

    [Fact]
    public void SetCountThenSetParameterThenSetCount_TheNewRateGovernsTheIntegration()
    {
        // Theory: A decays as x(t₀)·e^(−a(t − t₀)). A count change alone keeps the cached rate constants; a parameter change
        // between two count changes at one time must still reach them (the later count change must not leave them as they
        // were). RKC at relative tolerance 10⁻⁶ is far inside the 10⁻⁴ checked.
        var system = System(1);
        system.AdvanceTo(1);
        system.SetCount("A", 5e5);
        system.AdvanceTo(2);
        Assert.Equal(5e5 * Math.Exp(-0.1), system.GetCount("A"), 5e5 * 1e-4);
        system.SetCount("B", 1e5);
        system.SetParameter("a", 0.5);
        system.SetCount("A", 4e5);
        system.AdvanceTo(4);
        Assert.Equal(4e5 * Math.Exp(-1.0), system.GetCount("A"), 4e5 * 1e-4);
        Assert.Equal(1e5 * Math.Exp(-0.4), system.GetCount("B"), 1e5 * 1e-4);
        system.SetCount("A", 1e5); // count alone again: the rate stays 0.5
        system.AdvanceTo(5);
        Assert.Equal(1e5 * Math.Exp(-0.5), system.GetCount("A"), 1e5 * 1e-4);
        Assert.Equal(4, ((HybridSolver)system.Solver).Refreshes);
    }

    [Fact]
    public void SetCount_DynamicPoolAcrossItsThresholds_SwitchesTreatmentAtTheNextAdvance()
    {
        // D starts exact (100 < 500); set to 10⁴ it is continuous at the next advance, then set to 10 exact again; E (exact
        // mode) set to a fraction is rounded to a whole neighbour at the next advance.
        var system = System(2);
        system.AdvanceTo(1);
        var solver = (HybridSolver)system.Solver;
        Assert.False(solver.IsContinuous(2));
        system.SetCount("D", 1e4);
        system.SetCount("E", 10.5);
        system.AdvanceTo(1.001);
        Assert.True(solver.IsContinuous(2));
        Assert.True(solver.IsContinuous(0) && solver.IsContinuous(1) && !solver.IsContinuous(3));
        double e = system.GetCount("E");
        Assert.True(e is 10 or 11 or 9, $"E {e}");
        system.SetCount("D", 10);
        system.AdvanceTo(1.002);
        Assert.False(solver.IsContinuous(2));
        Assert.Equal(Math.Floor(system.GetCount("D")), system.GetCount("D"));
    }

    [Fact]
    public void SetCounts_SomeCompartments_SameCourseAsSettingThemOneByOne()
    {
        // The same counts set as one change or one by one, on systems of one seed, give the same course to the bit.
        var batch = System(3);
        var single = System(3);
        batch.AdvanceTo(1);
        single.AdvanceTo(1);
        long version = batch.CountsVersion;
        batch.SetCounts([0, 2, 3], [3e5, 800, 7]);
        Assert.Equal(version + 1, batch.CountsVersion);
        single.SetCount(0, 3e5);
        single.SetCount(2, 800);
        single.SetCount(3, 7);
        batch.AdvanceTo(3);
        single.AdvanceTo(3);
        Assert.Equal(single.Counts.ToArray(), batch.Counts.ToArray());
    }

    [Fact]
    public void SetCounts_AnInvalidIndexOrCount_ThrowsAndSetsNothing()
    {
        var system = System(4);
        double[] before = system.Counts.ToArray();
        long version = system.CountsVersion;
        var count = Assert.Throws<ArgumentOutOfRangeException>(() => system.SetCounts([0, 1], [5, -1]));
        Assert.Contains("count of compartment B", count.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => system.SetCounts([0, 4], [5, 5]));
        Assert.Throws<ArgumentOutOfRangeException>(() => system.SetCounts([-1], [5]));
        Assert.Throws<ArgumentException>(() => system.SetCounts([0, 1], [5]));
        Assert.Equal(before, system.Counts.ToArray());
        Assert.Equal(version, system.CountsVersion);
        Assert.Throws<ArgumentOutOfRangeException>(() => system.GetCount(4));
        Assert.Throws<ArgumentOutOfRangeException>(() => system.SetCount(-1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => system.GetParameter(system.Network.Parameters.Count));
        Assert.Throws<ArgumentOutOfRangeException>(() => system.SetParameter(-1, 1));
    }

    [Fact]
    public void SetCounts_FractionalCountWithAnExactSolver_ThrowsAndSetsNothing()
    {
        var system = new CompartmentSystem(Pools(), new SolverOptions { Kind = SolverKind.Direct }, RandomStream.Create(5));
        double[] before = system.Counts.ToArray();
        Assert.Throws<ArgumentException>(() => system.SetCounts([0, 2], [5, 2.5]));
        Assert.Equal(before, system.Counts.ToArray());
    }
}
