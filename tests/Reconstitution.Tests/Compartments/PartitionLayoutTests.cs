using System.Reflection;
using Reconstitution.Cohorts;
using Reconstitution.Compartments;
using Reconstitution.Compartments.Solvers;
using Reconstitution.Kernel;
using Reconstitution.Numerics;
using Reconstitution.Outcomes;
using Reconstitution.Physiology;
using Reconstitution.Protocols;
using Reconstitution.Randomness;

namespace Reconstitution.Tests.Compartments;

/// <summary>
/// The hybrid solver takes each partition's layout from those kept with the network's structure (<c>PartitionLayout</c>);
/// a kept layout must be the one a fresh build gives, to the bit, and a course the one building every layout anew gives.
/// </summary>
public class PartitionLayoutTests
{
    /// <summary>
    /// A continuous pool fed by a dynamic compartment D that crosses the switching thresholds both ways (born in bursts,
    /// dying fast), beside an exact clone X whose birth rate reads the pool (a varying discrete transition) and a
    /// signal-modulated continuous decay: every class of transition and a partition that changes often.
    /// </summary>
    private static ReactionNetwork Network() => new ReactionNetworkBuilder()
        .Compartment("Pool", 2000, CompartmentMode.Continuous).Compartment("D", 80).Compartment("X", 2, CompartmentMode.Exact)
        .Signal("crowding", static x => 1 / (1 + x.Count(0) / 4000), ["Pool"])
        .Transition("d burst", t => t.Produces("D", 60).MassAction(0.4))
        .Transition("d death", t => t.Consumes("D").MassAction(0.5))
        .Transition("d to pool", t => t.Consumes("D").Produces("Pool").MassAction(0.2))
        .Transition("pool decay", t => t.Consumes("Pool").MassAction(0.05).ModulatedBy("crowding"))
        .Transition("x birth", t => t.Consumes("Pool").Produces("Pool").Produces("X").MassAction(2e-4))
        .Transition("x death", t => t.Consumes("X").MassAction(0.1))
        .Build();

    private static SolverOptions Options => new() { Kind = SolverKind.Hybrid, OdeMethod = OdeMethod.StiffnessSwitching, HybridSwitchMinimum = 100 };

    [Fact]
    public void AdvanceTo_KeptAndOwnLayouts_SameCourseToTheBit()
    {
        var network = Network();
        var kept = new CompartmentSystem(network, Options, RandomStream.Create(3, 1));
        var own = new CompartmentSystem(network, Options, RandomStream.Create(3, 1));
        ((HybridSolver)own.Solver).UsesLayoutCache = false;
        for (int day = 1; day <= 150; day++)
        {
            kept.AdvanceTo(day);
            own.AdvanceTo(day);
            for (int i = 0; i < network.Compartments.Count; i++)
                Assert.Equal(BitConverter.DoubleToInt64Bits(own.GetCount(i)), BitConverter.DoubleToInt64Bits(kept.GetCount(i)));
        }
        var solver = (HybridSolver)kept.Solver;
        Assert.True(solver.Switches > 10, $"{solver.Switches} switches");
        Assert.Equal(((HybridSolver)own.Solver).DiscreteFirings, solver.DiscreteFirings);
        Assert.NotSame(((HybridSolver)own.Solver).Layout, solver.Layout);
    }

    [Fact]
    public void For_SolversOfOneStructure_ShareOneLayoutPerPartition()
    {
        var network = Network();
        var first = new CompartmentSystem(network, Options, RandomStream.Create(4, 1));
        var second = new CompartmentSystem(network, Options, RandomStream.Create(4, 2));
        first.AdvanceTo(1);
        second.AdvanceTo(1);
        var layout = ((HybridSolver)first.Solver).Layout!;
        Assert.True(layout.Continuous.SequenceEqual(((HybridSolver)second.Solver).Layout!.Continuous), "the two start in one partition");
        Assert.Same(layout, ((HybridSolver)second.Solver).Layout);
        Assert.Same(layout, PartitionLayout.For(network.Compiled, layout.Continuous));
        // A network built apart has a structure of its own, and so layouts of its own.
        Assert.NotSame(layout, PartitionLayout.For(Network().Compiled, layout.Continuous));
    }

