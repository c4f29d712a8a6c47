using Reconstitution.Compartments;
using Reconstitution.Randomness;

namespace Reconstitution.Tests.Compartments;

public class CompartmentSystemTests
{
    private static ReactionNetwork ImmigrationDeath(double k = 100, double d = 1, double x0 = 100) => new ReactionNetworkBuilder()
        .Compartment("X", x0)
        .Parameter("k", k).Parameter("d", d)
        .Transition("immigration", t => t.Produces("X").MassAction("k"))
        .Transition("death", t => t.Consumes("X").MassAction("d"))
        .Build();

    [Fact]
    public void SetParameter_AtEventTime_RatesChangeFromThatTimeOn()
    {
        // Theory: for immigration–death the law at time t is Poisson(m(t)) when it starts
        // Poisson, with m' = k − d·m. Started at 100 and run 20 days at k = 100 (the binomial
        // remnant of the start is 100e^(−20), negligible), k switches to 300 at t = 20; at 20.5,
        // m = 300 − 200e^(−0.5) ≈ 178.7 and the variance equals the mean. Tolerance 4 SE.
        const int replicates = 1000;
        var network = ImmigrationDeath();
        var values = new double[replicates];
        int k = network.ParameterIndex("k");
        for (int r = 0; r < replicates; r++)
        {
            var system = new CompartmentSystem(network, RandomStream.Create(31, (ulong)r));
            system.AdvanceTo(20);
            system.SetParameter(k, 300);
            system.AdvanceTo(20.5);
            values[r] = system.GetCount("X");
        }
        double m = 300 - 200 * Math.Exp(-0.5);
        var moments = SampleMoments.Of(values);
        double meanTolerance = 4 * Math.Sqrt(m / replicates);
        double varianceTolerance = 4 * SampleMoments.VarianceStandardError(m * (1 + 3 * m), m, replicates);
        Assert.InRange(moments.Mean, m - meanTolerance, m + meanTolerance);
        Assert.InRange(moments.Variance, m - varianceTolerance, m + varianceTolerance);
    }

    [Fact]
    public void AddToCount_Infusion_IsSeenImmediatelyAndDecays()
    {
        var system = new CompartmentSystem(ImmigrationDeath(k: 0, d: 0.1, x0: 0), RandomStream.Create(5));
        system.AdvanceTo(3);
        system.AddToCount("X", 1000);
        Assert.Equal(1000, system.GetCount("X"));
        system.AdvanceTo(13);
        // Binomial(1000, e^(−1)): mean 367.9, SD 15.2; 5 SD band.
        Assert.InRange(system.GetCount("X"), 367.9 - 76, 367.9 + 76);
    }

    [Fact]
    public void Observe_FineGridVersusOneAdvance_GivesTheSamePath()
    {
        // The pending waiting time is carried across calls, so observing does not perturb the path.
        var network = ImmigrationDeath();
        var observed = new CompartmentSystem(network, RandomStream.Create(9));
        var grid = Enumerable.Range(1, 1000).Select(i => i * 0.01).ToArray();
        var trajectory = observed.Observe(grid);
        var direct = new CompartmentSystem(network, RandomStream.Create(9));
        direct.AdvanceTo(10);
        Assert.Equal(direct.GetCount("X"), trajectory.Values("X")[^1]);
        Assert.Equal(direct.TotalFirings, observed.TotalFirings);
    }

    [Fact]
    public void Observe_Grid_FillsStructOfArraysTrajectory()
    {
        var network = new ReactionNetworkBuilder()
            .Compartment("A", 50).Compartment("B", 0).Parameter("k", 1)
            .Transition("A to B", t => t.Consumes("A").Produces("B").MassAction("k"))
            .Build();
        var system = new CompartmentSystem(network, RandomStream.Create(1));
        var trajectory = system.Observe([0, 0.5, 1, 2, 8]);
        Assert.Equal(5, trajectory.Count);
        Assert.Equal([0, 0.5, 1, 2, 8], trajectory.TimesDays.ToArray());
        Assert.Equal(["A", "B"], trajectory.CompartmentNames);
        Assert.Equal(50, trajectory[0, 0]);
        for (int i = 0; i < trajectory.Count; i++) Assert.Equal(50, trajectory.Values("A")[i] + trajectory.Values(1)[i]);
        Assert.True(trajectory.Values("A")[4] < 50);
        Assert.Throws<ArgumentException>(() => trajectory.Values("C"));
    }

