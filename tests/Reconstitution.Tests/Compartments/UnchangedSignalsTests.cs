using Reconstitution.Compartments;
using Reconstitution.Compartments.Solvers;
using Reconstitution.Randomness;

namespace Reconstitution.Tests.Compartments;

/// <summary>
/// A hazard-only firing inside a step computes again only the signals that read an exact compartment, and the fits after
/// the first of a step put the step's end values of the other varying signals back instead of computing them
/// (<c>HybridSolver.UnchangedSignals.cs</c>). The course must be the one computing every signal gives, to the bit.
/// </summary>
public class UnchangedSignalsTests
{
    /// <summary>
    /// A continuous chain A → B → C fed at 100 per day and an exact clone X. Signals: "support" reads C (continuous only:
    /// kept), "drug" decays with time (kept), "crowd" reads X and "support" (an exact compartment and a kept signal: computed
    /// again), "contact" reads X alone (read by a static transition only: computed again). X is born at a rate read from C
    /// modulated by "support", divides under "crowd", is killed under "drug" (all three varying), leaves under "contact" and
    /// dies at 0.1 per day (static): every firing of X is hazard-only, many per step.
    /// </summary>
    private static ReactionNetwork Network(CompartmentMode cloneMode = CompartmentMode.Exact) => new ReactionNetworkBuilder()
        .Compartment("A", 10, CompartmentMode.Continuous).Compartment("B", 5000, CompartmentMode.Continuous)
        .Compartment("C", 0, CompartmentMode.Continuous).Compartment("X", 3, cloneMode)
        .Parameter("feed", 100).Parameter("dose", 0.3)
        .Transition("feed", t => t.Produces("A").MassAction("feed"))
        .Transition("a to b", t => t.Consumes("A").Produces("B").MassAction(0.2))
        .Transition("b to c", t => t.Consumes("B").Produces("C").MassAction(0.05))
        .Transition("c death", t => t.Consumes("C").MassAction(0.02))
        .Signal("support", static x => 1 / (1 + x.Count(0) / 5000), ["C"])
        .Signal("drug", static x => x.Parameter(0) * Math.Exp(-x.TimeDays / 30), [], ["dose"], timeDependent: true)
        .Signal("crowd", static x => x.Parameter(0) / (1 + x.Count(0) / 40), ["X"], ["support"])
        .Signal("contact", static x => 1 / (1 + x.Count(0) / 60), ["X"])
        .Transition("x birth", t => t.Consumes("C").Produces("C").Produces("X").MassAction(2e-4).ModulatedBy("support"))
        .Transition("x division", t => t.Consumes("X").Produces("X", 2).MassAction(0.6).ModulatedBy("crowd"))
        .Transition("x kill", t => t.Consumes("X").MassAction(1).ModulatedBy("drug"))
        .Transition("x exit", t => t.Consumes("X").MassAction(0.05).ModulatedBy("contact"))
        .Transition("x death", t => t.Consumes("X").MassAction(0.1))
        .Build();

    [Theory]
    [InlineData(OdeMethod.StiffnessSwitching)]
    [InlineData(OdeMethod.RosenbrockW)]
    [InlineData(OdeMethod.RungeKuttaChebyshev)]
    [InlineData(OdeMethod.DormandPrince45)]
    public void AdvanceTo_UnchangedSignalsKeptOrComputed_SameCountsAndFiringsAtEveryStop(OdeMethod method)
    {
        var network = Network();
        var keeping = KeptAndComputedAlike(network, method, 11, 5);
        long divisions = keeping.FiringCounts[network.TransitionIndex("x division")];
        long kills = keeping.FiringCounts[network.TransitionIndex("x kill")];
        long exits = keeping.FiringCounts[network.TransitionIndex("x exit")];
        Assert.True(divisions > 50 && kills > 20 && exits > 5, $"{divisions} divisions, {kills} kills, {exits} exits");
    }

