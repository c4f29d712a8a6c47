using Reconstitution.Kernel;
using Reconstitution.Kernel.Resources;

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
}
