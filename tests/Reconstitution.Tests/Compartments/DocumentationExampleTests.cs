using Reconstitution.Compartments;
using Reconstitution.Kernel;
using Reconstitution.Monitoring;
using Reconstitution.Randomness;

namespace Reconstitution.Tests.Compartments;

/// <summary>The examples of docs/compartments.md, kept compiling and running.</summary>
public class DocumentationExampleTests
{
    [Fact]
    public void BuilderExample_StemCellsWithNicheFeedback_RunsUnderTheKernel()
    {
        var network = new ReactionNetworkBuilder()
            .Compartment("HSC", 1000).Compartment("P1", 0).Compartment("Mature", 0)
            .Parameter("renewalPerDay", 2).Parameter("nicheSize", 1000).Parameter("hill", 1)
            .Parameter("differentiationPerDay", 0.5).Parameter("maturationPerDay", 1)
            .Transition("HSC self-renewal", t => t
                .Consumes("HSC").Produces("HSC", 2)
                .MassAction("renewalPerDay")
                .RepressedBy([new("HSC", 1.0), new("Mature", 0.01)], "nicheSize", "hill"))
            .Transition("HSC differentiation", t => t.Consumes("HSC").Produces("P1").MassAction("differentiationPerDay"))
            .Transition("P1 maturation", t => t.Consumes("P1").Produces("Mature", 2).MassAction("maturationPerDay"))
            .Transition("Mature death", t => t.Consumes("Mature").MassAction(0.1))
            .Build();

        var system = new CompartmentSystem(network, new SolverOptions { Kind = SolverKind.Exact },
            RandomStream.Create(1, 0, "engine"), startTimeDays: -7);
        var sim = new Simulation(startTimeDays: -7);
        sim.AddAdvancer(system);
        sim.Schedule(0, () => system.AddToCount("HSC", 5_000));
        sim.Schedule(5, () => system.SetParameter("differentiationPerDay", 0.8));
        var recorder = system.CreateRecorder();
        Sampling.Every(sim, 1, 100, _ => recorder.Record());
        sim.Run(100);
        Trajectory trajectory = recorder.ToTrajectory();

        Assert.Equal(108, trajectory.Count);          // days −7 … 100
        Assert.Equal(100, trajectory.TimesDays[^1]);
        Assert.True(trajectory.Values("Mature")[^1] > 0);
    }

    [Fact]
    public void ErlangChainExample_LoopEqualsLinearChain()
    {
        var builder = new ReactionNetworkBuilder();
        const int stages = 40;
        builder.Parameter("RBC.stageRate", stages / 115.0);
        for (int s = 1; s <= stages; s++) builder.Compartment($"RBC{s}", 0, CompartmentMode.Continuous);
        for (int s = 1; s <= stages; s++)
        {
            int stage = s;
            builder.Transition($"RBC stage {stage}", t =>
            {
                t.Consumes($"RBC{stage}").MassAction("RBC.stageRate");
                if (stage < stages) t.Produces($"RBC{stage + 1}");
            });
        }
        var loop = builder.Build();
        var chain = new ReactionNetworkBuilder()
            .LinearChain("RBC", stages: 40, meanResidenceDays: 115, exitTo: null, mode: CompartmentMode.Continuous)
            .Build();
        Assert.Equal(loop.Compartments, chain.Compartments);
        Assert.Equal(loop.Parameters, chain.Parameters);
        Assert.Equal(loop.Transitions.Select(t => t.Name), chain.Transitions.Select(t => t.Name));
        Assert.Equal(loop.Compiled.Dependents, chain.Compiled.Dependents);
        Assert.Equal(loop.Compiled.ChangeAmounts, chain.Compiled.ChangeAmounts);
        Assert.Equal(SolverKind.SortingDirect, new CompartmentSystem(loop, RandomStream.Create(1)).SolverKind);
    }
}