    /// <summary>
    /// The kept values must be dropped wherever what they were computed from may change: the clone X is dynamic (it
    /// switches between the exact and the continuous regime, so the partition changes), and the caller changes a parameter
    /// a kept signal reads ("dose", alternately high and low so that the clone keeps crossing the regimes' bounds), a
    /// continuous count a kept signal reads (C) and the clone's count at stops that fall
    /// inside a step; with and without the group error scale (magnitude floors). Keeping and computing every signal must
    /// give the same course to the bit; a kept value used after any of these changes would not.
    /// </summary>
    [Theory]
    [InlineData(OdeMethod.StiffnessSwitching, false)]
    [InlineData(OdeMethod.StiffnessSwitching, true)]
    [InlineData(OdeMethod.RosenbrockW, false)]
    [InlineData(OdeMethod.RungeKuttaChebyshev, true)]
    [InlineData(OdeMethod.DormandPrince45, false)]
    public void AdvanceTo_RepartitionsAndChangesFromOutside_SameCountsAndFiringsAtEveryStop(OdeMethod method, bool groupErrorScale)
    {
        var network = Network(CompartmentMode.Dynamic);
        var options = new SolverOptions
        {
            Kind = SolverKind.Hybrid, OdeMethod = method, OdeRelativeTolerance = 1e-3, OdeAbsoluteTolerance = 1,
            HybridSwitchMinimum = 12, OdeGroupErrorScale = groupErrorScale,
        };
        var keeping = new CompartmentSystem(network, options, RandomStream.Create(23, 2));
        var computing = new CompartmentSystem(network, options, RandomStream.Create(23, 2));
        ((HybridSolver)computing.Solver).KeepsUnchangedSignals = false;
        for (int stop = 1; stop <= 400; stop++)
        {
            foreach (var system in new[] { keeping, computing })
            {
                system.AdvanceTo(0.25 * stop);
                // Every 14 days a dose of ≈ 1.5 a day (against the drug's decay) for 1.75 days kills the clone from its
                // plateau near 40 below the exact regime's bound (6); without it, it regrows past the continuous one (12).
                if (stop % 56 == 0) system.SetParameter("dose", 1.5 * Math.Exp(0.25 * stop / 30));
                if (stop % 56 == 7) system.SetParameter("dose", 0.01 * (stop % 5));
                if (stop % 11 == 0) system.AddToCount("C", 500);
                if (stop % 13 == 0) system.AddToCount("X", 2);
            }
            Assert.Equal(computing.Counts.ToArray(), keeping.Counts.ToArray());
            Assert.Equal(computing.FiringCounts.ToArray(), keeping.FiringCounts.ToArray());
        }
        var solver = (HybridSolver)keeping.Solver;
        Assert.True(solver.Switches > 2, $"{solver.Switches} switches of regime");
        Assert.True(solver.EndSignalsReused > 20, $"{solver.EndSignalsReused} fits took the kept end values");
    }

    /// <summary>
    /// The continuous chain of <see cref="Network"/> with two exact clones X and Y, each born from C (a varying rate that reads
    /// neither clone), dividing under a signal that reads its own clone and a continuous compartment ("crowd": X and, through
    /// "support", C; "niche": Y and C) and dying at a constant rate (static). Both "crowd" and "niche" read an exact
    /// compartment and are computed again after every firing of either clone and at T by every fit; "support" is kept. A
    /// kept value of either exact-reading signal (one clone's firing does not change the other's signal) would have to be
    /// kept per fired transition: this network checks that the kept values and the computed ones give the same course when
    /// firings of two clones alternate inside one step.
    /// </summary>
    private static ReactionNetwork TwoClones(CompartmentMode xMode = CompartmentMode.Exact) => new ReactionNetworkBuilder()
        .Compartment("A", 10, CompartmentMode.Continuous).Compartment("B", 5000, CompartmentMode.Continuous)
        .Compartment("C", 0, CompartmentMode.Continuous).Compartment("X", 3, xMode).Compartment("Y", 2, CompartmentMode.Exact)
        .Parameter("feed", 100)
        .Transition("feed", t => t.Produces("A").MassAction("feed"))
        .Transition("a to b", t => t.Consumes("A").Produces("B").MassAction(0.2))
        .Transition("b to c", t => t.Consumes("B").Produces("C").MassAction(0.05))
        .Transition("c death", t => t.Consumes("C").MassAction(0.02))
        .Signal("support", static x => 1 / (1 + x.Count(0) / 5000), ["C"])
        .Signal("crowd", static x => x.Parameter(0) / (1 + x.Count(0) / 40), ["X"], ["support"])
        .Signal("niche", static x => 1 / (1 + x.Count(0) / 30 + x.Count(1) / 20000), ["Y", "C"])
        .Transition("x birth", t => t.Consumes("C").Produces("C").Produces("X").MassAction(2e-4).ModulatedBy("support"))
        .Transition("x division", t => t.Consumes("X").Produces("X", 2).MassAction(0.6).ModulatedBy("crowd"))
        .Transition("x death", t => t.Consumes("X").MassAction(0.1))
        .Transition("y birth", t => t.Consumes("C").Produces("C").Produces("Y").MassAction(1e-4))
        .Transition("y division", t => t.Consumes("Y").Produces("Y", 2).MassAction(0.5).ModulatedBy("niche"))
        .Transition("y death", t => t.Consumes("Y").MassAction(0.15))
        .Build();

