using System.Globalization;
using Reconstitution.Cohorts;
using Reconstitution.Compartments;
using Reconstitution.Outcomes;
using Reconstitution.Physiology;
using Reconstitution.Protocols;
using Reconstitution.Randomness;

namespace Reconstitution.Benchmarks;

/// <summary>
/// How far each ODE method's course is from a tight Dormand–Prince reference: cohort patients (same covariates, seed and
/// index as in a cohort) run as the deterministic mean field (<see cref="SolverKind.Ode"/>, the rest of
/// <see cref="Patient.DefaultSolverOptions"/> unchanged), once with <see cref="OdeMethod.DormandPrince45"/> at relative
/// tolerance 10⁻⁸ and once with each method; per patient the worst daily deviation of ANC, platelets, Hb and lymphocytes,
/// |x − x_ref| / (|x_ref| + 0.02) (the Dormand–Prince agreement test's measure), summarised over patients.
/// </summary>
/// <remarks>
/// Deterministic: the figures do not depend on the machine or its load. A clinical event whose threshold the two courses
/// cross on different days (e.g. an engraftment day) shows as a large deviation for that patient, hence the median and
/// 90th percentile besides the maximum.
/// </remarks>
internal static class OdeMethodAccuracy
{
    private static readonly Measure[] Measures = [Measure.Anc, Measure.Platelets, Measure.Hb, Measure.Lymphocytes];

    /// <summary>Runs <paramref name="patients"/> patients of <paramref name="protocolName"/> for <paramref name="days"/> days and prints each method's deviation from the reference.</summary>
    public static void Run(string protocolName, int patients, int days, IReadOnlyList<OdeMethod> methods)
    {
        var protocol = BuiltInProtocols.Get(protocolName);
        var covariates = CovariateDistribution.Default with { Disease = AutoimmuneDisease.MultipleSclerosis };
        var meanField = Patient.DefaultSolverOptions with { Kind = SolverKind.Ode };
        var reference = PatientSimulationOptions.Default with
        {
            Days = days,
            Solver = meanField with { OdeMethod = OdeMethod.DormandPrince45, OdeRelativeTolerance = 1e-8, OdeAbsoluteTolerance = 1e-6 },
        };
        var options = methods.Select(m => PatientSimulationOptions.Default with { Days = days, Solver = meanField with { OdeMethod = m } }).ToArray();
        var worst = methods.Select(_ => new double[patients]).ToArray();
        for (int i = 0; i < patients; i++)
        {
            var patient = covariates.Draw(RandomStream.Create(1, i, "covariates"));
            var exact = PatientSimulation.Run(patient, protocol, 1, i, reference).Trajectory;
            for (int m = 0; m < methods.Count; m++)
                worst[m][i] = WorstDeviation(PatientSimulation.Run(patient, protocol, 1, i, options[m]).Trajectory, exact);
        }
        Console.WriteLine($"{protocolName}, {patients} patients x {days} d, mean field, worst daily deviation from Dormand-Prince (rtol 1e-8):");
        for (int m = 0; m < methods.Count; m++)
        {
            double[] sorted = [.. worst[m].Order()];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {methods[m],-22} median {sorted[sorted.Length / 2]:G3}  90th {sorted[(int)(0.9 * (sorted.Length - 1))]:G3}  max {sorted[^1]:G3}"));
        }
    }

    private static double WorstDeviation(ReadoutTrajectory course, ReadoutTrajectory reference)
    {
        double worst = 0;
        for (int d = 0; d < Math.Min(course.Count, reference.Count); d++)
            foreach (var measure in Measures)
                worst = Math.Max(worst, Math.Abs(course[d, measure] - reference[d, measure]) / (Math.Abs(reference[d, measure]) + 0.02));
        return worst;
    }
}
