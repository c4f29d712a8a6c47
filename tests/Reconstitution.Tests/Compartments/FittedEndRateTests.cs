using Reconstitution.Compartments;
using Reconstitution.Compartments.Solvers;
using Reconstitution.Randomness;

namespace Reconstitution.Tests.Compartments;

/// <summary>
/// After a hazard-only firing inside a step the hybrid solver fits the varying hazard rate by a quadratic through its values
/// at the firing, the midpoint and the step's end; leaving the fit at the next step's start it takes the fit's rate at the
/// step's end instead of evaluating the rate on the integrator's Y there, when the dense output at the step's end is Y to
/// the bit (a cubic Hermite step). The course must be the one evaluating the rate again gives, to the bit.
/// </summary>
public class FittedEndRateTests
{
    /// <summary>
    /// A continuous chain A → B → C fed at 100 per day; an exact clone X born at a rate read from C and dividing at a rate
    /// read from C and X and modulated by a signal of C (both varying discrete transitions; the signal is one the reuse
    /// leaves to the next evaluation), dying at 0.1 per day. A birth or a division changes only X,
    /// which only the varying transitions read besides X's death (a static one): hazard-only firings, many per step.
    /// </summary>
    private static ReactionNetwork Network() => new ReactionNetworkBuilder()
        .Compartment("A", 10, CompartmentMode.Continuous).Compartment("B", 5000, CompartmentMode.Continuous)
        .Compartment("C", 0, CompartmentMode.Continuous).Compartment("X", 3, CompartmentMode.Exact)
        .Parameter("feed", 100)
        .Transition("feed", t => t.Produces("A").MassAction("feed"))
        .Transition("a to b", t => t.Consumes("A").Produces("B").MassAction(0.2))
        .Transition("b to c", t => t.Consumes("B").Produces("C").MassAction(0.05))
        .Transition("c death", t => t.Consumes("C").MassAction(0.02))
        .Transition("x birth", t => t.Consumes("C").Produces("C").Produces("X").MassAction(2e-4))
        .Signal("niche", static x => 1 / (1 + x.Count(0) / 5000), ["C"])
        .Transition("x division", t => t.Consumes("X").Consumes("C").Produces("C").Produces("X", 2).MassAction(4e-5).ModulatedBy("niche"))
        .Transition("x death", t => t.Consumes("X").MassAction(0.1))
        .Build();

    [Theory]
    [InlineData(OdeMethod.StiffnessSwitching, true)]
    [InlineData(OdeMethod.RosenbrockW, true)]
    [InlineData(OdeMethod.RungeKuttaChebyshev, true)]
    [InlineData(OdeMethod.DormandPrince45, false)]
    public void AdvanceTo_FittedEndRateTakenOrEvaluated_SameCountsAndFiringsAtEveryStop(OdeMethod method, bool reuses)
    {
        var network = Network();
        var options = new SolverOptions { Kind = SolverKind.Hybrid, OdeMethod = method, OdeRelativeTolerance = 1e-3, OdeAbsoluteTolerance = 1 };
        var reusing = new CompartmentSystem(network, options, RandomStream.Create(11, 4));
        var evaluating = new CompartmentSystem(network, options, RandomStream.Create(11, 4));
        ((HybridSolver)evaluating.Solver).ReusesFittedEndRate = false;
        for (int stop = 1; stop <= 400; stop++)
        {
            reusing.AdvanceTo(0.25 * stop);
            evaluating.AdvanceTo(0.25 * stop);
            Assert.Equal(evaluating.Counts.ToArray(), reusing.Counts.ToArray());
            Assert.Equal(evaluating.FiringCounts.ToArray(), reusing.FiringCounts.ToArray());
        }
        var solver = (HybridSolver)reusing.Solver;
        long divisions = reusing.FiringCounts[network.TransitionIndex("x division")];
        // Hazard-only firings happened inside steps, and the fit's end rate was taken (Hermite steps) or never (Dormand–Prince).
        Assert.True(divisions > 20, $"{divisions} divisions");
        Assert.Equal(0, ((HybridSolver)evaluating.Solver).FittedEndRatesReused);
        if (reuses) Assert.True(solver.FittedEndRatesReused > 10, $"{solver.FittedEndRatesReused} reused");
        else Assert.Equal(0, solver.FittedEndRatesReused);
    }
}