    [Theory]
    [InlineData(OdeMethod.StiffnessSwitching)]
    [InlineData(OdeMethod.RosenbrockW)]
    [InlineData(OdeMethod.RungeKuttaChebyshev)]
    [InlineData(OdeMethod.DormandPrince45)]
    public void AdvanceTo_TwoClonesSignalsKeptOrComputed_SameCountsAndFiringsAtEveryStop(OdeMethod method)
    {
        var network = TwoClones();
        var keeping = KeptAndComputedAlike(network, method, 31, 4);
        long xDivisions = keeping.FiringCounts[network.TransitionIndex("x division")];
        long yDivisions = keeping.FiringCounts[network.TransitionIndex("y division")];
        Assert.True(xDivisions > 50 && yDivisions > 50, $"{xDivisions} divisions of X, {yDivisions} of Y");
        // A later fit after firings of one clone only puts the other clone's signal back although it reads an exact compartment.
        long exactReadingReused = ((HybridSolver)keeping.Solver).ExactReadingEndSignalsReused;
        Assert.True(exactReadingReused > 20, $"{exactReadingReused} exact-reading signals put back at a step's end");
    }

    /// <summary>
    /// The two clones of <see cref="TwoClones"/>, with X dynamic (it switches regimes: the partition changes; the caller cuts
    /// it back every 10 days) and the caller adding to Y's count at stops inside a step: the later fits of a step put back the exact-reading signals no firing
    /// since the step's first fit changed ("niche" while only X fires, "crowd" while only Y does), and must give the course
    /// computing them at every fit gives (<c>HybridSolver.KeepsSignalsNoFiringChanged</c> off), to the bit. Fails when a
    /// firing does not mark the signals it changes (a kept "crowd" after a division of X).
    /// </summary>
    [Theory]
    [InlineData(OdeMethod.StiffnessSwitching)]
    [InlineData(OdeMethod.RosenbrockW)]
    [InlineData(OdeMethod.RungeKuttaChebyshev)]
    [InlineData(OdeMethod.DormandPrince45)]
    public void AdvanceTo_ExactReadingSignalsNoFiringChangedPutBack_SameCountsAndFiringsAtEveryStop(OdeMethod method)
    {
        var network = TwoClones(CompartmentMode.Dynamic);
        var options = new SolverOptions
        {
            Kind = SolverKind.Hybrid, OdeMethod = method, OdeRelativeTolerance = 1e-3, OdeAbsoluteTolerance = 1, HybridSwitchMinimum = 30,
        };
        var putting = new CompartmentSystem(network, options, RandomStream.Create(41, 3));
        var computing = new CompartmentSystem(network, options, RandomStream.Create(41, 3));
        ((HybridSolver)computing.Solver).KeepsSignalsNoFiringChanged = false;
        for (int stop = 1; stop <= 400; stop++)
        {
            foreach (var system in new[] { putting, computing })
            {
                system.AdvanceTo(0.25 * stop);
                if (stop % 17 == 0) system.AddToCount("Y", 1);
                // Every 10 days the clone X is cut back to 3 cells (exact again) from its plateau (continuous above 30).
                if (stop % 40 == 0) system.SetCount("X", 3);
            }
            Assert.Equal(computing.Counts.ToArray(), putting.Counts.ToArray());
            Assert.Equal(computing.FiringCounts.ToArray(), putting.FiringCounts.ToArray());
        }
        var solver = (HybridSolver)putting.Solver;
        Assert.Equal(0, ((HybridSolver)computing.Solver).ExactReadingEndSignalsReused);
        Assert.True(solver.ExactReadingEndSignalsReused > 20, $"{solver.ExactReadingEndSignalsReused} exact-reading signals put back at a step's end");
        Assert.True(solver.Switches >= 2, $"{solver.Switches} switches of regime");
    }

