using Reconstitution.Compartments;
using Reconstitution.Compartments.Solvers;
using Reconstitution.Randomness;
using Xunit;

namespace Reconstitution.Tests.Compartments;

public class ToleranceGroupTests
{
    /// <summary>A donor population growing from 5·10⁸ towards its steady state of 10⁹ cells and the host's of the same type dying out from 10⁵.</summary>
    private static ReactionNetwork DonorAndHost() => new ReactionNetworkBuilder()
        .Compartment("dX", 5e8, CompartmentMode.Continuous).Compartment("hX", 1e5, CompartmentMode.Continuous)
        .Transition("dX.in", t => t.Produces("dX").MassAction(1e8))
        .Transition("dX.death", t => t.Consumes("dX").MassAction(0.1))
        .Transition("hX.death", t => t.Consumes("hX").MassAction(0.2))
        .Build();

    private static (long Evaluations, double[] Counts) Run(int[]? groups, bool groupScale = true)
    {
        var options = new SolverOptions { Kind = SolverKind.Hybrid, OdeMethod = OdeMethod.RungeKuttaChebyshev, OdeRelativeTolerance = 1e-3, OdeAbsoluteTolerance = 1, OdeGroupErrorScale = groupScale };
        var system = new CompartmentSystem(DonorAndHost(), options, RandomStream.Create(5));
        if (groups is not null) system.DeclareToleranceGroups(groups);
        system.AdvanceTo(100);
        return (((HybridSolver)system.Solver).Integrator.Evaluations, system.Counts.ToArray());
    }

    [Fact]
    public void DeclareToleranceGroups_HostDyingOutBesideDonor_FewerEvaluationsAndTheDonorUnchanged()
    {
        var plain = Run(null);
        var grouped = Run([0, 0]);
        Assert.True(grouped.Evaluations < 0.7 * plain.Evaluations, $"evaluations {grouped.Evaluations} grouped, {plain.Evaluations} not");
        // The growing donor keeps its own scale: within a few relative tolerances of its exact course 10⁹ − 5·10⁸·e^(−0.1 t)
        // (a global error of a few local tolerances over the ≈ 10 steps of a time constant). The host, measured against the
        // group's total while it shrinks, still dies out: below 1 cell by day 100 (exactly 10⁵·e^(−20) ≈ 2·10⁻⁴).
        double donor = 1e9 - 5e8 * Math.Exp(-10);
        Assert.InRange(Math.Abs(grouped.Counts[0] - donor) / donor, 0, 5e-3);
        Assert.InRange(grouped.Counts[1], 0, 1);
    }

    [Fact]
    public void DeclareToleranceGroups_OptionOffOrGroupsOfOne_SameCourseToTheBit()
    {
        var plain = Run(null);
        foreach (var other in new[] { Run([0, 0], groupScale: false), Run([0, 1]), Run([-1, -1]) })
        {
            Assert.Equal(plain.Evaluations, other.Evaluations);
            Assert.Equal(plain.Counts, other.Counts);
        }
    }

    [Fact]
    public void DeclareToleranceGroups_WrongLengthOrBadGroup_ThrowsNamingTheArgument()
    {
        var system = new CompartmentSystem(DonorAndHost(), new SolverOptions { Kind = SolverKind.Hybrid }, RandomStream.Create(5));
        Assert.Equal("groupOf", Assert.Throws<ArgumentException>(() => system.DeclareToleranceGroups([0])).ParamName);
        Assert.Equal("groupOf", Assert.Throws<ArgumentOutOfRangeException>(() => system.DeclareToleranceGroups([0, -2])).ParamName);
    }
}