    // Patient 0 of a ric-flu-bu-atg cohort of this seed, wired as PatientSimulation.Run wires one (kernel, physiology,
    // protocol), before its first day: its simulation, its hybrid solver and its physiology's compiled structure.
    private static (Simulation Sim, HybridSolver Solver, CompiledNetwork Network) RicPatient(ulong seed)
    {
        var protocol = BuiltInProtocols.Get("ric-flu-bu-atg");
        var options = PatientSimulationOptions.Default;
        var covariates = CovariateDistribution.Default.Draw(RandomStream.Create(seed, 0, "covariates"));
        var model = VirtualPatient.Draw(covariates, options.Parameters, RandomStream.Create(seed, 0, "patient"), options.Autoimmunity)
            .CreateModel(protocol.AllogeneicUnits);
        var person = new Patient(model, RandomStream.Create(seed, 0, "physiology"), Patient.DefaultSolverOptions, protocol.StartDay - 1);
        var sim = new Simulation(protocol.StartDay - 1);
        sim.AddAdvancer(person);
        protocol.Schedule(new TreatmentContext(sim, person, RandomStream.Create(seed, 0, "treatment"), options.Effects));
        return (sim, (HybridSolver)person.System.Solver, person.System.Network.Compiled);
    }

    [Fact]
    public void For_PartitionsOfAPatientsCourse_EqualFreshBuildsToTheBit()
    {
        // A ric-flu-bu-atg patient through conditioning, aplasia and engraftment (host and donor lineages switching
        // treatment): every layout its solver took from the physiology structure's kept ones.
        var (sim, solver, network) = RicPatient(4);
        var seen = new List<PartitionLayout>();
        for (double day = sim.Now + 1; day <= 120; day++)
        {
            sim.Run(day);
            if (solver.Layout is { } layout && !seen.Contains(layout)) seen.Add(layout);
        }
        Assert.True(seen.Count >= 3, $"{seen.Count} partitions");
        foreach (var layout in seen)
        {
            Assert.Same(layout, PartitionLayout.For(network, layout.Continuous));
            var fresh = new PartitionLayout(network);
            fresh.Build(network, layout.Continuous);
            AssertSameBits(fresh, layout);
        }
    }

    [Fact]
    public void JacobianStructures_PartitionsOfAPatientsCourse_KeptOnceAndEqualFreshOnes()
    {
        // What an implicit integrator and the assembled Jacobian derive from a partition alone is kept with its layout: the
        // pattern (with its column groups and LU analysis) and the assembled Jacobian's structure, each made once and
        // equal to a fresh one; a patient's Rosenbrock–W integrator points at the kept ones. A ric-flu-bu-atg patient to day
        // 400 (Rosenbrock–W steps in its late months).
        var (sim, solver, network) = RicPatient(5);
        var seen = new List<PartitionLayout>();
        int pointing = 0;
        for (double day = sim.Now + 1; day <= 400; day++)
        {
            sim.Run(day);
            if (solver.Layout is not { } layout) continue;
            if (!seen.Contains(layout)) seen.Add(layout);
            if (solver.Integrator is StiffnessSwitching { ImplicitActive: true, Implicit: { } rw } && ReferenceEquals(rw.Jacobian.Pattern, layout.Pattern(network)))
            {
                Assert.Same(layout.Pattern(network).Analysis, rw.Factorisation.Analysis);
                pointing++;
            }
        }
        Assert.True(seen.Count >= 3, $"{seen.Count} partitions");
        Assert.True(pointing > 10, $"{pointing} days on Rosenbrock–W with the layout's pattern");
        foreach (var layout in seen)
        {
            var pattern = layout.Pattern(network);
            Assert.Same(pattern, layout.Pattern(network));
            Assert.Same(pattern.Analysis, pattern.Analysis);
            var fresh = SparseLuAnalysis.Of(pattern.RowOffsets, pattern.Columns);
            foreach (var property in typeof(SparseLuAnalysis).GetProperties().Where(p => p.PropertyType == typeof(int[])))
                Assert.True(((int[])property.GetValue(fresh)!).AsSpan().SequenceEqual((int[])property.GetValue(pattern.Analysis)!), property.Name);
            var freshPattern = new JacobianPattern(pattern.RowOffsets, pattern.Columns, pattern.TimeDependent);
            Assert.Equal(freshPattern.Groups, pattern.Groups);
            Assert.Equal(freshPattern.GroupColumns, pattern.GroupColumns);
            Assert.Equal(freshPattern.DiagonalEntry, pattern.DiagonalEntry);
            var structure = layout.JacobianLayout(network);
            Assert.Same(structure, layout.JacobianLayout(network));
            var freshStructure = new HybridJacobianLayout(network, layout.OdeToComp, layout.OdeCompartments);
            foreach (var field in typeof(HybridJacobianLayout).GetFields())
            {
                if (field.GetValue(freshStructure) is int[] values) Assert.True(values.AsSpan().SequenceEqual((int[])field.GetValue(structure)!), field.Name);
                else Assert.Equal(field.GetValue(freshStructure), field.GetValue(structure));
            }
        }
    }

