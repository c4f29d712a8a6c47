using Reconstitution.Cohorts;
using Reconstitution.Outcomes;
using Reconstitution.Output;
using Reconstitution.Protocols;

namespace Reconstitution.Benchmarks;

/// <summary>
/// The cohort consumer's cost on its own thread (issue 15): <see cref="TrajectoryBands.Add"/> for every patient of a cohort,
/// then bands.csv (<see cref="BandsCsv.Format"/>), timed by the thread's CPU clock. The trajectories of 40 simulated
/// <c>auto-cy-atg</c> patients are reused cyclically to make a cohort of <c>patients</c>, so a cohort beyond
/// <see cref="TrajectoryBands.ExactValueBudget"/> (1,000 × 730 d) takes the binned sketch path, as the CLI's target run does.
/// </summary>
/// <remarks>
/// <c>bands &lt;patients&gt; &lt;days&gt; &lt;rounds&gt;</c>: one warm-up round, then <c>rounds</c> timed rounds; prints each round's
/// milliseconds for adding and for formatting, and the fastest (the least disturbed by other processes), and a checksum of
/// bands.csv (the same on any build that bins the same values). Under callgrind, compare two round counts.
/// </remarks>
internal static class BandsProfile
{
    private const int Distinct = 40;

    /// <summary>Runs the profile.</summary>
    public static void Run(int patients, int days, int rounds)
    {
        var spec = new CohortSpecification(BuiltInProtocols.Get("auto-cy-atg")) { Patients = Distinct, Days = days, Seed = 1 };
        var courses = new CourseCollector();
        Cohort.Run(spec, [courses]);
        var trajectories = courses.Courses.Select(c => c.Trajectory).ToArray();
        int firstDay = spec.Protocol.StartDay - 1;
        double bestAdd = double.PositiveInfinity, bestFormat = double.PositiveInfinity;
        for (int round = 0; round <= rounds; round++)
        {
            double t0 = ThreadCpuClock.Milliseconds();
            var bands = TrajectoryBands.ForPatients(firstDay, days, patients);   // as a cohort's summary builder makes them
            for (int i = 0; i < patients; i++) bands.Add(trajectories[i % Distinct]);
            double t1 = ThreadCpuClock.Milliseconds();
            string csv = BandsCsv.Format(bands);
            double t2 = ThreadCpuClock.Milliseconds();
            if (round == 0)
            {
                Console.WriteLine($"bands {patients} × {days} d: exact {bands.IsExact}, bands.csv {csv.Length} chars, checksum {Checksum(csv):x16}");
                continue;
            }
            bestAdd = Math.Min(bestAdd, t1 - t0);
            bestFormat = Math.Min(bestFormat, t2 - t1);
            Console.WriteLine($"round {round}: add {t1 - t0:F1} ms, bands.csv {t2 - t1:F1} ms");
        }
        Console.WriteLine($"fastest: add {bestAdd:F1} ms ({bestAdd * 1e3 / patients:F1} µs a patient), bands.csv {bestFormat:F1} ms");
    }

    private static ulong Checksum(string text)
    {
        ulong hash = 14695981039346656037;
        foreach (char c in text) hash = (hash ^ c) * 1099511628211;
        return hash;
    }
}