    [Fact]
    public void Observe_DecreasingGrid_Throws()
    {
        var system = new CompartmentSystem(ImmigrationDeath(), RandomStream.Create(1));
        Assert.Throws<ArgumentException>(() => system.Observe([1, 2, 1.5]));
        system.AdvanceTo(3);
        Assert.Throws<ArgumentException>(() => system.Observe([2]));
    }

    [Fact]
    public void CreateRecorder_RecordsOnDemand()
    {
        var system = new CompartmentSystem(ImmigrationDeath(), RandomStream.Create(1));
        var recorder = system.CreateRecorder(1);
        for (int day = 0; day <= 10; day++)
        {
            system.AdvanceTo(day);
            recorder.Record();
        }
        var trajectory = recorder.ToTrajectory();
        Assert.Equal(11, trajectory.Count);
        Assert.Equal(10, trajectory.TimesDays[10]);
        Assert.Equal(system.GetCount("X"), trajectory.Values("X")[10]);
    }

    [Fact]
    public void FiringLog_OnlyWhenAsked_RecordsEveryFiring()
    {
        var network = ImmigrationDeath();
        var quiet = new CompartmentSystem(network, RandomStream.Create(2));
        quiet.AdvanceTo(1);
        Assert.Null(quiet.FiringLog);

        var logged = new CompartmentSystem(network, new SolverOptions { RecordFirings = true }, RandomStream.Create(2));
        logged.AdvanceTo(1);
        var log = logged.FiringLog!;
        Assert.Equal(logged.TotalFirings, log.Count);
        Assert.Equal(quiet.TotalFirings, logged.TotalFirings);
        for (int i = 1; i < log.Count; i++) Assert.True(log.TimesDays[i] >= log.TimesDays[i - 1]);
        Assert.Equal(logged.FiringCount("death"), log.Transitions.ToArray().Count(j => j == 1));
    }

    [Fact]
    public void SolverKind_Exact_ResolvesByNetworkSize()
    {
        Assert.Equal(SolverKind.Direct, new CompartmentSystem(ImmigrationDeath(), RandomStream.Create(1)).SolverKind);
        var builder = new ReactionNetworkBuilder().Compartment("X", 1);
        for (int i = 0; i < 40; i++) builder.Transition($"t{i}", t => t.Produces("X").MassAction(1.0));
        Assert.Equal(SolverKind.SortingDirect, new CompartmentSystem(builder.Build(), RandomStream.Create(1)).SolverKind);
        for (int i = 40; i < 300; i++) builder.Transition($"t{i}", t => t.Produces("X").MassAction(1.0));
        Assert.Equal(SolverKind.CompositionRejection, new CompartmentSystem(builder.Build(), RandomStream.Create(1)).SolverKind);
    }

    [Fact]
    public void GetAndSet_ByNameAndIndex_Agree()
    {
        var system = new CompartmentSystem(ImmigrationDeath(), RandomStream.Create(1));
        int x = system.CompartmentIndex("X"), d = system.ParameterIndex("d");
        system.SetCount("X", 42);
        Assert.Equal(42, system.GetCount(x));
        system.SetParameter(d, 2.5);
        Assert.Equal(2.5, system.GetParameter("d"));
        system.SetCounts([7]);
        Assert.Equal(7, system.Counts[0]);
    }

    [Fact]
    public void SetParameter_NegativeRate_ThrowsNamingParameterAndTransition()
    {
        var system = new CompartmentSystem(ImmigrationDeath(), RandomStream.Create(1));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => system.SetParameter("d", -1));
        Assert.Contains("d (rate constant of transition 'death')", e.Message);
        Assert.Throws<ArgumentException>(() => system.SetParameter("nope", 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => system.SetParameter(5, 1));
    }

    [Fact]
    public void SetCount_BadInput_Throws()
    {
        var system = new CompartmentSystem(ImmigrationDeath(), RandomStream.Create(1));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => system.SetCount("X", -3));
        Assert.Contains("X", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => system.SetCount("X", double.NaN));
        Assert.Throws<ArgumentException>(() => system.SetCount("Y", 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => system.AddToCount("X", -1000));
        var dims = Assert.Throws<ArgumentException>(() => system.SetCounts([1, 2]));
        Assert.Contains("Expected 1 counts", dims.Message);
    }

