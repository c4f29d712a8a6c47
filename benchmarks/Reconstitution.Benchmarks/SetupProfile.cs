using System.Diagnostics;
using Reconstitution.Cohorts;
using Reconstitution.Compartments;
using Reconstitution.Compartments.Solvers;
using Reconstitution.Numerics;
using Reconstitution.Outcomes;
using Reconstitution.Physiology;
using Reconstitution.Protocols;
using Reconstitution.Randomness;

namespace Reconstitution.Benchmarks;

/// <summary>
/// What a cohort patient's set-up costs, by part (issue 15): wall and CPU time (the thread's, <see cref="OdeMethodComparison"/>'s clock) and allocated bytes per call of each part of
/// <see cref="PatientSimulation.Start"/> — the virtual patient's draw, its model (and, within it, the binding of its values to the
/// shared structure: <see cref="PhysiologyTemplate.Bind"/>), the <see cref="Patient"/> (compartment system
/// and solver), the solver alone, the Rosenbrock–W integrator the stiffness switch makes at its first handover (with its
/// first pattern) — and of whole courses (start, run, summary) with the garbage collections they cause.
/// </summary>
/// <remarks>
/// <para>Each part runs over the same <c>patients</c> patients twice; the second pass is reported (the first warms the JIT).
/// Parts run one after the other, each in a loop of its own, so a part's time is its steady-state cost, not its share of
/// a course. Wall-clock figures are only as quiet as the machine; allocated bytes (<see cref="GC.GetAllocatedBytesForCurrentThread"/>)
/// are exact.</para>
/// <para>With a part named (<c>setup &lt;protocol&gt; &lt;patients&gt; &lt;days&gt; &lt;part&gt;</c>) only that part's loop runs
/// (two passes): for instruction counts, run it under callgrind at two patient counts, subtract the difference of part
/// <c>none</c> (the same preparation — draws, models, one probe course — and an empty loop) at the same counts, and divide by
/// the difference of the counts times two.</para>
/// </remarks>
internal static class SetupProfile
{
    private static readonly string[] Parts = ["none", "draw", "model", "bind", "patient", "stream", "solver", "solver-only", "rosenbrock", "start", "course"];

