using Reconstitution.Kernel;

namespace Reconstitution.Tests.Kernel;

public partial class SimulationTests
{
    [Fact]
    public void Interrupt_EndsWaitEarly_WithCause()
    {
        var sim = new Simulation();
        var log = new List<string>();
        Process p = sim.Process(Recovery());
        sim.Schedule(3, () => p.Interrupt("infection"));
        sim.Run();
        Assert.Equal(["interrupted at 3 by infection", "done at 4"], log);

        IEnumerable<SimEvent> Recovery()
        {
            yield return sim.Timeout(10);
            if (sim.ActiveProcess!.TryGetInterrupt(out object? cause)) log.Add($"interrupted at {sim.Now} by {cause}");
            yield return sim.Timeout(1);
            Assert.False(sim.ActiveProcess!.TryGetInterrupt(out _));
            log.Add($"done at {sim.Now}");
        }
    }

    [Fact]
    public void Interrupt_OriginalEventNoLongerResumesProcess()
    {
        var sim = new Simulation();
        int resumptions = 0;
        SimEvent signal = sim.Event("signal");
        Process p = sim.Process(Body());
        sim.Schedule(1, () => p.Interrupt());
        sim.Schedule(2, () => signal.Succeed());
        sim.Run();
        Assert.Equal(1, resumptions);
        Assert.True(p.IsAlive); // it waits on a second, never-triggered event
        Assert.Equal(EventState.Processed, signal.State);

        IEnumerable<SimEvent> Body()
        {
            yield return signal;
            resumptions++;
            yield return sim.Event("never");
            resumptions++;
        }
    }

    [Fact]
    public void Interrupt_DeliveredBeforeOtherEventsAtSameTime()
    {
        var sim = new Simulation();
        var log = new List<string>();
        Process p = sim.Process(Body());
        sim.Schedule(5, () => { log.Add("callback"); p.Interrupt(); });
        sim.Schedule(5, () => log.Add("later callback"), priority: -100);
        sim.Run();
        Assert.Equal(["later callback", "callback", "interrupted"], log);

        IEnumerable<SimEvent> Body()
        {
            yield return sim.Timeout(5, priority: 10);
            if (sim.ActiveProcess!.TryGetInterrupt(out _)) log.Add("interrupted");
            else log.Add("timeout");
        }
    }

    [Fact]
    public void Interrupt_ByEarlierCallbackOfSameEvent_WinsOverThatEvent()
    {
        // Both processes wait on the same event; the first one's resumption interrupts the second,
        // which must then see the interrupt, not the event.
        var sim = new Simulation();
        SimEvent gate = sim.Event();
        Process? second = null;
        string? secondSaw = null;
        sim.Process(First());
        second = sim.Process(Second());
        sim.Schedule(1, () => gate.Succeed());
        sim.Run();
        Assert.Equal("interrupt:rival", secondSaw);

        IEnumerable<SimEvent> First()
        {
            yield return gate;
            second!.Interrupt("rival");
        }

        IEnumerable<SimEvent> Second()
        {
            yield return gate;
            secondSaw = sim.ActiveProcess!.TryGetInterrupt(out object? c) ? $"interrupt:{c}" : "gate";
        }
    }

    [Fact]
    public void Interrupt_Twice_DeliveredOnceEach_InOrder()
    {
        var sim = new Simulation();
        var causes = new List<object?>();
        Process p = sim.Process(Body());
        sim.Schedule(1, () => { p.Interrupt("a"); p.Interrupt("b"); });
        sim.Run();
        Assert.Equal(["a", "b"], causes);

        IEnumerable<SimEvent> Body()
        {
            while (sim.Now < 10)
            {
                yield return sim.Timeout(3);
                if (sim.ActiveProcess!.TryGetInterrupt(out object? cause)) causes.Add(cause);
            }
        }
    }

    [Fact]
    public void Interrupt_BeforeProcessStarts_IsSeenAtFirstStep()
    {
        var sim = new Simulation();
        object? seen = null;
        Process p = sim.Process(Body());
        p.Interrupt("early");
        sim.Run();
        Assert.Equal("early", seen);

        IEnumerable<SimEvent> Body()
        {
            sim.ActiveProcess!.TryGetInterrupt(out seen);
            yield break;
        }
    }

    [Fact]
    public void Interrupt_FinishedProcess_Throws()
    {
        var sim = new Simulation();
        Process p = sim.Process(Empty(), "short");
        sim.Run();
        var ex = Assert.Throws<InvalidOperationException>(() => p.Interrupt());
        Assert.Contains("short", ex.Message);
    }

    [Fact]
    public void Interrupt_Self_Throws()
    {
        var sim = new Simulation();
        InvalidOperationException? error = null;
        sim.Process(Body());
        sim.Run();
        Assert.NotNull(error);

        IEnumerable<SimEvent> Body()
        {
            error = Assert.Throws<InvalidOperationException>(() => sim.ActiveProcess!.Interrupt());
            yield break;
        }
    }

    [Fact]
    public void Interrupt_ProcessWaitingOnCondition_StopsWaiting()
    {
        var sim = new Simulation();
        int resumed = 0;
        Process p = sim.Process(Body());
        sim.Schedule(1, () => p.Interrupt());
        sim.Run();
        Assert.Equal(1, resumed);

        IEnumerable<SimEvent> Body()
        {
            yield return sim.AnyOf(sim.Timeout(5), sim.Timeout(6));
            resumed++;
        }
    }
}
