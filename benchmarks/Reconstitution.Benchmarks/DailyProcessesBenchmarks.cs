using BenchmarkDotNet.Attributes;
using Reconstitution.Kernel;

namespace Reconstitution.Benchmarks;

/// <summary>
/// The kernel's share of a simulated day: the daily processes of one patient as <c>PatientSimulation</c> makes them (the
/// observation at 1000, supportive care at 2000 from the first day of conditioning, the clinical hazards at 3000), with steps
/// that only count, a state advancer that does nothing, and a protocol's events on some days (five daily doses at priority 0,
/// an infusion on day 0 and the GVHD prophylaxis at priority 1), from day −7 to day 730. With <see cref="CancellationProcess"/>,
/// also the command line's cancellation check as a process of its own at <see cref="int.MinValue"/>, as runs made it up to
/// session 14 (since session 15 the observation checks it): the difference is what that fourth process cost a day.
/// </summary>
/// <remarks>Mean is nanoseconds per simulated day (737 days per course, OperationsPerInvoke); the physiology is not in it.</remarks>
[MemoryDiagnoser]
public class DailyProcessesBenchmarks
{
    private const int Courses = 100;
    private const double FirstDay = -7, LastDay = 730;

    /// <summary>Whether the cancellation check runs as a daily process of its own (up to session 14) or not (since).</summary>
    [Params(false, true)]
    public bool CancellationProcess { get; set; }

    [Benchmark(OperationsPerInvoke = Courses * (int)(LastDay - FirstDay))]
    public long DailyProcesses()
    {
        long steps = 0;
        for (int c = 0; c < Courses; c++) steps += Course();
        return steps;
    }

    private long Course()
    {
        var sim = new Simulation(FirstDay);
        sim.AddAdvancer(new NoAdvance());
        long steps = 0;
        sim.Repeat(() => ++steps > 0 && sim.Now + 1 <= LastDay, 0, 1, 1000, "observe");
        if (CancellationProcess) sim.Repeat(() => ++steps > 0 && sim.Now + 1 <= LastDay, 0, 1, int.MinValue, "cancellation");
        for (int d = -6; d <= -2; d++) sim.Schedule(d, () => steps++);
        sim.Schedule(0, () => steps++);
        sim.Schedule(0, () => steps++, priority: 1);
        sim.Repeat(() => ++steps > 0, 1, 1, 2000, "supportiveCare");
        sim.Repeat(() => ++steps > 0 && sim.Now + 1 <= LastDay, 0, 1, 3000, "clinical");
        sim.Run(LastDay + 0.5);
        return steps;
    }

    private sealed class NoAdvance : IStateAdvancer
    {
        public void AdvanceTo(double timeDays)
        {
        }
    }
}
