using Reconstitution.Kernel;
using Reconstitution.Kernel.Resources;

namespace Reconstitution.Tests.Kernel.Resources;

/// <summary>Resource semantics: FIFO service, release, cancellation and reneging, priorities, preemption.</summary>
public class ResourceTests
{
    [Fact]
    public void Request_WhenUnitsFree_IsGrantedAtOnce_ElseWaitsInArrivalOrder()
    {
        var sim = new Simulation();
        var res = new Resource(sim, capacity: 2, name: "beds");
        var log = new List<string>();
        for (int i = 0; i < 4; i++) sim.Process(Customer(i, arrival: i * 0.5, hold: 3));
        sim.Run();
        // 0 and 1 get units at 0 and 0.5; 2 and 3 wait for the releases at 3 and 3.5.
        Assert.Equal(["0 got 0", "1 got 0.5", "2 got 3", "3 got 3.5"], log);

        IEnumerable<SimEvent> Customer(int id, double arrival, double hold)
        {
            yield return sim.Timeout(arrival);
            using ResourceRequest req = res.Request();
            yield return req;
            log.Add($"{id} got {sim.Now}");
            Assert.True(req.IsGranted);
            Assert.True(res.Count <= res.Capacity);
            yield return sim.Timeout(hold);
        }
    }

    [Fact]
    public void Release_HandsUnitToHeadOfQueue_InSameInstant()
    {
        var sim = new Simulation();
        var res = new Resource(sim);
        ResourceRequest first = res.Request();
        ResourceRequest second = res.Request();
        Assert.True(first.IsGranted);
        Assert.True(second.IsWaiting);
        Assert.Equal(1, res.QueueLength);
        sim.Schedule(2, () => res.Release(first));
        sim.Run();
        Assert.True(second.IsGranted);
        Assert.Equal(2, second.GrantedAtDays);
        Assert.Equal(2, first.ReleasedAtDays);
        Assert.Equal(EventState.Processed, second.State);
        Assert.Equal(1, res.Count);
        Assert.Equal(0, res.QueueLength);
    }

    [Fact]
    public void Cancel_WaitingRequest_LeavesQueueAndIsNeverTriggered()
    {
        var sim = new Simulation();
        var res = new Resource(sim);
        ResourceRequest holder = res.Request();
        ResourceRequest quitter = res.Request();
        ResourceRequest patient = res.Request();
        quitter.Cancel();
        Assert.True(quitter.IsCancelled);
        Assert.Equal(1, res.QueueLength);
        res.Release(holder);
        Assert.True(patient.IsGranted);
        sim.Run();
        Assert.Equal(EventState.Pending, quitter.State);
        quitter.Cancel(); // a second cancel does nothing
        Assert.True(quitter.IsCancelled);
    }

    [Fact]
    public void Reneging_AnyOfRequestAndTimeout_CustomerLeavesAfterPatience()
    {
        var sim = new Simulation();
        var res = new Resource(sim, name: "slot");
        var log = new List<string>();
        sim.Process(Holder());
        sim.Process(Customer("impatient", patience: 2));
        sim.Process(Customer("patient", patience: 10));
        sim.Run();
        Assert.Equal(["impatient reneged at 2", "patient served at 5"], log);

        IEnumerable<SimEvent> Holder()
        {
            using ResourceRequest req = res.Request();
            yield return req;
            yield return sim.Timeout(5);
        }

        IEnumerable<SimEvent> Customer(string name, double patience)
        {
            using ResourceRequest req = res.Request();
            yield return sim.AnyOf(req, sim.Timeout(patience));
            if (!req.IsGranted)
            {
                log.Add($"{name} reneged at {sim.Now}");
                yield break; // Dispose withdraws the request
            }

            log.Add($"{name} served at {sim.Now}");
        }
    }

    [Fact]
    public void Dispose_GrantedRequest_ReleasesUnit()
    {
        var sim = new Simulation();
        var res = new Resource(sim);
        ResourceRequest a = res.Request();
        ResourceRequest b = res.Request();
        a.Dispose();
        Assert.False(a.IsGranted);
        Assert.True(b.IsGranted);
        Assert.Equal(1, res.Count);
    }