    /// <summary>
    /// Deferred firings between the fits of one step (HybridSolver.Deferral.cs): a continuous pool T fed at 10⁵ a day and
    /// removed at 0.01·s·T, s = 1/(1 + D/20,000) ("targets") of an exact pool D of stem cells (immigration 40 a day): every
    /// firing of D changes s a little and is deferred (it keeps the step), and the varying hazard is fitted again after it.
    /// An exact clone X is born from T at a rate modulated by s, so s is a varying signal that reads an exact compartment;
    /// a later fit of a step must compute it again at the step's end after a deferred firing of D. Putting back the
    /// exact-reading signals no firing changed and computing them all must give the same course to the bit (fails when a
    /// deferred firing does not mark the signals it changes).
    /// </summary>
    [Theory]
    [InlineData(OdeMethod.StiffnessSwitching)]
    [InlineData(OdeMethod.RosenbrockW)]
    [InlineData(OdeMethod.DormandPrince45)]
    public void AdvanceTo_DeferredFiringsBetweenFits_SameCountsAndFiringsAtEveryStop(OdeMethod method)
    {
        var network = new ReactionNetworkBuilder()
            .Compartment("T", 4e6, CompartmentMode.Continuous).Compartment("D", 2000, CompartmentMode.Exact).Compartment("X", 0, CompartmentMode.Exact)
            .Parameter("feed", 1e5)
            .Signal("targets", static x => 1 / (1 + x.Count(0) / 2e4), ["D"])
            .Transition("feed", t => t.Produces("T").MassAction("feed"))
            .Transition("kill", t => t.Consumes("T").MassAction(0.01).ModulatedBy("targets"))
            .Transition("immigration", t => t.Produces("D").MassAction(40))
            .Transition("death", t => t.Consumes("D").MassAction(0.001))
            .Transition("clone birth", t => t.Consumes("T").Produces("T").Produces("X").MassAction(1.5e-6).ModulatedBy("targets"))
            .Build();
        var options = new SolverOptions
        {
            Kind = SolverKind.Hybrid, OdeMethod = method, OdeRelativeTolerance = 1e-3, OdeAbsoluteTolerance = 1, HybridDeferNegligibleRestarts = true,
        };
        var putting = new CompartmentSystem(network, options, RandomStream.Create(53, 1));
        var computing = new CompartmentSystem(network, options, RandomStream.Create(53, 1));
        ((HybridSolver)computing.Solver).KeepsSignalsNoFiringChanged = false;
        for (int stop = 1; stop <= 120; stop++)
        {
            putting.AdvanceTo(0.25 * stop);
            computing.AdvanceTo(0.25 * stop);
            Assert.Equal(computing.Counts.ToArray(), putting.Counts.ToArray());
            Assert.Equal(computing.FiringCounts.ToArray(), putting.FiringCounts.ToArray());
        }
        var solver = (HybridSolver)putting.Solver;
        Assert.True(solver.DeferredFirings > 500, $"{solver.DeferredFirings} deferred firings");
        Assert.True(solver.EndSignalsReused > 100, $"{solver.EndSignalsReused} later fits");
        Assert.True(putting.FiringCounts[network.TransitionIndex("clone birth")] > 20, "clone births");
    }

    /// <summary>
    /// Runs <paramref name="network"/> twice from the same seed, once keeping the unchanged signals and once computing every
    /// signal, to day 100 in quarter-day stops; requires the same counts and firings at every stop, no kept value taken by
    /// the computing run and more than 20 taken by the keeping run, and returns the keeping run.
    /// </summary>
    private static CompartmentSystem KeptAndComputedAlike(ReactionNetwork network, OdeMethod method, ulong seed, ulong stream)
    {
        var options = new SolverOptions { Kind = SolverKind.Hybrid, OdeMethod = method, OdeRelativeTolerance = 1e-3, OdeAbsoluteTolerance = 1 };
        var keeping = new CompartmentSystem(network, options, RandomStream.Create(seed, stream));
        var computing = new CompartmentSystem(network, options, RandomStream.Create(seed, stream));
        ((HybridSolver)computing.Solver).KeepsUnchangedSignals = false;
        for (int stop = 1; stop <= 400; stop++)
        {
            keeping.AdvanceTo(0.25 * stop);
            computing.AdvanceTo(0.25 * stop);
            Assert.Equal(computing.Counts.ToArray(), keeping.Counts.ToArray());
            Assert.Equal(computing.FiringCounts.ToArray(), keeping.FiringCounts.ToArray());
        }
        Assert.Equal(0, ((HybridSolver)computing.Solver).EndSignalsReused);
        long reused = ((HybridSolver)keeping.Solver).EndSignalsReused;
        Assert.True(reused > 20, $"{reused} fits took the kept end values");
        return keeping;
    }
}
