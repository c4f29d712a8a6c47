using FsCheck;
using FsCheck.Fluent;
using Reconstitution.Compartments;
using Reconstitution.Compartments.Solvers;
using Reconstitution.Randomness;

namespace Reconstitution.Tests.Compartments;

/// <summary>
/// The direct method runs a loop compiled for the network (<see cref="DirectMethodCompiler"/>) where it can. That loop
/// must do the same floating-point operations in the same order as the array-driven loop, so the two give the same path
/// bit for bit: same counts, same firing counts, same generator state (checked through every later firing). Any
/// difference is a bug, not noise; so the statistical tests of the exact SSA, which run the generated loop by default,
/// also hold for the array-driven one.
/// </summary>
public class ExactSsaGeneratedLoopTests
{
    public static TheoryData<string> Networks =>
        ["immigration-death", "stem-cell chain", "second order and dimers", "signal and custom rate", "weighted Hill factors"];

    [Theory]
    [MemberData(nameof(Networks))]
    public void AdvanceTo_GeneratedAndArrayLoops_GiveIdenticalPaths(string name)
    {
        var network = Build(name);
        Assert.NotNull(DirectMethodCompiler.For(network.Compiled, [.. network.Compiled.InitialParameters]).Run);
        var pair = new Pair(network, 17);
        // Several advances with kernel-style changes in between: a count, a rate, and (where there is one) a Hill
        // coefficient moved off the integers the code was specialised for and back.
        int n = network.Compiled.FindParameter("n");
        foreach (double end in new[] { 0.5, 3.0, 3.0, 6.0, 9.0, 20.0, 60.0 })
        {
            pair.AdvanceTo(end);
            Assert.Equal(pair.Arrays.Counts, pair.Generated.Counts);
            Assert.Equal(pair.Arrays.FiringCounts, pair.Generated.FiringCounts);
            Assert.True(pair.SameClocks(), $"a₀, the carried hazard or a propensity differs at day {end}");
            pair.Change(state =>
            {
                state.Counts[0] += 7;
                state.Parameters[0] *= 1.01;
                if (n >= 0) state.Parameters[n] = end < 5 ? 2.5 : 2;
            });
        }
        Assert.True(pair.Generated.FiringCounts.Sum() > 10_000, $"only {pair.Generated.FiringCounts.Sum()} firings: the comparison would be weak");
    }

    public sealed record Spec(int Compartments, int Transitions, int Seed);

    [Fact]
    public void AdvanceTo_RandomMassActionNetworks_GeneratedLoopFollowsTheArrayLoopBitForBit()
    {
        var specs = Arb.From(
            from c in Gen.Choose(1, 4)
            from t in Gen.Choose(1, 12)
            from seed in Gen.Choose(0, int.MaxValue)
            select new Spec(c, t, seed));
        Prop.ForAll(specs, spec =>
        {
            var pair = new Pair(Random(spec), (ulong)spec.Seed);
            foreach (double end in new[] { 1.0, 2.5, 4.0 })
            {
                pair.AdvanceTo(end);
                if (!pair.Generated.Counts.SequenceEqual(pair.Arrays.Counts) || !pair.Generated.FiringCounts.SequenceEqual(pair.Arrays.FiringCounts)
                    || !pair.SameClocks())
                    return false;
            }
            return true;
        }).CheckThrowOnFailure();
    }

    /// <summary>One network simulated by the direct method with and without the generated loop, from the same seed.</summary>
    private sealed class Pair
    {
        private readonly ExactSolver<DirectSelector> _generated, _arrays;

        public Pair(ReactionNetwork network, ulong seed)
        {
            Generated = new CompartmentState(network.Compiled, recordFirings: false);
            Arrays = new CompartmentState(network.Compiled, recordFirings: false);
            _generated = new ExactSolver<DirectSelector>(network.Compiled, new SolverOptions(), RandomStream.Create(seed, 3));
            _arrays = new ExactSolver<DirectSelector>(network.Compiled, new SolverOptions { GenerateCode = false }, RandomStream.Create(seed, 3));
        }

        public CompartmentState Generated { get; }
        public CompartmentState Arrays { get; }

        public void AdvanceTo(double end)
        {
            _generated.AdvanceTo(Generated, end);
            _arrays.AdvanceTo(Arrays, end);
        }

        /// <summary>Applies the same change to both states, as a kernel event would, and invalidates both solvers.</summary>
        public void Change(Action<CompartmentState> change)
        {
            change(Generated);
            change(Arrays);
            _generated.Invalidate();
            _arrays.Invalidate();
        }

