using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Reconstitution.Benchmarks;

/// <summary>
/// The calling thread's CPU time (Linux: <c>CLOCK_THREAD_CPUTIME_ID</c>), for profiles that time one phase on one thread while
/// other threads (the runtime's compiler, the garbage collector) run beside it. Elsewhere it falls back to the wall clock.
/// </summary>
internal static class ThreadCpuClock
{
    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    private const int ThreadCpuTime = 3; // CLOCK_THREAD_CPUTIME_ID

    /// <summary>The thread's CPU time so far, in milliseconds (differences are meaningful, not the origin).</summary>
    internal static double Milliseconds()
    {
        if (OperatingSystem.IsLinux() && ClockGetTime(ThreadCpuTime, out var time) == 0)
            return time.Seconds * 1e3 + time.Nanoseconds / 1e6;
        return Stopwatch.GetTimestamp() * 1e3 / Stopwatch.Frequency;
    }
}