    [Fact]
    public void SetCount_InvalidCount_MessageNamesTheCompartment()
    {
        var system = new CompartmentSystem(ImmigrationDeath(), RandomStream.Create(1));
        foreach (double bad in new[] { -3, double.NaN, double.PositiveInfinity, double.NegativeInfinity })
        {
            Assert.Contains("count of compartment X", Assert.Throws<ArgumentOutOfRangeException>(() => system.SetCount(0, bad)).Message);
            Assert.Contains("count of compartment X", Assert.Throws<ArgumentOutOfRangeException>(() => system.SetCounts([bad])).Message);
        }
        Assert.Equal(0, system.CountsVersion); // nothing was set
    }

    [Fact]
    public void SetCount_ValidCount_AllocatesNothing()
    {
        // A conditioning dose sets ≈ 150 counts; the message naming the compartment is built only when a count is invalid.
        var system = new CompartmentSystem(ImmigrationDeath(), RandomStream.Create(1));
        system.SetCount(0, 1);
        system.SetCounts([2]);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            system.SetCount(0, i);
            system.SetCounts([i + 1.0]);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(1000, system.GetCount(0));
    }

    [Fact]
    public void AdvanceTo_Backwards_Throws()
    {
        var system = new CompartmentSystem(ImmigrationDeath(), RandomStream.Create(1));
        system.AdvanceTo(5);
        Assert.Throws<ArgumentOutOfRangeException>(() => system.AdvanceTo(4));
        Assert.Throws<ArgumentOutOfRangeException>(() => system.AdvanceTo(double.NaN));
        system.AdvanceTo(5); // same time: nothing to do
        Assert.Equal(5, system.TimeDays);
    }

    [Fact]
    public void AdvanceTo_PropensityTurningNaN_StopsWithTransitionAndTime()
    {
        // The rate is fine until X exceeds 5, then NaN: the run must stop there, not continue.
        var network = new ReactionNetworkBuilder()
            .Compartment("X", 0)
            .Transition("flaky immigration", t => t.Produces("X").Rate(static r => r.Count(0) > 5 ? double.NaN : 1.0, ["X"]))
            .Build();
        var system = new CompartmentSystem(network, RandomStream.Create(3));
        var e = Assert.Throws<PropensityException>(() => system.AdvanceTo(1000));
        Assert.Equal("flaky immigration", e.TransitionName);
        Assert.True(e.TimeDays > 0 && e.TimeDays < 1000);
        Assert.Contains("NaN", e.Message);
        Assert.Contains("'flaky immigration'", e.Message);
        Assert.Equal(6, system.GetCount("X"));
        Assert.Equal(e.TimeDays, system.TimeDays);
    }

    [Theory]
    [InlineData(-1.0, "negative")]
    [InlineData(0.0, "infinite")]
    public void AdvanceTo_InvalidCustomPropensity_Throws(double value, string word)
    {
        var network = new ReactionNetworkBuilder()
            .Compartment("X", 1)
            .Parameter("v", 1)
            .Transition("bad", t => t.Produces("X").Rate(static r => 1 / r.Parameter(0), [], ["v"]))
            .Build();
        var system = new CompartmentSystem(network, RandomStream.Create(3));
        system.AdvanceTo(1);
        system.SetParameter("v", value);
        var e = Assert.Throws<PropensityException>(() => system.AdvanceTo(2));
        Assert.Contains(word, e.Message);
        Assert.Equal(1, e.TimeDays);
    }

    [Fact]
    public void AdvanceTo_CustomRatePositiveWithoutReactants_ThrowsInsteadOfGoingNegative()
    {
        var network = new ReactionNetworkBuilder()
            .Compartment("X", 2)
            .Transition("leaky death", t => t.Consumes("X").Rate(static r => 1.0, ["X"]))
            .Build();
        var system = new CompartmentSystem(network, RandomStream.Create(3));
        var e = Assert.Throws<PropensityException>(() => system.AdvanceTo(1000));
        Assert.Equal("leaky death", e.TransitionName);
        Assert.Contains("reactants", e.Message);
        Assert.Equal(0, system.GetCount("X"));
    }

    [Fact]
    public void AdvanceTo_TimeDependentRateTurningNaN_StopsWithTransitionAndTime()
    {
        var network = new ReactionNetworkBuilder()
            .Compartment("X", 10)
            .Transition("drug kill", t => t.Consumes("X").Rate(static r => r.TimeDays > 3 ? double.NaN : 0.01 * r.Count(0), ["X"], timeDependent: true))
            .Build();
        var system = new CompartmentSystem(network, RandomStream.Create(3));
        var e = Assert.Throws<PropensityException>(() => system.AdvanceTo(10));
        Assert.Equal("drug kill", e.TransitionName);
        Assert.InRange(e.TimeDays, 3, 10);
    }
}
