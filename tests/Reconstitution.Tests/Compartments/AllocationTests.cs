using Reconstitution.Compartments;
using Reconstitution.Compartments.Solvers;
using Reconstitution.Randomness;

namespace Reconstitution.Tests.Compartments;

public class AllocationTests
{
    public static TheoryData<SolverKind> ExactKinds => [SolverKind.Direct, SolverKind.SortingDirect, SolverKind.CompositionRejection];

    [Theory]
    [MemberData(nameof(ExactKinds))]
    public void AdvanceTo_SteadyState_AllocatesNothingPerFiring(SolverKind kind)
    {
        // Mass action, Hill feedback, a custom rate and a time-dependent custom rate, all on the hot path.
        var network = new ReactionNetworkBuilder()
            .Compartment("HSC", 100).Compartment("Mature", 100)
            .Parameter("r", 1).Parameter("d", 0.5)
            .Transition("renewal", t => t.Consumes("HSC").Produces("HSC", 2).MassAction("r").RepressedBy("HSC", 100.0, 2.0))
            .Transition("maturation", t => t.Consumes("HSC").Produces("Mature").MassAction(0.3))
            .Transition("mature death", t => t.Consumes("Mature").Rate(static x => 0.2 * x.Count(0), ["Mature"]))
            .Transition("oscillating death", t => t.Consumes("Mature").Rate(
                static x => 0.1 * (1 + Math.Sin(x.TimeDays)) * x.Count(0), ["Mature"], timeDependent: true))
            .Build();
        var system = new CompartmentSystem(network, new SolverOptions { Kind = kind }, RandomStream.Create(12));
        system.AdvanceTo(50); // warm up: JIT, lazily allocated selector groups
        long firingsBefore = system.TotalFirings;
        long before = GC.GetAllocatedBytesForCurrentThread();
        system.AdvanceTo(300);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(system.TotalFirings - firingsBefore > 10_000);
        Assert.Equal(0, allocated);
    }

    [Theory]
    [InlineData(OdeMethod.RungeKuttaChebyshev)]
    [InlineData(OdeMethod.RosenbrockW)]
    [InlineData(OdeMethod.StiffnessSwitching)]
    public void AdvanceTo_HybridDailyStops_AllocatesNothingPerStepOrFiring(OdeMethod method)
    {
        // The patient solver's shape: a small exact stem pool feeding a large continuous blood pool whose feedback signal
        // modulates the stem cells' renewal, stopped daily (dense-output stops); for the implicit methods the Jacobian's
        // sparsity pattern comes from the hybrid solver.
        var network = new ReactionNetworkBuilder()
            .Compartment("Stem", 40).Compartment("Blood", 1e9, CompartmentMode.Continuous)
            .Signal("feedback", static x => 1 / (1 + x.Count(0) / 1e9), ["Blood"])
            .Transition("renewal", t => t.Consumes("Stem").Produces("Stem", 2).MassAction(0.5).ModulatedBy("feedback"))
            .Transition("stem death", t => t.Consumes("Stem").MassAction(0.25))
            .Transition("output", t => t.Consumes("Stem").Produces("Stem").Produces("Blood", 1_000_000).MassAction(0.1))
            .Transition("blood death", t => t.Consumes("Blood").MassAction(0.1))
            .Build();
        var options = new SolverOptions { Kind = SolverKind.Hybrid, OdeMethod = method, HybridSwitchMinimum = 1e6 };
        // Warm up: a first system through the same course keeps the layouts of the partitions it meets (the stem cells turn
        // continuous near day 33) with the network's structure, as a cohort's first patients do for the others.
        var first = new CompartmentSystem(network, options, RandomStream.Create(5));
        for (int day = 1; day <= 200; day++) first.AdvanceTo(day);
        var system = new CompartmentSystem(network, options, RandomStream.Create(5));
        for (int day = 1; day <= 20; day++) system.AdvanceTo(day); // warm up (JIT, the implicit method's buffers)
        var solver = (HybridSolver)system.Solver;
        long firingsBefore = system.TotalFirings, switchesBefore = solver.Switches;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int day = 21; day <= 200; day++) system.AdvanceTo(day);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(system.TotalFirings - firingsBefore > 1_000, $"{system.TotalFirings - firingsBefore} firings");
        Assert.True(solver.Switches > switchesBefore, "no repartition in the window");
        Assert.Equal(0, allocated);
    }
}
