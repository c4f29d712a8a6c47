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
/// |x − x_ref| / (|x_ref| + 0.02) (the Dormand–Prince agreement test's measure), and the worst daily difference of donor
/// chimerism in percentage points, summarised over patients. Optionally each method runs at several absolute tolerances
/// (cells; the default is <see cref="Patient.DefaultSolverOptions"/>'s).
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
    /// <param name="protocolName">A built-in protocol.</param>
    /// <param name="patients">Cohort patients (indices 0 … <paramref name="patients"/> − 1, seed 1).</param>
    /// <param name="days">Days simulated after day 0.</param>
    /// <param name="methods">The ODE methods compared with the reference.</param>
    /// <param name="absoluteTolerances">Absolute tolerances (cells) each method runs at; empty for the default options' one.</param>
    public static void Run(string protocolName, int patients, int days, IReadOnlyList<OdeMethod> methods, IReadOnlyList<double> absoluteTolerances)
    {
        var protocol = BuiltInProtocols.Get(protocolName);
        var covariates = CovariateDistribution.Default with { Disease = AutoimmuneDisease.MultipleSclerosis };
        var meanField = Patient.DefaultSolverOptions with { Kind = SolverKind.Ode };
        var reference = PatientSimulationOptions.Default with
        {
            Days = days,
            Solver = meanField with { OdeMethod = OdeMethod.DormandPrince45, OdeRelativeTolerance = 1e-8, OdeAbsoluteTolerance = 1e-6 },
        };
        double[] atols = absoluteTolerances.Count > 0 ? [.. absoluteTolerances] : [meanField.OdeAbsoluteTolerance];
        var runs = methods.SelectMany(m => atols.Select(a => (Method: m, Atol: a))).ToArray();
        var options = runs.Select(r => PatientSimulationOptions.Default with { Days = days, Solver = meanField with { OdeMethod = r.Method, OdeAbsoluteTolerance = r.Atol } }).ToArray();
        var worst = runs.Select(_ => new double[patients]).ToArray();
        var worstChimerism = runs.Select(_ => new double[patients]).ToArray();
        for (int i = 0; i < patients; i++)
        {
            var patient = covariates.Draw(RandomStream.Create(1, i, "covariates"));
            var exact = PatientSimulation.Run(patient, protocol, 1, i, reference).Trajectory;
            for (int r = 0; r < runs.Length; r++)
            {
                var course = PatientSimulation.Run(patient, protocol, 1, i, options[r]).Trajectory;
                worst[r][i] = WorstDeviation(course, exact);
                worstChimerism[r][i] = WorstDifference(course, exact, Measure.DonorChimerism);
            }
        }
        Console.WriteLine($"{protocolName}, {patients} patients x {days} d, mean field, worst daily deviation from Dormand-Prince (rtol 1e-8):");
        for (int r = 0; r < runs.Length; r++)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {runs[r].Method,-22} atol {runs[r].Atol,-6:G3} {Summary(worst[r])}   chimerism (% points) {Summary(worstChimerism[r])}"));
    }

    /// <summary>Median, 90th percentile and maximum of <paramref name="values"/> as printed by the accuracy modes ("-" when empty).</summary>
    internal static string Summary(IEnumerable<double> values)
    {
        double[] sorted = [.. values.Order()];
        if (sorted.Length == 0) return "-";
        return string.Create(CultureInfo.InvariantCulture,
            $"median {sorted[sorted.Length / 2]:G3}  90th {sorted[(int)(0.9 * (sorted.Length - 1))]:G3}  max {sorted[^1]:G3}");
    }

    private static double WorstDifference(ReadoutTrajectory course, ReadoutTrajectory reference, Measure measure)
    {
        double worst = 0;
        for (int d = 0; d < Math.Min(course.Count, reference.Count); d++)
            worst = Math.Max(worst, Math.Abs(course[d, measure] - reference[d, measure]));
        return worst;
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
