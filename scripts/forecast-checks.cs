// Two checks behind docs/forecasting.md § Validation (checks of the set-up, information in the first days). A .NET 10
// file-based app; from the repository root:
//
//   dotnet run -c Release scripts/forecast-checks.cs              1000 patients per check (≈ 1 min CPU)
//   dotnet run -c Release scripts/forecast-checks.cs -- 50        a smoke test
//
// 1. Prior: the neutrophil engraftment day of the calibration test's synthetic truths (PatientSimulation.Run from the
//    covariates, no split) against the forecaster's prior particles (VirtualPatient.Draw, another seed, the future
//    re-keyed after day 7 or 10 with FutureRandomness): the two must have one distribution.
// 2. Information: the engraftment day predicted by linear least squares from the noisy counts to day 7 or 10 (the
//    calibration test's measurement model), trained on n patients and scored on n others by its mean absolute error,
//    against the prior median's. A benchmark, not a bound: what a simple reading of the counts already gains.
#:project ../src/Reconstitution/Reconstitution.csproj
#:property PublishAot=false

using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;
using Reconstitution.Forecasting;
using Reconstitution.Outcomes;
using Reconstitution.Physiology;
using Reconstitution.Protocols;
using Reconstitution.Randomness;

int n = args.Length > 0 ? int.Parse(args[0]) : 1000;
const int Horizon = 35;
var protocol = BuiltInProtocols.Get("allo-pbsc-mac");
var covariates = new PatientCovariates();
var options = new PatientSimulationOptions { Days = Horizon };
double Day(PatientCourse c) => Math.Min(c.Outcome.NeutrophilEngraftmentDay ?? Horizon + 1.0, Horizon + 1);

// 1. Prior.
void Describe(string name, Func<int, PatientCourse> simulate)
{
    var x = new double[n];
    Parallel.For(0, n, i => x[i] = Day(simulate(i)));
    double mean = x.Average(), sd = Math.Sqrt(x.Sum(v => (v - mean) * (v - mean)) / (n - 1));
    var s = x.Order().ToArray();
    Console.WriteLine($"{name}: mean {mean:0.00} (SE {sd / Math.Sqrt(n):0.00}), quartiles {s[n / 4]}/{s[n / 2]}/{s[3 * n / 4]}, 10-90 % {s[n / 10]}-{s[9 * n / 10]}, not by day {Horizon} {s.Count(v => v > Horizon)}");
}
PatientCourse Particle(int i, int split)
{
    var random = RandomStream.Create(5, i, "particle");
    var patient = VirtualPatient.Draw(covariates, null, random);
    ulong seed = random.NextUInt64();
    return PatientSimulation.Run(patient, protocol, seed, 0, options with { Future = new FutureRandomness(split, random.NextUInt64()) });
}
Console.WriteLine($"1. Prior of the neutrophil engraftment day, allo-pbsc-mac, {n} patients each (day {Horizon + 1} = not by day {Horizon})");
Describe("   calibration test's truths", i => PatientSimulation.Run(covariates, protocol, 2026, i, options));
Describe("   prior particles, future after day 7", i => Particle(i, 7));
Describe("   prior particles, future after day 10", i => Particle(i, 10));

// 2. Information: the same patients and measurement model as the calibration test (other indices).
var courses = new PatientCourse[2 * n];
Parallel.For(0, 2 * n, i => courses[i] = PatientSimulation.Run(covariates, protocol, 2026, 5000 + i, options));
int first = (int)courses[0].Trajectory.Days[0];
var error = MeasurementError.Default;
double[] truth = Array.ConvertAll(courses, Day);
double prior = truth.Take(n).Order().ElementAt(n / 2);
Console.WriteLine($"2. Information: prior median day {prior}, its MAE on the scored half {truth.Skip(n).Average(t => Math.Abs(t - prior)):0.00} days");
foreach (int last in new[] { 7, 10 })
    foreach (var measures in new[] { new[] { Measure.Anc }, new[] { Measure.Anc, Measure.Platelets, Measure.Hb } })
    {
        var rows = new double[2 * n][];
        for (int i = 0; i < 2 * n; i++)
        {
            var random = RandomStream.Create(2026, 5000 + i, "measurement");
            var row = new List<double> { 1 };
            for (int day = 0; day <= last; day++)
                foreach (var m in measures)
                {
                    // A course that ended (death) reads as the floor.
                    double x = day - first < courses[i].Trajectory.Count ? courses[i].Trajectory[day - first, m] : 0, c = error.Floor(m), cv = error.Cv(m);
                    double y = Math.Max(0, (x + c) * Math.Exp(Math.Sqrt(Math.Log(1 + cv * cv)) * Normal.Sample(random, 0, 1)) - c);
                    row.Add(Math.Log(y + c));
                }
            rows[i] = [.. row];
        }
        var X = Matrix<double>.Build.DenseOfRowArrays(rows.Take(n));
        var beta = X.TransposeThisAndMultiply(X).Add(Matrix<double>.Build.DenseIdentity(X.ColumnCount) * 1e-6)
            .Solve(X.TransposeThisAndMultiply(Vector<double>.Build.DenseOfEnumerable(truth.Take(n))));
        var gain = Enumerable.Range(n, n).Select(i => Math.Abs(truth[i] - prior) - Math.Abs(Math.Round(Vector<double>.Build.DenseOfArray(rows[i]) * beta) - truth[i])).ToArray();
        double mean = gain.Average(), se = Math.Sqrt(gain.Sum(v => (v - mean) * (v - mean)) / (n - 1) / n);
        Console.WriteLine($"   counts to day {last} ({string.Join(", ", measures)}): linear prediction beats the prior median by {mean:0.00} days (SE {se:0.00})");
    }
