using Reconstitution.Compartments;
using Reconstitution.Compartments.Solvers;
using Reconstitution.Outcomes;
using Reconstitution.Physiology;
using Reconstitution.Protocols;
using Reconstitution.Randomness;

namespace Reconstitution.Tests.Compartments;

/// <summary>
/// The hybrid solver leaves some continuous counts unwritten on purpose: after a step the call goes on from, all but the
/// ones it reads itself before the next step; at a stop, the ones no reader declared. Every path that then reads such a
/// count must write it first (a switch to exact treatment, a restart, a reader's request). A forgotten write is hard to
/// see from outside: the unwritten counts hold a right-hand-side evaluation's values, and these integrators evaluate last
/// at or near the step's end. So these tests set the unwritten counts to NaN (<c>HybridSolver.PoisonsUnwrittenCounts</c>)
/// and require the same counts, firings and readouts, to the bit, as the same run without it: a forgotten write then
/// reads NaN, which spreads into every later count.
/// </summary>
public class UnwrittenCountsTests
{
    [Theory]
    [InlineData(OdeMethod.RungeKuttaChebyshev)]
    [InlineData(OdeMethod.RosenbrockW)]
    [InlineData(OdeMethod.StiffnessSwitching)]
    public void AdvanceTo_DynamicPoolFallsBetweenStops_SwitchStartsFromEveryCountAtTheStepEnd(OdeMethod method)
    {
        // Within one 20-day call the dynamic pool falls below the exact threshold (10⁵·e^(−t) < 500 from t ≈ 5.3 d) after
        // a step that wrote back only what the solver reads itself (Dying); the new partition starts from every count, so
        // Blood must be written from the step's end first (HybridRefreshTests checks the value against e^(−0.1t)).
        var network = new ReactionNetworkBuilder()
            .Compartment("Dying", 1e5).Compartment("Blood", 1e6, CompartmentMode.Continuous)
            .Compartment("Bystander", 1e4, CompartmentMode.Continuous)
            .Transition("dying death", t => t.Consumes("Dying").MassAction(1))
            .Transition("blood death", t => t.Consumes("Blood").MassAction(0.1))
            .Transition("bystander turnover", t => t.Consumes("Bystander").Produces("Bystander", 2).MassAction(0.01))
            .Build();
        var options = new SolverOptions { Kind = SolverKind.Hybrid, OdeMethod = method };
        var poisoned = new CompartmentSystem(network, options, RandomStream.Create(11));
        var plain = new CompartmentSystem(network, options, RandomStream.Create(11));
        ((HybridSolver)poisoned.Solver).PoisonsUnwrittenCounts = true;
        poisoned.AdvanceTo(20);
        plain.AdvanceTo(20);
        var solver = (HybridSolver)poisoned.Solver;
        Assert.Equal(1, solver.Switches);
        Assert.False(solver.IsContinuous(0));
        Assert.Equal(Bits(plain.Counts), Bits(poisoned.Counts));
        poisoned.AdvanceTo(30);
        plain.AdvanceTo(30);
        Assert.Equal(Bits(plain.Counts), Bits(poisoned.Counts));
        Assert.All(poisoned.Counts.ToArray(), count => Assert.True(double.IsFinite(count)));
    }

    [Fact]
    public void AdvanceTo_DeclaredReaderAndFiringsInsideSteps_SameCountsAndFiringsAsWithoutPoison()
    {
        // PartialPublicationTests' chain: a clone born at a rate read from a continuous count (the solver reads it between
        // stops), a dynamic pool that turns exact inside a step, a declared reader, stops every 0.05 day; plus a change
        // right after a stop with counts left unwritten, which restarts the integrator from every count.
        for (ulong seed = 0; seed < 3; seed++)
        {
            var network = PartialPublicationTests.Chain();
            var options = new SolverOptions { Kind = SolverKind.Hybrid, OdeMethod = OdeMethod.StiffnessSwitching, HybridSwitchMinimum = 200 };
            var poisoned = new CompartmentSystem(network, options, RandomStream.Create(11, seed));
            var plain = new CompartmentSystem(network, options, RandomStream.Create(11, seed));
            var observed = new bool[network.Compartments.Count];
            observed[network.CompartmentIndex("A")] = true;
            poisoned.DeclareObserved(observed);
            plain.DeclareObserved(observed);
            ((HybridSolver)poisoned.Solver).PoisonsUnwrittenCounts = true;
            for (int stop = 1; stop <= 800; stop++)
            {
                poisoned.AdvanceTo(0.05 * stop);
                plain.AdvanceTo(0.05 * stop);
                Assert.Equal(Bits(plain.ObservedCounts[..1]), Bits(poisoned.ObservedCounts[..1]));
                if (stop == 410)
                    foreach (var system in new[] { poisoned, plain }) system.SetParameter("ab", 0.3);
            }
            Assert.Equal(plain.FiringCounts.ToArray(), poisoned.FiringCounts.ToArray());
            Assert.Equal(Bits(plain.Counts), Bits(poisoned.Counts));
            Assert.True(((HybridSolver)poisoned.Solver).Switches > 0);
        }
    }

    [Theory]
    [InlineData("auto-cy-atg")]
    [InlineData("allo-pbsc-mac")]
    [InlineData("ric-flu-bu-atg")]
    public void Run_PatientCourse_SameTrajectoryAndOutcomeAsWithoutPoison(string protocolName)
    {
        // A whole patient: conditioning, infusion, switches of dynamic compartments, firings inside steps, the daily
        // readouts (a declared reader) and the protocol's changes to counts and parameters.
        var protocol = BuiltInProtocols.Get(protocolName);
        var covariates = new PatientCovariates { Disease = AutoimmuneDisease.MultipleSclerosis };
        var options = new PatientSimulationOptions { Days = 150 };
        PatientCourse Course(bool poison)
        {
            var run = PatientSimulation.Start(PatientSimulation.Draw(covariates, 5, 2, options), protocol, 5, 2, options);
            ((HybridSolver)run.Person.System.Solver).PoisonsUnwrittenCounts = poison;
            run.Simulation.Run(run.StopTime);
            return PatientSimulation.Finish(run);
        }
        var poisoned = Course(true);
        var plain = Course(false);
        Assert.Equal(plain.Trajectory.Days.ToArray(), poisoned.Trajectory.Days.ToArray());
        foreach (var m in Enum.GetValues<Measure>())
            Assert.Equal(Bits(plain.Trajectory.Values(m)), Bits(poisoned.Trajectory.Values(m)));
        Assert.Equal(plain.Outcome, poisoned.Outcome);
        Assert.Equal(plain.Events, poisoned.Events);
    }

    /// <summary>The values' bit patterns (Equals would take −0 for +0).</summary>
    private static long[] Bits(ReadOnlySpan<double> values)
    {
        var bits = new long[values.Length];
        for (int i = 0; i < values.Length; i++) bits[i] = BitConverter.DoubleToInt64Bits(values[i]);
        return bits;
    }
}
