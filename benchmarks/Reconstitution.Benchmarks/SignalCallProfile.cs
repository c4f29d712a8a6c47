using System.Diagnostics;
using System.Globalization;
using Reconstitution.Cohorts;
using Reconstitution.Compartments;
using Reconstitution.Compartments.Solvers;
using Reconstitution.Outcomes;
using Reconstitution.Physiology;
using Reconstitution.Protocols;
using Reconstitution.Randomness;

namespace Reconstitution.Benchmarks;

/// <summary>
/// <c>signal-calls &lt;protocol&gt; &lt;day&gt; [patients]</c>: the CPU time of each call of a full signal update (a block, or a
/// signal outside the blocks) in cohort patients of a protocol stopped at a day (drawn as <see cref="WorkProfile"/> draws them:
/// the default covariates with multiple sclerosis), the minimum over rounds, then of one whole right-hand-side evaluation and
/// one whole update at that state, so that one sees which signals an evaluation's signal time goes to. Each call is timed
/// alone and back to back, so calls bound by latency overlap and read lower than inside an integrator's chain of evaluations.
/// </summary>
internal static class SignalCallProfile
{
    public static void Run(string protocolName, int day, int patients)
    {
        Console.WriteLine($"load before: {InterleavedRatios.Load()}");
        var protocol = BuiltInProtocols.Get(protocolName);
        var covs = CovariateDistribution.Default with { Disease = AutoimmuneDisease.MultipleSclerosis };
        var options = PatientSimulationOptions.Default with { Days = day + 1 };
        for (int i = 0; i < patients; i++)
        {
            ulong seed = 1;
            var cov = covs.Draw(RandomStream.Create(seed, i, "covariates"));
            var run = PatientSimulation.Start(PatientSimulation.Draw(cov, seed, i, options), protocol, seed, i, options);
            run.Simulation.Run(day);
            var solver = (HybridSolver)run.Person.System.Solver;
            var net = run.Person.System.Network.Compiled;
            double[] counts = run.Person.System.State.Counts, parameters = run.Person.System.State.Parameters;
            int signals = net.SignalCount;
            var calls = new List<(string Name, Action<double> Call)>();
            int s = 0;
            foreach (var block in net.SignalBlocks)
            {
                for (; s < block.First; s++) calls.Add(Own(net, s, counts, parameters));
                int first = block.First, last = first + block.Count;
                int[] cm = net.SignalCounts[net.SignalCountOffsets[first]..net.SignalCountOffsets[last]];
                int[] pm = net.SignalParameters[net.SignalParameterOffsets[first]..net.SignalParameterOffsets[last]];
                var f = block.Function;
                int p0 = net.ParameterCount;
                calls.Add(($"block {net.SignalNames[first]} .. {net.SignalNames[last - 1]} ({block.Count})", t =>
                {
                    var x = new RateInputs(counts, parameters, cm, pm, t);
                    f(in x, parameters.AsSpan(p0 + first, block.Count));
                }));
                s = last;
            }
            for (; s < signals; s++) calls.Add(Own(net, s, counts, parameters));
            double tNow = day;
            Console.WriteLine($"patient {i} at day {day}: {signals} signals, {calls.Count} calls");
            double total = 0;
            foreach (var (name, call) in calls)
            {
                double best = Best(call, tNow);
                total += best;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {best,6:F1} ns  {name}"));
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {total,6:F1} ns  total (each call measured alone)"));
            solver.CompilesCodeAtOnce = true;
            int dimension = solver.Integrator.Dimension;
            double[] y = solver.Integrator.Y[..dimension], dydt = new double[dimension];
            Console.WriteLine($"  dimension {dimension}, runs {Field(solver, "_runCount")}, ODE compartments {Field(solver, "_odeCompartments")}, " +
                $"varying transitions {Field(solver, "_varyingCount")}, continuous terms {Field(solver, "_contCount")}");
            foreach (var (name, call) in new (string, Action<double>)[] { ("evaluation", t => solver.Derivative(t, y, dydt)), ("signals", t => net.UpdateSignals(counts, parameters, t)) })
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {Best(call, tNow),6:F1} ns  {name}"));
        }
        Console.WriteLine($"load after: {InterleavedRatios.Load()}");
    }

    /// <summary>The CPU time of one call (nanoseconds), the minimum over 30 rounds of 20,000 calls, each at a new time (2⁻²⁰ d apart).</summary>
    private static double Best(Action<double> call, double time)
    {
        double best = double.MaxValue;
        for (int r = 0; r < 30; r++)
        {
            var process = Process.GetCurrentProcess();
            var before = process.TotalProcessorTime;
            for (int k = 0; k < 20000; k++) call(time + k * (1.0 / (1 << 20)));
            process.Refresh();
            best = Math.Min(best, (process.TotalProcessorTime - before).TotalMilliseconds * 1e6 / 20000);
        }
        return best;
    }

    /// <summary>A private field of the solver, for the printout only ("?" where it no longer exists).</summary>
    private static object Field(HybridSolver solver, string name) =>
        typeof(HybridSolver).GetField(name, System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)?.GetValue(solver) ?? "?";

    private static (string, Action<double>) Own(CompiledNetwork net, int s, double[] counts, double[] parameters)
    {
        int[] cm = net.SignalCounts[net.SignalCountOffsets[s]..net.SignalCountOffsets[s + 1]];
        int[] pm = net.SignalParameters[net.SignalParameterOffsets[s]..net.SignalParameterOffsets[s + 1]];
        var f = net.ByRefSignalFunctions[s];
        int p = net.ParameterCount + s;
        return (net.SignalNames[s], t =>
        {
            var x = new RateInputs(counts, parameters, cm, pm, t);
            parameters[p] = f(in x);
        });
    }
}
