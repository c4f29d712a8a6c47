using FsCheck;
using FsCheck.Fluent;
using Reconstitution.Kernel;
using Reconstitution.Kernel.Resources;
using Reconstitution.Monitoring;

namespace Reconstitution.Tests.Kernel.Resources;

/// <summary>FsCheck properties of resources under random arrivals, holds, priorities, reneging and preemption.</summary>
public class ResourceProperties
{
    /// <summary>FsCheck's configuration with a fixed replay seed, so a run is reproducible.</summary>
    internal static readonly Config Replay = Config.QuickThrowOnFailure.WithReplay(new FsCheck.Replay(new Rnd(16_2026UL), null));

    private static readonly Gen<Customer> CustomerGen =
        from arrival in Gen.Choose(0, 20)
        from hold in Gen.Choose(0, 12)
        from patience in Gen.Choose(0, 10)
        from priority in Gen.Choose(0, 3)
        select new Customer(arrival * 0.5, hold * 0.5, patience == 0 ? double.PositiveInfinity : patience * 0.5, priority);

    private static readonly Gen<(int Kind, int Capacity, Customer[] Customers)> Scenario =
        from kind in Gen.Choose(0, 2) from capacity in Gen.Choose(1, 4) from customers in Gen.ArrayOf(CustomerGen)
        select (kind, capacity, customers);

    [Fact]
    public void Requests_NeverServedTwice_NeverOverCapacity_GrantedInTimeOrder()
    {
        Prop.ForAll(Scenario.ToArbitrary(), s =>
        {
            var run = Simulate(s.Kind, s.Capacity, s.Customers);
            bool unique = run.Grants.Distinct().Count() == run.Grants.Count;
            bool timeOrder = run.GrantTimes.Zip(run.GrantTimes.Skip(1)).All(p => p.First <= p.Second);
            bool afterRequest = run.Grants.All(r => r.GrantedAtDays >= r.RequestedAtDays);
            return unique && run.WithinCapacity && timeOrder && afterRequest && run.Utilisation <= 1 + 1e-12 && run.EndCount == 0;
        }).Check(Replay);
    }

    [Fact]
    public void PlainResource_WithoutReneging_GrantsInRequestOrder()
    {
        Prop.ForAll(Gen.ArrayOf(CustomerGen).ToArbitrary(), Gen.Choose(1, 4).ToArbitrary(), (customers, capacity) =>
        {
            Customer[] patient = customers.Select(c => c with { PatienceDays = double.PositiveInfinity }).ToArray();
            var run = Simulate(kind: 0, capacity, patient);
            return run.Grants.Count == patient.Length
                && run.Grants.Zip(run.Grants.Skip(1)).All(p => p.First.RequestedAtDays <= p.Second.RequestedAtDays);
        }).Check(Replay);
    }

    private static Run Simulate(int kind, int capacity, Customer[] customers)
    {
        var sim = new Simulation();
        Resource res = kind switch
        {
            0 => new Resource(sim, capacity),
            1 => new PriorityResource(sim, capacity),
            _ => new PreemptiveResource(sim, capacity),
        };
        var monitor = new ResourceMonitor(res);
        var run = new Run();
        foreach (Customer c in customers) sim.Process(Body(c));
        sim.Run();
        run.Utilisation = monitor.Utilisation;
        run.EndCount = res.Count + res.QueueLength;
        return run;

        IEnumerable<SimEvent> Body(Customer c)
        {
            yield return sim.Timeout(c.ArrivalDays);
            using ResourceRequest req = res is PriorityResource p ? p.Request(c.Priority) : res.Request();
            if (double.IsPositiveInfinity(c.PatienceDays)) yield return req;
            else yield return sim.AnyOf(req, sim.Timeout(c.PatienceDays));
            if (!req.IsGranted) yield break; // reneged, or preempted while the grant was in flight
            run.Grants.Add(req);
            run.GrantTimes.Add(req.GrantedAtDays);
            run.WithinCapacity &= res.Count <= res.Capacity && res.Count >= 0;
            yield return sim.Timeout(c.HoldDays);
        }
    }

    private sealed record Customer(double ArrivalDays, double HoldDays, double PatienceDays, int Priority);

    private sealed class Run
    {
        public List<ResourceRequest> Grants { get; } = [];
        public List<double> GrantTimes { get; } = [];
        public bool WithinCapacity { get; set; } = true;
        public double Utilisation { get; set; }
        public int EndCount { get; set; }
    }
}
