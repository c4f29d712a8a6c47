using FsCheck;
using FsCheck.Fluent;
using Reconstitution.Kernel;
using Reconstitution.Randomness;

namespace Reconstitution.Tests.Kernel;

public partial class SimulationTests
{
    /// <summary>
    /// Repeating processes due at one time ride on the first one's timeout and run inline when nothing queued comes between
    /// (<see cref="Simulation.Repeat"/>). Random scenarios of two to five repeating processes (priorities that tie and differ,
    /// first delays and intervals that make them meet and part), foreign events at, between and around their priorities (made
    /// before and from callbacks), interrupts of carriers and riders, processes that end, stops from a callback and from a
    /// step: the log of every step and foreign event, with the processed and queued event counts at each, must equal that of
    /// the same scenario with each repeating process written as its iterator (never carried).
    /// </summary>
    [Fact]
    public void Repeat_SeveralAtOneTime_RunAsTheirIteratorsEventForEvent()
    {
        Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), seed =>
        {
            List<string> iterators = RidingScenario((ulong)seed, iterators: true);
            List<string> repeating = RidingScenario((ulong)seed, iterators: false);
            return iterators.SequenceEqual(repeating);
        }).CheckThrowOnFailure();
    }

    [Fact]
    public void Repeat_DailyProcessesWithoutForeignEvents_KeepOneTimeoutQueued()
    {
        // Observation, supportive care and clinical hazards as PatientSimulation makes them: after their first day, the two later
        // ones ride on the observation's timeout, so one event a day is queued, and all three still step every day in order.
        var sim = new Simulation(-1);
        var log = new List<string>();
        sim.Repeat(Logging(sim, log, "observe"), 0, 1, 1000);
        sim.Repeat(Logging(sim, log, "care"), 1, 1, 2000);
        sim.Repeat(Logging(sim, log, "clinical"), 0, 1, 3000);
        sim.Run(0);
        long processed = sim.ProcessedEventCount;
        var queued = new List<int>();
        for (int day = 1; day <= 5; day++)
        {
            sim.Run(day - 0.5);
            queued.Add(sim.QueuedEventCount);
            sim.Run(day);
        }

        Assert.All(queued, q => Assert.Equal(3, q)); // the riding waits count as the events they stand for
        Assert.Equal(15, sim.ProcessedEventCount - processed);
        Assert.Equal(["observe -1", "clinical -1", "observe 0", "care 0", "clinical 0"], log.Take(5));
        for (int day = 1; day <= 5; day++) Assert.Equal([$"observe {day}", $"care {day}", $"clinical {day}"], log.Skip(2 + 3 * day).Take(3));
    }

    [Fact]
    public void Repeat_ProtocolEventBetweenDailyProcesses_RunsBetweenThemOnItsDay()
    {
        // A protocol reacting at 1500 (after the observation, before supportive care) and at 2000 made after supportive care's wait
        // (so after it), on day 3 only: the riders land as timeouts that day and ride again the next.
        var sim = new Simulation(0);
        var log = new List<string>();
        sim.Repeat(Logging(sim, log, "observe"), 0, 1, 1000);
        sim.Repeat(Logging(sim, log, "care"), 0, 1, 2000);
        sim.Repeat(Logging(sim, log, "clinical"), 0, 1, 3000);
        sim.Schedule(2.5, () =>
        {
            sim.Schedule(3, () => log.Add($"protocol 1500 {sim.Now}"), 1500);
            sim.Schedule(3, () => log.Add($"protocol 2000 {sim.Now}"), 2000);
        });
        sim.Run(4);
        Assert.Equal(["observe 2", "care 2", "clinical 2", "observe 3", "protocol 1500 3", "care 3", "protocol 2000 3", "clinical 3", "observe 4", "care 4", "clinical 4"],
            log.Skip(6));
    }

    [Fact]
    public void Repeat_RiderEndsTheSimulation_LaterRidersDoNotRunThatDay()
    {
        // The clinical course stops the simulation at death: a rider after it in the same day must not run, and its wait stays queued.
        var sim = new Simulation(0);
        var log = new List<string>();
        sim.Repeat(Logging(sim, log, "observe"), 0, 1, 1000);
        sim.Repeat(() => { log.Add($"dies {sim.Now}"); if (sim.Now == 3) sim.Stop(); return true; }, 0, 1, 2000);
        sim.Repeat(Logging(sim, log, "after"), 0, 1, 3000);
        sim.Run(10);
        Assert.True(sim.IsFinished);
        Assert.Equal(3.0, sim.Now);
        Assert.Equal(["observe 3", "dies 3"], log.Skip(9));
        Assert.Equal(3, sim.QueuedEventCount); // observe's and dies' next waits, after's wait of day 3
    }

    [Fact]
    public void Repeat_DailyProcessesInSteadyState_AllocateNothingPerDay()
    {
        var sim = new Simulation(0);
        long ticks = 0;
        sim.Repeat(() => ++ticks > 0, 0, 1, int.MinValue);
        sim.Repeat(() => ++ticks > 0, 0, 1, 1000);
        sim.Repeat(() => ++ticks > 0, 1, 1, 2000);
        sim.Repeat(() => ++ticks > 0, 0, 1, 3000);
        sim.Run(20);
        long before = GC.GetAllocatedBytesForCurrentThread();
        long ticksBefore = ticks;
        sim.Run(2000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(4 * 1980, ticks - ticksBefore);
        Assert.Equal(0, allocated);
    }

    /// <summary>
    /// A carrier queues its fired timeout again for its next wait (<see cref="Simulation.RequeueAt"/>) instead of recycling it: beside
    /// iterator processes that take pooled timeouts every half day and every day (at, between and around the carrier's priority), the
    /// log must equal the same course with the repeating processes written as iterators. Fails if the queued-again timeout were also
    /// put into the pool (an iterator would take it while it is queued) or if the event loop recycled it.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Repeat_BesideIteratorsOnPooledTimeouts_RunsAsItsIterators(bool interrupt)
    {
        Assert.Equal(Course(iterators: true), Course(iterators: false));

        List<string> Course(bool iterators)
        {
            var sim = new Simulation(0);
            var log = new List<string>();
            var observe = Daily("observe", 1000);
            Daily("care", 2000);
            sim.Process(Pooled("half", 0.5, 1000));
            sim.Process(Pooled("day", 1, 1000));
            sim.Process(Pooled("late", 1, 2500));
            if (interrupt) sim.Schedule(40.25, () => observe.Interrupt("i"), 5);
            sim.Run(100);
            log.Add($"end {sim.ProcessedEventCount} processed, {sim.QueuedEventCount} queued");
            return log;

            Process Daily(string name, int priority)
            {
                Func<bool> tick = Logging(sim, log, name);
                return iterators ? sim.Process(Body(), name) : sim.Repeat(tick, 0, 1, priority, name);

                IEnumerable<SimEvent> Body()
                {
                    while (tick()) yield return sim.Timeout(1, priority);
                }
            }

            IEnumerable<SimEvent> Pooled(string name, double interval, int priority)
            {
                while (true)
                {
                    log.Add($"{name} {sim.Now} {sim.ProcessedEventCount}");
                    yield return sim.Timeout(interval, priority);
                }
            }
        }
    }

    /// <summary>A repeating process's step that logs its name and the time, and always waits again.</summary>
    private static Func<bool> Logging(Simulation sim, List<string> log, string what) => () =>
    {
        log.Add($"{what} {sim.Now}");
        return true;
    };

    /// <summary>One random scenario (see <see cref="Repeat_SeveralAtOneTime_RunAsTheirIteratorsEventForEvent"/>); the log of what ran.</summary>
    private static List<string> RidingScenario(ulong seed, bool iterators)
    {
        var rng = RandomStream.Create(seed, 0, "riding");
        int[] priorities = [int.MinValue, -1, 0, 1000, 1500, 2000, 3000];
        double[] delays = [0, 0, 0, 1, 0.5, 2, -1];
        double[] intervals = [1, 1, 1, 1, 0.5, 2];
        var sim = new Simulation();
        var log = new List<string>();
        int count = rng.Next(2, 6);
        var processes = new Process[count];
        for (int k = 0; k < count; k++)
        {
            int name = k, priority = priorities[rng.Next(priorities.Length)], lastTick = rng.Next(3, 25), stopAt = rng.Next(8) == 0 ? rng.Next(1, 12) : -1;
            double firstDelay = delays[rng.Next(delays.Length)], interval = intervals[rng.Next(intervals.Length)];
            int ticks = 0;
            bool Tick()
            {
                bool interrupted = sim.ActiveProcess!.TryGetInterrupt(out object? cause);
                Log($"tick {name}.{ticks}{(interrupted ? " after " + cause : "")}");
                if (ticks == stopAt) sim.Stop(); // a step that ends the simulation (the clinical course at death)
                return ++ticks < lastTick;
            }

            IEnumerable<SimEvent> Body()
            {
                if (firstDelay > 0) yield return sim.Timeout(firstDelay, priority);
                while (Tick()) yield return sim.Timeout(interval, priority);
            }

            processes[k] = iterators ? sim.Process(Body(), $"p{k}") : sim.Repeat(Tick, firstDelay, interval, priority, $"p{k}");
            if (rng.Next(3) == 0) Foreign(rng.Next(0, 9) * 0.5, priorities[rng.Next(priorities.Length)], "between");
        }

        for (int i = rng.Next(0, 12); i > 0; i--) Foreign(rng.Next(0, 25) * 0.5, priorities[rng.Next(priorities.Length)] + rng.Next(-1, 2), "early");
        for (int i = rng.Next(0, 6); i > 0; i--)
        {
            int p = priorities[rng.Next(priorities.Length)];
            sim.Schedule(rng.Next(0, 20) * 0.5, () => Foreign(sim.Now + rng.Next(0, 3), p, "late"), priorities[rng.Next(priorities.Length)]);
        }

        for (int i = rng.Next(0, 4); i > 0; i--)
        {
            Process target = processes[rng.Next(count)];
            sim.Schedule(rng.Next(0, 24) * 0.5, () => { if (target.IsAlive && !ReferenceEquals(sim.ActiveProcess, target)) target.Interrupt("i" + sim.Now); },
                priorities[rng.Next(priorities.Length)]);
        }

        if (rng.Next(4) == 0) sim.Schedule(rng.Next(0, 24) * 0.5, () => { Log("stop"); sim.Stop(); }, priorities[rng.Next(priorities.Length)]);
        foreach (Process p in processes) sim.Process(Watch(p));
        sim.Run();
        log.Add($"end at {sim.Now}: {sim.ProcessedEventCount} processed, {sim.QueuedEventCount} queued");
        return log;

        void Log(string what)
        {
            // Only repeating processes waiting on a timeout of their own count as possible carriers, never more than are alive.
            Assert.InRange(sim._ownTimeoutWaits, 0, iterators ? 0 : processes.Count(p => p is not null && p.IsAlive));
            log.Add($"{what} at {sim.Now}: {sim.ProcessedEventCount} processed, {sim.QueuedEventCount} queued");
        }

        void Foreign(double t, int p, string kind) => sim.Schedule(t, () => Log($"{kind} p{p}"), p);

        IEnumerable<SimEvent> Watch(Process p)
        {
            yield return p;
            Log($"{p.Name} ended");
        }
    }
}
