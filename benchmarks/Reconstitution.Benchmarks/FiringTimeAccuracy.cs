using System.Globalization;
using Reconstitution.Cohorts;
using Reconstitution.Compartments;
using Reconstitution.Outcomes;
using Reconstitution.Physiology;
using Reconstitution.Protocols;
using Reconstitution.Randomness;

namespace Reconstitution.Benchmarks;

/// <summary>
/// How far the hybrid solver's exact firings are from those of a tight Dormand–Prince course, at several absolute
/// tolerances: cohort patients (same covariates, seed and index as in a cohort) run with <see cref="Patient.DefaultSolverOptions"/>
/// (firings logged), once with <see cref="OdeMethod.DormandPrince45"/> at relative tolerance 10⁻⁸ and once per absolute
/// tolerance. With the same seed both courses draw the same random numbers as long as they fire the same transitions, so
/// the firings are compared one by one up to the first that differs: the share of firings matched, the worst |Δt| among
/// the first 20 and |Δt| of every matched firing (days), summarised over patients.
/// </summary>
/// <remarks>
/// The integrated propensity of the exact transitions (the hazard component) is measured in expected firings, not cells;
/// the hybrid solver holds it to 1/128 of the absolute tolerance (since session 9): this shows whether a looser tolerance
/// moves firing times, through the hazard or through the continuous amounts the rates read.
/// Deterministic: the figures do not depend on the machine or its load.
/// </remarks>
internal static class FiringTimeAccuracy
{
    private const int Early = 20;

    /// <summary>Runs <paramref name="patients"/> patients of <paramref name="protocolName"/> for <paramref name="days"/> days and prints each tolerance's firing-time deviation.</summary>
    /// <param name="protocolName">A built-in protocol.</param>
    /// <param name="patients">Cohort patients (indices 0 … <paramref name="patients"/> − 1, seed 1).</param>
    /// <param name="days">Days simulated after day 0.</param>
    /// <param name="absoluteTolerances">Absolute tolerances (cells) compared with the reference.</param>
    public static void Run(string protocolName, int patients, int days, IReadOnlyList<double> absoluteTolerances)
    {
        var protocol = BuiltInProtocols.Get(protocolName);
        var covariates = CovariateDistribution.Default with { Disease = AutoimmuneDisease.MultipleSclerosis };
        var hybrid = Patient.DefaultSolverOptions with { RecordFirings = true };
        var reference = PatientSimulationOptions.Default with
        {
            Days = days,
            Solver = hybrid with { OdeMethod = OdeMethod.DormandPrince45, OdeRelativeTolerance = 1e-8, OdeAbsoluteTolerance = 1e-6, HybridDeferNegligibleRestarts = false },
        };
        var options = absoluteTolerances.Select(a => PatientSimulationOptions.Default with { Days = days, Solver = hybrid with { OdeAbsoluteTolerance = a } }).ToArray();
        var matchedShare = options.Select(_ => new List<double>()).ToArray();
        var worstEarly = options.Select(_ => new List<double>()).ToArray();
        var everyMatched = options.Select(_ => new List<double>()).ToArray();
        for (int i = 0; i < patients; i++)
        {
            var patient = PatientSimulation.Draw(covariates.Draw(RandomStream.Create(1, i, "covariates")), 1, i, reference);
            var (referenceTimes, referenceTransitions) = Firings(patient, protocol, i, reference);
            for (int a = 0; a < options.Length; a++)
            {
                var (times, transitions) = Firings(patient, protocol, i, options[a]);
                int k = 0;
                double worst = 0;
                for (; k < Math.Min(times.Length, referenceTimes.Length) && transitions[k] == referenceTransitions[k]; k++)
                {
                    double dt = Math.Abs(times[k] - referenceTimes[k]);
                    everyMatched[a].Add(dt);
                    if (k < Early) worst = Math.Max(worst, dt);
                }
                matchedShare[a].Add(referenceTimes.Length == 0 ? 1 : (double)k / referenceTimes.Length);
                worstEarly[a].Add(worst);
            }
        }
        Console.WriteLine($"{protocolName}, {patients} patients x {days} d, hybrid, firings against Dormand-Prince (rtol 1e-8), same seed:");
        for (int a = 0; a < options.Length; a++)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  atol {absoluteTolerances[a],-6:G3} matched {OdeMethodAccuracy.Summary(matchedShare[a])}   worst |dt| of the first {Early} (d) {OdeMethodAccuracy.Summary(worstEarly[a])}   every matched |dt| (d) {OdeMethodAccuracy.Summary(everyMatched[a])}"));
    }

    private static (double[] Times, int[] Transitions) Firings(VirtualPatient patient, IProtocol protocol, int index, PatientSimulationOptions options)
    {
        var run = PatientSimulation.Start(patient, protocol, 1, index, options);
        run.Simulation.Run(run.StopTime);
        var log = run.Person.System.FiringLog!;
        return (log.TimesDays.ToArray(), log.Transitions.ToArray());
    }
}