    /// <summary>Runs the parts (all, or <paramref name="only"/>) for <paramref name="patients"/> patients of <paramref name="protocolName"/> over <paramref name="days"/> days.</summary>
    public static void Run(string protocolName, int patients, int days, string? only)
    {
        if (only is not null && Array.IndexOf(Parts, only) < 0)
            throw new ArgumentException($"Unknown part '{only}'; one of {string.Join(", ", Parts)}.", nameof(only));
        var protocol = BuiltInProtocols.Get(protocolName);
        var covs = CovariateDistribution.Default with { Disease = AutoimmuneDisease.MultipleSclerosis };
        var options = PatientSimulationOptions.Default with { Days = days };
        const ulong seed = 1;
        double start = protocol.StartDay - 1;
        var covariates = new PatientCovariates[patients];
        var virtualPatients = new VirtualPatient[patients];
        var models = new PhysiologyModel[patients];
        var streams = new RandomStream[patients];
        for (int i = 0; i < patients; i++)
        {
            covariates[i] = covs.Draw(RandomStream.Create(seed, i, "covariates"));
            virtualPatients[i] = PatientSimulation.Draw(covariates[i], seed, i, options);
            models[i] = virtualPatients[i].CreateModel(protocol.AllogeneicUnits);
            streams[i] = RandomStream.Create(seed, i, "physiology").Derive("solver");
        }
        // A pattern the first handover meets: the partition one patient's solver ends on.
        var probe = PatientSimulation.Start(virtualPatients[0], protocol, seed, 0, options);
        probe.Simulation.Run(probe.StopTime);
        var probeSolver = (HybridSolver)probe.Person.System.Solver;
        JacobianPattern pattern = probeSolver.Layout!.Pattern(probe.Person.System.Network.Compiled);
        int capacity = probe.Person.System.Network.Compiled.CompartmentCount + 1;

        Console.WriteLine($"{protocolName}, {patients} patients x {days} d; second pass; per call (load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}):");
        Console.WriteLine("part        wall us/call  CPU us/call   bytes/call");
        object? sink = null;
        foreach (string part in Parts)
        {
            if (only is not null && part != only) continue;
            double us = 0, cpuUs = 0, bytes = 0;
            int gen0 = 0, gen1 = 0, gen2 = 0;
            TimeSpan pause = default;
            for (int pass = 0; pass < 2; pass++)
            {
                int c0 = GC.CollectionCount(0), c1 = GC.CollectionCount(1), c2 = GC.CollectionCount(2);
                TimeSpan p0 = GC.GetTotalPauseDuration();
                long a0 = GC.GetAllocatedBytesForCurrentThread();
                long t0 = Stopwatch.GetTimestamp();
                double cpu0 = ThreadCpuClock.Milliseconds();
                for (int i = 0; i < patients; i++)
                {
                    sink = part switch
                    {
                        "none" => null,
                        "draw" => PatientSimulation.Draw(covariates[i], seed, i, options),
                        "model" => virtualPatients[i].CreateModel(protocol.AllogeneicUnits),
                        "bind" => models[i].Template.Bind(models[i].Design),
                        "patient" => new Patient(models[i], RandomStream.Create(seed, i, "physiology"), options.Solver, start),
                        "stream" => RandomStream.Create(seed, i, "physiology").Derive("solver"),
                        "solver-only" => SolverFactory.Create(models[i].Network.Compiled, options.Solver ?? Patient.DefaultSolverOptions, streams[i]),
                        "solver" => Solver(models[i], options.Solver, RandomStream.Create(seed, i, "physiology").Derive("solver")),
                        "rosenbrock" => Rosenbrock(capacity, pattern),
                        "start" => PatientSimulation.Start(virtualPatients[i], protocol, seed, i, options),
                        _ => PatientSimulation.Run(virtualPatients[i], protocol, seed, i, options),
                    };
                }
                double cpu1 = ThreadCpuClock.Milliseconds();
                long t1 = Stopwatch.GetTimestamp();
                us = (t1 - t0) * 1e6 / Stopwatch.Frequency / patients;
                cpuUs = (cpu1 - cpu0) * 1e3 / patients;
                bytes = (GC.GetAllocatedBytesForCurrentThread() - a0) / (double)patients;
                (gen0, gen1, gen2) = (GC.CollectionCount(0) - c0, GC.CollectionCount(1) - c1, GC.CollectionCount(2) - c2);
                pause = GC.GetTotalPauseDuration() - p0;
            }
            Console.WriteLine($"{part,-12} {us,12:F2} {cpuUs,12:F2} {bytes,12:F0}");
            if (part is "course" or "start")
                Console.WriteLine($"  collections gen0/1/2 {gen0}/{gen1}/{gen2}, pauses {pause.TotalMilliseconds:F1} ms in all, {pause.TotalMilliseconds * 1000 / patients:F2} us a patient");
        }
        GC.KeepAlive(sink);
    }

    /// <summary>The patient's solver as <see cref="Patient"/> makes and declares it, alone.</summary>
    private static ICompartmentSolver Solver(PhysiologyModel model, SolverOptions? options, RandomStream random)
    {
        var solver = SolverFactory.Create(model.Network.Compiled, options ?? Patient.DefaultSolverOptions, random);
        solver.DeclareObserved(model.Template.Readouts.Inputs);
        solver.DeclareToleranceGroups(model.Catalogue.ToleranceGroups);
        return solver;
    }

    /// <summary>The Rosenbrock–W integrator the stiffness switch makes at its first handover, with its first pattern declared.</summary>
    private static RosenbrockW Rosenbrock(int capacity, JacobianPattern pattern)
    {
        var rw = new RosenbrockW(capacity, 1e-3, 1) { Dimension = pattern.Dimension };
        rw.SetJacobianPattern(pattern);
        return rw;
    }
}
