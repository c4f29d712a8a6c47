using Reconstitution.Kernel;
using Reconstitution.Validation;

namespace Reconstitution.Monitoring;

/// <summary>Periodic observation of a <see cref="Simulation"/> on a fixed grid of times.</summary>
/// <remarks>Stateless and thread-safe; the process it starts belongs to one simulation.</remarks>
public static class Sampling
{
    /// <summary>
    /// Starts a process that calls <paramref name="sample"/> at the current time t₀ and at
    /// t₀ + k·<paramref name="intervalDays"/> for k = 1, 2, … while that time is ≤ <paramref name="untilDays"/>.
    /// </summary>
    /// <param name="simulation">The simulation.</param>
    /// <param name="intervalDays">The sampling interval in days; finite and &gt; 0.</param>
    /// <param name="untilDays">The last possible sampling time in days; finite, not before <see cref="Simulation.Now"/>.</param>
    /// <param name="sample">Receives the sampling time in days.</param>
    /// <param name="priority">
    /// The priority of the sampling events; the default <see cref="int.MaxValue"/> samples after
    /// every other event at the same time, so a sample sees the state those events left.
    /// </param>
    /// <returns>The sampling process; it ends after the last sample, and ignores interrupts (they do not shift the grid).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="simulation"/> or <paramref name="sample"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="intervalDays"/> or <paramref name="untilDays"/> is out of range.</exception>
    /// <remarks>
    /// Times are computed as t₀ + k·Δ, not by adding Δ repeatedly, so they do not drift. The
    /// bounded end keeps <see cref="Simulation.Run()"/> from running forever. Each sample costs one
    /// pooled timeout: no allocation per sample.
    /// </remarks>
    public static Process Every(Simulation simulation, double intervalDays, double untilDays, Action<double> sample, int priority = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(sample);
        Check(simulation, intervalDays, untilDays);
        return simulation.Process(Loop(simulation, intervalDays, untilDays, sample, priority), "Sampling");
    }

    internal static void Check(Simulation simulation, double intervalDays, double untilDays)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        Guard.Positive(intervalDays, unit: "days");
        Guard.FiniteAtLeast(untilDays, simulation.Now, unit: "days");
    }

    private static IEnumerable<SimEvent> Loop(Simulation sim, double intervalDays, double untilDays, Action<double> sample, int priority)
    {
        double start = sim.Now;
        double next = start;
        for (long k = 1; ; k++)
        {
            // Wait for the grid time; an interrupt only makes the sampler wait again. The first
            // sample also waits (zero delay) so that it follows the other events at the start time.
            do
            {
                yield return sim.Timeout(Math.Max(0, next - sim.Now), priority);
            }
            while (sim.ActiveProcess!.TryGetInterrupt(out _));

            sample(sim.Now);
            next = start + (k * intervalDays);
            if (next > untilDays) yield break;
        }
    }
}
