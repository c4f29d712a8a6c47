using Reconstitution.Kernel;
using Reconstitution.Kernel.Resources;
using Reconstitution.Monitoring;

namespace Reconstitution.Tests.Kernel.Resources;

/// <summary>Store and FilterStore semantics.</summary>
public class StoreTests
{
    [Fact]
    public void Store_ItemsLeaveInOrderPut_GetsServedInArrivalOrder()
    {
        var sim = new Simulation();
        var store = new Store<string>(sim, name: "grafts");
        StoreGet<string> g1 = store.Get(), g2 = store.Get();
        store.Put("a");
        store.Put("b");
        store.Put("c");
        StoreGet<string> g3 = store.Get();
        sim.Run();
        Assert.Equal(["a", "b", "c"], new[] { g1.Item, g2.Item, g3.Item });
        Assert.Equal("a", g1.Value);
        Assert.Equal(0, store.Count);
    }

    [Fact]
    public void Store_Full_PutWaitsForGet()
    {
        var sim = new Simulation();
        var store = new Store<int>(sim, capacity: 2);
        store.Put(1);
        store.Put(2);
        ResourceEvent third = store.Put(3);
        Assert.True(third.IsWaiting);
        Assert.Equal([1, 2], store.Items);
        sim.Schedule(4, () => store.Get());
        sim.Run();
        Assert.Equal(4, third.TimeDays);
        Assert.Equal([2, 3], store.Items);
    }

    [Fact]
    public void Store_ItemBeforeGetIsServed_Throws()
    {
        var sim = new Simulation();
        var store = new Store<int>(sim, name: "units");
        StoreGet<int> get = store.Get();
        var ex = Assert.Throws<InvalidOperationException>(() => get.Item);
        Assert.Contains("'units'", ex.Message);
        get.Cancel();
        store.Put(7);
        Assert.Equal(1, store.Count); // the cancelled get took nothing
        sim.Run();
    }

    [Fact]
    public void FilterStore_GetTakesOldestMatchingItem_AndDoesNotBlockLaterGets()
    {
        var sim = new Simulation();
        var store = new FilterStore<int>(sim);
        StoreGet<int> wantsBig = store.Get(x => x > 100);
        StoreGet<int> wantsEven = store.Get(x => x % 2 == 0);
        StoreGet<int> any = store.Get();
        store.Put(3);   // only 'any' can take it, though two gets wait before it
        Assert.True(wantsBig.IsWaiting);
        Assert.True(wantsEven.IsWaiting);
        Assert.Equal(3, any.Item);
        store.Put(5);
        store.Put(8);
        store.Put(10);
        Assert.Equal(8, wantsEven.Item);   // the oldest even item
        Assert.Equal([5, 10], store.Items);
        store.Put(200);
        Assert.Equal(200, wantsBig.Item);
        sim.Run();
    }
    [Fact]
    public void Monitor_OnStore_CountsItemsAndGetWaits()
    {
        // Items: 1 on [0, 1), then 0 → mean level 0.25 over [0, 4]. The get made at day 1 is served at once (wait 0);
        // the get made at day 2 waits for the put at day 4 (wait 2; queue 1 on [2, 4) → mean 0.5).
        var sim = new Simulation();
        var store = new Store<string>(sim, capacity: 3, name: "grafts");
        var monitor = new ResourceMonitor(store);
        store.Put("a");
        sim.Schedule(1, () => store.Get());
        sim.Schedule(2, () => store.Get());
        sim.Schedule(4, () => store.Put("b"));
        sim.Run();
        Assert.Equal(4, monitor.ObservedDays);
        Assert.Equal(0.25, monitor.MeanLevel, 12);
        Assert.Equal(0.25 / 3, monitor.Utilisation, 12);
        Assert.Equal(0.5, monitor.MeanQueueLength, 12);
        Assert.Equal(2, monitor.WaitCount);
        Assert.Equal(1, monitor.MeanWaitDays, 12);
    }
}