    [Fact]
    public void PriorityResource_ServesLowerPriorityValueFirst_EqualInArrivalOrder()
    {
        var sim = new Simulation();
        var res = new PriorityResource(sim);
        ResourceRequest holder = res.Request();
        ResourceRequest[] waiting = [res.Request(2), res.Request(1), res.Request(2), res.Request(-1), res.Request(1)];
        var order = new List<int>();
        foreach (ResourceRequest r in waiting) r.AddCallback(_ => order.Add(Array.IndexOf(waiting, r)));
        res.Release(holder);
        for (int k = 0; k < waiting.Length; k++)
        {
            ResourceRequest current = waiting.Single(r => r.IsGranted);
            sim.Run(k + 1);
            res.Release(current);
        }

        sim.Run();
        Assert.Equal([3, 1, 4, 0, 2], order);
    }

    [Fact]
    public void PreemptiveResource_EvictsWorstPriorityLatestGranted_AndInterruptsItsOwner()
    {
        var sim = new Simulation();
        var res = new PreemptiveResource(sim, capacity: 3);
        var log = new List<string>();
        sim.Process(User("a", priority: 5, start: 0), "a");
        sim.Process(User("b", priority: 5, start: 1), "b");   // same worst priority as a, granted later: the victim
        sim.Process(User("c", priority: 1, start: 2), "c");
        sim.Process(User("urgent", priority: 0, start: 3), "urgent");
        sim.Run();
        Assert.Contains("b preempted at 3 by urgent after 2 days", log);
        Assert.DoesNotContain(log, l => l.StartsWith("a preempted") || l.StartsWith("c preempted"));
        Assert.Contains("urgent got 3", log);

        IEnumerable<SimEvent> User(string name, int priority, double start)
        {
            yield return sim.Timeout(start);
            using ResourceRequest req = res.Request(priority);
            yield return req;
            log.Add($"{name} got {sim.Now}");
            yield return sim.Timeout(10);
            if (sim.ActiveProcess!.TryGetInterrupt(out object? cause) && cause is Preempted p)
            {
                Assert.Same(req, p.Request);
                Assert.True(req.WasPreempted);
                Assert.False(req.IsGranted);
                log.Add($"{name} preempted at {sim.Now} by {p.By.Owner} after {sim.Now - p.Request.GrantedAtDays} days");
            }
        }
    }

    [Fact]
    public void PreemptiveResource_EqualOrWorsePriority_OrNoPreemptFlag_Waits()
    {
        var sim = new Simulation();
        var res = new PreemptiveResource(sim, capacity: 1);
        ResourceRequest holder = res.Request(1);
        ResourceRequest equal = res.Request(1);
        ResourceRequest polite = res.Request(0, preempt: false);
        Assert.True(holder.IsGranted);
        Assert.True(equal.IsWaiting);
        Assert.True(polite.IsWaiting);
        // A preempting request that would not be first in the queue (polite has its priority) waits too.
        ResourceRequest late = res.Request(0);
        Assert.True(late.IsWaiting);
        Assert.True(holder.IsGranted);
        res.Release(holder);
        Assert.True(polite.IsGranted); // priority 0, earlier than late
    }

    [Fact]
    public void PreemptiveResource_RequestOutsideProcess_IsRevokedWithoutInterrupt()
    {
        var sim = new Simulation();
        var res = new PreemptiveResource(sim);
        ResourceRequest low = res.Request(3);
        ResourceRequest high = res.Request(0);
        Assert.True(low.WasPreempted);
        Assert.True(high.IsGranted);
        Assert.Throws<ArgumentException>(() => res.Release(low));
        sim.Run();
    }
    [Fact]
    public void AllOf_RequestsOnTwoResources_ResumesWhenBothAreGranted()
    {
        var sim = new Simulation();
        var beds = new Resource(sim, name: "beds");
        var nurses = new Resource(sim, name: "nurses");
        ResourceRequest bedHolder = beds.Request();
        ResourceRequest nurseHolder = nurses.Request();
        sim.Schedule(2, () => beds.Release(bedHolder));
        sim.Schedule(5, () => nurses.Release(nurseHolder));
        double admitted = double.NaN;
        sim.Process(Admission());
        sim.Run();
        Assert.Equal(5, admitted);

        IEnumerable<SimEvent> Admission()
        {
            using ResourceRequest bed = beds.Request();
            using ResourceRequest nurse = nurses.Request();
            yield return sim.AllOf(bed, nurse);
            Assert.Equal(2, bed.GrantedAtDays);   // the bed was held (and counted) from day 2
            admitted = sim.Now;
        }
    }
}