        /// <summary>a₀, the carried hazard and every propensity are the same doubles: the sensitive test of "same arithmetic".</summary>
        public bool SameClocks() => _generated.Clock.Equals(_arrays.Clock) && _generated.Propensities.SequenceEqual(_arrays.Propensities);
    }

    [Fact]
    public void For_NonIntegerHillCoefficientOnEveryPath_GeneratesNothingUntilItChanges()
    {
        var network = NonIntegerHill();
        double[] parameters = [.. network.Compiled.InitialParameters];
        var none = DirectMethodCompiler.For(network.Compiled, parameters);
        Assert.Null(none.Run);
        Assert.True(none.Holds(parameters));
        parameters[network.Compiled.FindParameter("n")] = 2;
        Assert.False(none.Holds(parameters));
        var code = DirectMethodCompiler.For(network.Compiled, parameters);
        Assert.NotNull(code.Run);
        Assert.True(code.Holds(parameters));
        parameters[network.Compiled.FindParameter("n")] = 3;
        Assert.False(code.Holds(parameters));
    }

    [Theory]
    [InlineData("stem-cell chain")]
    [InlineData("nothing generated")]
    public void AdvanceTo_GeneratedLoopOrNone_AllocatesNothingPerFiringOrAdvance(string name)
    {
        var network = name == "nothing generated" ? NonIntegerHill() : Build(name);
        var system = new CompartmentSystem(network, new SolverOptions { Kind = SolverKind.Direct }, RandomStream.Create(12));
        system.AdvanceTo(5); // warm up: compiles the loop (or finds there is none to compile)
        long firingsBefore = system.TotalFirings;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int day = 6; day <= 40; day++) system.AdvanceTo(day);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(system.TotalFirings - firingsBefore > 10_000);
        Assert.Equal(0, allocated);
    }

    /// <summary>Every transition re-evaluates the renewal, whose Hill coefficient 1.5 needs Math.Pow: nothing to generate.</summary>
    private static ReactionNetwork NonIntegerHill() => new ReactionNetworkBuilder()
        .Compartment("S", 100).Parameter("K", 100).Parameter("n", 1.5)
        .Transition("supply", t => t.Produces("S").MassAction(500))
        .Transition("renewal", t => t.Consumes("S").Produces("S", 2).MassAction(1).RepressedBy("S", "K", "n"))
        .Transition("death", t => t.Consumes("S").MassAction(1.5))
        .Build();

    /// <summary>
    /// Immigration and death in every compartment (so counts stay bounded), plus random conversions, bindings (distinct
    /// second order), dimerisations (same second order), trimerisations (general mass action) and Hill-repressed renewals
    /// with coefficients 1–4 or 1.5 (the last not generated, so those transitions go to the general code).
    /// </summary>
    private static ReactionNetwork Random(Spec spec)
    {
        var rng = RandomStream.Create((ulong)spec.Seed, 41);
        var builder = new ReactionNetworkBuilder();
        string C(int i) => $"C{i}";
        for (int i = 0; i < spec.Compartments; i++)
        {
            builder.Compartment(C(i), rng.Next(0, 50));
            double immigration = 10 + 90 * rng.NextDouble(), death = 0.5 + rng.NextDouble();
            builder.Transition($"in {i}", t => t.Produces(C(i)).MassAction(immigration));
            builder.Transition($"out {i}", t => t.Consumes(C(i)).MassAction(death));
        }
        for (int j = 0; j < spec.Transitions; j++)
        {
            int x = rng.Next(spec.Compartments), y = rng.Next(spec.Compartments), z = rng.Next(spec.Compartments);
            double rate = rng.NextDouble();
            switch (rng.Next(5))
            {
                case 0:
                    builder.Transition($"T{j}", t => t.Consumes(C(x)).Produces(C(y)).MassAction(rate));
                    break;
                case 1:
                    builder.Transition($"T{j}", t => t.Consumes(C(x)).Consumes(C(y)).Produces(C(z)).MassAction(0.01 * rate));
                    break;
                case 2:
                    builder.Transition($"T{j}", t => t.Consumes(C(x), 2).Produces(C(y)).MassAction(0.01 * rate));
                    break;
                case 3:
                    builder.Transition($"T{j}", t => t.Consumes(C(x), 2).Consumes(C(y)).Produces(C(z)).MassAction(0.001 * rate));
                    break;
                default:
                    double n = new[] { 1, 2, 3, 4, 1.5 }[rng.Next(5)];
                    builder.Transition($"T{j}", t => t.Consumes(C(x)).Produces(C(x), 2).MassAction(0.4 * rate).RepressedBy(C(y), 30.0, n));
                    break;
            }
        }
        return builder.Build();
    }

    private static ReactionNetwork Build(string name) => name switch
    {
        "immigration-death" => new ReactionNetworkBuilder()
            .Compartment("X", 1000).Parameter("k", 1000).Parameter("d", 1)
            .Transition("in", t => t.Produces("X").MassAction("k"))
            .Transition("out", t => t.Consumes("X").MassAction("d"))
            .Build(),
        "stem-cell chain" => new ReactionNetworkBuilder()
            .Compartment("HSC", 1000).Compartment("P1", 500).Compartment("P2", 900).Compartment("Mature", 3000)
            .Parameter("renewal", 2).Parameter("K", 1000).Parameter("n", 2)
            .Transition("renewal", t => t.Consumes("HSC").Produces("HSC", 2).MassAction("renewal").RepressedBy("HSC", "K", "n"))
            .Transition("differentiation", t => t.Consumes("HSC").Produces("P1").MassAction(0.5))
            .Transition("HSC death", t => t.Consumes("HSC").MassAction(0.5))
            .Transition("P1 division", t => t.Consumes("P1").Produces("P2", 2).MassAction(1))
            .Transition("P1 death", t => t.Consumes("P1").MassAction(0.1))
            .Transition("maturation", t => t.Consumes("P2").Produces("Mature", 2).MassAction(1))
            .Transition("mature death", t => t.Consumes("Mature").MassAction(0.5))
            .Build(),
        "second order and dimers" => new ReactionNetworkBuilder()
            .Compartment("A", 200).Compartment("B", 200).Compartment("C", 0).Compartment("D", 0)
            .Parameter("feed", 50)
            .Transition("feed A", t => t.Produces("A").MassAction("feed"))
            .Transition("feed B", t => t.Produces("B").MassAction("feed"))
            .Transition("bind", t => t.Consumes("A").Consumes("B").Produces("C").MassAction(0.01))
            .Transition("unbind", t => t.Consumes("C").Produces("A").Produces("B").MassAction(1))
            .Transition("dimerise", t => t.Consumes("A", 2).Produces("D").MassAction(0.002))
            .Transition("trimerise", t => t.Consumes("B", 2).Consumes("A").Produces("D").MassAction(1e-5))
            .Transition("lose A", t => t.Consumes("A").MassAction(0.2))
            .Transition("lose B", t => t.Consumes("B").MassAction(0.2))
            .Transition("lose D", t => t.Consumes("D").MassAction(0.5))
            .Build(),
        "signal and custom rate" => new ReactionNetworkBuilder()
            .Compartment("A", 400).Compartment("B", 400).Compartment("C", 100).Parameter("birth", 400)
            .Signal("crowding", static x => 1 / (1 + x.Count(0) / 1000), ["A"])
            .Transition("birth", t => t.Produces("A").MassAction("birth").ModulatedBy("crowding"))
            .Transition("convert", t => t.Consumes("A").Produces("B").MassAction(0.5))
            .Transition("clear", t => t.Consumes("B").Rate(static x => 0.4 * x.Count(0), ["B"]))
            .Transition("feed C", t => t.Produces("C").MassAction(100).ModulatedBy("crowding"))
            .Transition("lose C", t => t.Consumes("C").MassAction(1))
            .Build(),
        _ => new ReactionNetworkBuilder()
            .Compartment("S", 300).Compartment("T", 300).Compartment("M", 2000).Parameter("r", 2)
            .Transition("renewal", t => t.Consumes("S").Produces("S", 2).MassAction("r")
                .RepressedBy([new WeightedCompartment("S", 1), new WeightedCompartment("T", 0.25)], 400.0, 4.0)
                .ActivatedBy("M", 1000.0, 3.0))
            .Transition("supply", t => t.Produces("S").MassAction(200))
            .Transition("S death", t => t.Consumes("S").MassAction(0.6))
            .Transition("to T", t => t.Consumes("S").Produces("T").MassAction(0.3).ActivatedBy("T", 200.0, 1.0))
            .Transition("T death", t => t.Consumes("T").MassAction(0.3))
            .Transition("to M", t => t.Consumes("T").Produces("M", 3).MassAction(0.5))
            .Transition("M death", t => t.Consumes("M").MassAction(0.3))
            .Build(),
    };
}