    [Fact]
    public void Build_OverAnotherPartition_EqualsAFreshBuildToTheBit()
    {
        var network = Network().Compiled;
        bool[] poolOnly = [true, false, false], poolAndD = [true, true, false];
        var rebuilt = new PartitionLayout(network);
        rebuilt.Build(network, poolAndD);
        rebuilt.Build(network, poolOnly);
        var fresh = new PartitionLayout(network);
        fresh.Build(network, poolOnly);
        AssertSameBits(fresh, rebuilt);
        // And the other way: a partition with more continuous compartments over one with fewer.
        rebuilt.Build(network, poolAndD);
        fresh = new PartitionLayout(network);
        fresh.Build(network, poolAndD);
        AssertSameBits(fresh, rebuilt);
        Assert.Equal(2, rebuilt.OdeCompartments);
    }

    [Fact]
    public void Pattern_PoolAndDContinuous_DiagonalThenEachRowsInputsOnce()
    {
        // Components: Pool 0, D 1, the hazard 2. Pool's row: its own decay and D's flow into it (reads D); D's row: its burst
        // (reads nothing), death and flow (read D, the diagonal, once); the hazard's row: the clone's birth (reads Pool).
        var network = Network().Compiled;
        var layout = new PartitionLayout(network);
        layout.Build(network, [true, true, false]);
        var pattern = layout.Pattern(network);
        Assert.Equal([0, 2, 3, 5], pattern.RowOffsets);
        Assert.Equal([0, 1, 1, 2, 0], pattern.Columns);
        Assert.False(pattern.TimeDependent);
        Assert.Same(pattern, layout.Pattern(network));
        layout.Build(network, [true, false, false]);
        Assert.Equal([0, 1, 3], layout.Pattern(network).RowOffsets); // rebuilt for the new partition: Pool, then the hazard
    }

    [Fact]
    public void Build_PartitionOfAnotherSize_ThrowsNamingBoth()
    {
        var network = Network().Compiled;
        var error = Assert.Throws<ArgumentException>(() => new PartitionLayout(network).Build(network, [true, false]));
        Assert.Contains("2 compartments; the network has 3", error.Message);
    }

    /// <summary>Every public field of the two layouts (arrays element by element, doubles by their bits) is equal.</summary>
    private static void AssertSameBits(PartitionLayout expected, PartitionLayout actual)
    {
        var fields = typeof(PartitionLayout).GetFields(BindingFlags.Public | BindingFlags.Instance);
        Assert.True(fields.Length > 30, $"{fields.Length} fields");
        foreach (var field in fields)
        {
            object? a = field.GetValue(expected), b = field.GetValue(actual);
            switch (a)
            {
                case double[] x:
                    Assert.Equal(x.Select(BitConverter.DoubleToInt64Bits), ((double[])b!).Select(BitConverter.DoubleToInt64Bits));
                    break;
                case HybridSolver.ContinuousTerm[] x:
                    var y = (HybridSolver.ContinuousTerm[])b!;
                    Assert.Equal(x.Length, y.Length);
                    for (int k = 0; k < x.Length; k++)
                    {
                        Assert.Equal(BitConverter.DoubleToInt64Bits(x[k].Rate), BitConverter.DoubleToInt64Bits(y[k].Rate));
                        Assert.Equal((x[k].Argument, x[k].Modulator), (y[k].Argument, y[k].Modulator));
                    }
                    break;
                case int[] x:
                    Assert.True(x.AsSpan().SequenceEqual((int[])b!), field.Name);
                    break;
                case bool[] x:
                    Assert.True(x.AsSpan().SequenceEqual((bool[])b!), field.Name);
                    break;
                default:
                    Assert.True(a is int or bool, $"{field.Name}: a field of a type the comparison does not know");
                    Assert.Equal(a, b);
                    break;
            }
        }
    }
}
