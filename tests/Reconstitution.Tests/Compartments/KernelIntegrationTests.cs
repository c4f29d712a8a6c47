using Reconstitution.Compartments;
using Reconstitution.Kernel;
using Reconstitution.Monitoring;
using Reconstitution.Randomness;

namespace Reconstitution.Tests.Compartments;

/// <summary>A <see cref="CompartmentSystem"/> attached to the kernel's <see cref="Simulation"/> as a state advancer.</summary>
public class KernelIntegrationTests
{
    [Fact]
    public void Run_EventChangesRateAtItsTime_ObservationEventSeesTheExactLaw()
    {
        // Theory as in CompartmentSystemTests.SetParameter_AtEventTime…: immigration–death from
        // ≈ Poisson(100) at day 20, k raised to 300 by a kernel event at day 20; an observation
        // event at day 20.5 sees Poisson(300 − 200e^(−0.5)). Tolerance 4 SE.
        var network = new ReactionNetworkBuilder()
            .Compartment("X", 100).Parameter("k", 100).Parameter("d", 1)
            .Transition("immigration", t => t.Produces("X").MassAction("k"))
            .Transition("death", t => t.Consumes("X").MassAction("d"))
            .Build();
        const int replicates = 1000;
        var observed = new double[replicates];
        for (int r = 0; r < replicates; r++)
        {
            var sim = new Simulation();
            var system = new CompartmentSystem(network, RandomStream.Create(41, (ulong)r));
            sim.AddAdvancer(system);
            sim.Schedule(20, () => system.SetParameter("k", 300));
            int slot = r;
            sim.Schedule(20.5, () =>
            {
                Assert.Equal(20.5, system.TimeDays);
                observed[slot] = system.GetCount("X");
            });
            sim.Run(21);
            Assert.Equal(21, system.TimeDays);
        }
        double m = 300 - 200 * Math.Exp(-0.5);
        var moments = SampleMoments.Of(observed);
        double tolerance = 4 * Math.Sqrt(m / replicates);
        Assert.InRange(moments.Mean, m - tolerance, m + tolerance);
    }

    [Fact]
    public void Run_DoseEventStartsDecayingKill_SurvivorsMatchIntegratedHazard()
    {
        // A dose at day 2 (kernel event) starts a kill rate d(t) = D·e^(−λ(t−2)) per cell, a
        // time-dependent custom rate reading the dose and its time from parameters the event sets.
        // The simulation starts at day −2 (conditioning-style negative days). Survivors at day 6:
        // Binomial(n₀, exp(−D(1 − e^(−4λ))/λ)). Tolerance 4 SE.
        const int n0 = 50, replicates = 1000;
        const double dose = 1, lambda = 0.5;
        var network = new ReactionNetworkBuilder()
            .Compartment("Cells", n0)
            .Parameter("dose", 0).Parameter("doseTime", 0).Parameter("lambda", lambda)
            .Transition("drug kill", t => t.Consumes("Cells").Rate(
                static r => r.Parameter(0) == 0 ? 0 : r.Parameter(0) * Math.Exp(-r.Parameter(2) * (r.TimeDays - r.Parameter(1))) * r.Count(0),
                ["Cells"], ["dose", "doseTime", "lambda"], timeDependent: true))
            .Build();
        var survivors = new double[replicates];
        for (int r = 0; r < replicates; r++)
        {
            var sim = new Simulation(startTimeDays: -2);
            var system = new CompartmentSystem(network, SolverOptions.Default, RandomStream.Create(43, (ulong)r), startTimeDays: -2);
            sim.AddAdvancer(system);
            var recorder = new Recorder();
            recorder.SampleEvery(sim, 1, 6, "cells", () => system.GetCount("Cells"));
            sim.Schedule(2, () =>
            {
                system.SetParameter("doseTime", sim.Now);
                system.SetParameter("dose", dose);
            });
            sim.Run(6);
            survivors[r] = system.GetCount("Cells");
            if (r == 0)
            {
                var series = recorder.Series("cells");
                Assert.Equal(n0, series.Values[series.TimesDays.IndexOf(2.0)]); // nothing dies before the dose
            }
        }
        double p = Math.Exp(-dose * (1 - Math.Exp(-lambda * 4)) / lambda);
        double tolerance = 4 * Math.Sqrt(n0 * p * (1 - p) / replicates);
        Assert.InRange(SampleMoments.Of(survivors).Mean, n0 * p - tolerance, n0 * p + tolerance);
    }
}
