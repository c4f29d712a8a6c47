using Reconstitution.Kernel;

namespace Reconstitution.Tests.Kernel;

public partial class SimulationTests
{
    /// <summary>
    /// The daily processes (observation, supportive care, clinical hazards) run as <see cref="Simulation.Repeat"/>; a protocol
    /// may schedule its own events between their priorities or at equal ones, and interrupt them. Each scenario runs once with
    /// the repeating process and once with the iterator it stands for; the two logs must be the same event for event.
    /// </summary>
    [Theory]
    [InlineData(0.0, 1.0, 1000)]
    [InlineData(2.5, 1.0, 2000)]
    [InlineData(0.0, 0.5, 0)]
    [InlineData(-3.0, 2.0, int.MinValue)]
    public void Repeat_AmongForeignEventsAndInterrupts_RunsAsTheEquivalentIterator(double firstDelay, double interval, int priority)
    {
        Assert.Equal(RepeatScenario(firstDelay, interval, priority, iterator: true), RepeatScenario(firstDelay, interval, priority, iterator: false));
    }

    [Fact]
    public void Repeat_TickThrows_ProcessFailsWithTheException()
    {
        var sim = new Simulation();
        int ticks = 0;
        Process p = sim.Repeat(() => ++ticks < 3 ? true : throw new InvalidOperationException("third tick"), 0, 1, 0, "failing");
        bool handled = false;
        sim.Process(Waiter());
        sim.Run();
        Assert.True(handled);
        Assert.Equal(3, ticks);
        Assert.Equal(2.0, p.TimeDays);

        IEnumerable<SimEvent> Waiter()
        {
            yield return p;
            handled = p.Failure is InvalidOperationException { Message: "third tick" };
        }
    }

    [Fact]
    public void Repeat_NegativeInterval_Throws()
    {
        var sim = new Simulation();
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => sim.Repeat(() => true, 0, -1, 0));
        Assert.Contains("intervalDays", ex.Message);
    }

    private static List<string> RepeatScenario(double firstDelay, double interval, int priority, bool iterator)
    {
        var sim = new Simulation();
        var log = new List<string>();
        int ticks = 0;
        // Foreign events at the repeating process's priority and around it, some made before it starts (they run first at
        // equal time and priority), some from callbacks on the way (they run after its wait made earlier).
        foreach (int p in new[] { priority, priority == int.MinValue ? priority : priority - 1, priority == int.MaxValue ? priority : priority + 1 })
            for (double t = 0; t <= 6; t += 1.5)
                Foreign(t, p, "early");
        Process process = iterator ? sim.Process(Body()) : sim.Repeat(Tick, firstDelay, interval, priority, "repeat");
        for (double t = 0.5; t <= 6; t += 2) sim.Schedule(t, () => Foreign(sim.Now + 1, priority, "late"), priority);
        sim.Schedule(3.25, () => process.Interrupt("stop"), priority + (priority == int.MaxValue ? 0 : 1));
        sim.Process(Watch());
        sim.Run();
        return log;

        void Foreign(double t, int p, string kind) => sim.Schedule(t, () => log.Add($"{kind} p{p} at {sim.Now}"), p);

        bool Tick()
        {
            bool interrupted = sim.ActiveProcess!.TryGetInterrupt(out object? cause);
            log.Add($"tick {ticks} at {sim.Now}{(interrupted ? " after " + cause : "")}");
            return ++ticks < 9;
        }

        IEnumerable<SimEvent> Body()
        {
            if (firstDelay > 0) yield return sim.Timeout(firstDelay, priority);
            while (Tick()) yield return sim.Timeout(interval, priority);
        }

        IEnumerable<SimEvent> Watch()
        {
            yield return process;
            log.Add($"ended at {sim.Now}");
        }
    }
}
