using System.Globalization;
using Reconstitution.Cohorts;
using Reconstitution.Compartments;
using Reconstitution.Outcomes;
using Reconstitution.Physiology;
using Reconstitution.Protocols;
using Reconstitution.Randomness;

namespace Reconstitution.Benchmarks;

/// <summary>
/// CPU time per cohort patient under each of several ODE methods (the rest of <see cref="Patient.DefaultSolverOptions"/>
/// unchanged), interleaved patient by patient so that a busy machine slows every method alike: each patient (same
/// covariates, seed and index as in a cohort) runs once with every method in turn; a first round warms the JIT and is
/// not counted.
/// </summary>
/// <remarks>
/// The clock is the thread's CPU time (<c>CLOCK_THREAD_CPUTIME_ID</c>) on Linux, which time spent waiting for a core does
/// not inflate; elsewhere the wall clock. Cache and core sharing with other processes still add noise: compare methods
/// within one run.
/// </remarks>
internal static class OdeMethodComparison
{
    /// <summary>Runs <paramref name="patients"/> patients of <paramref name="protocolName"/> for <paramref name="days"/> days with each method, <paramref name="rounds"/> counted rounds, and prints the CPU milliseconds per patient.</summary>
    public static void Run(string protocolName, int patients, int days, IReadOnlyList<OdeMethod> methods, int rounds)
    {
        var protocol = BuiltInProtocols.Get(protocolName);
        var covariates = CovariateDistribution.Default with { Disease = AutoimmuneDisease.MultipleSclerosis };
        var options = methods.Select(m => PatientSimulationOptions.Default with { Days = days, Solver = Patient.DefaultSolverOptions with { OdeMethod = m } }).ToArray();
        var milliseconds = new double[methods.Count];
        for (int round = 0; round <= rounds; round++)
            for (int i = 0; i < patients; i++)
            {
                var patient = covariates.Draw(RandomStream.Create(1, i, "covariates"));
                for (int m = 0; m < methods.Count; m++)
                {
                    double start = ThreadCpuClock.Milliseconds();
                    PatientSimulation.Run(patient, protocol, 1, i, options[m]);
                    if (round > 0) milliseconds[m] += ThreadCpuClock.Milliseconds() - start;
                }
            }
        Console.WriteLine($"{protocolName}, {patients} patients x {days} d, {rounds} rounds, CPU ms per patient:");
        for (int m = 0; m < methods.Count; m++)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {methods[m],-22} {milliseconds[m] / rounds / patients:F3}  ({milliseconds[m] / milliseconds[0]:F3} of {methods[0]})"));
    }
}
