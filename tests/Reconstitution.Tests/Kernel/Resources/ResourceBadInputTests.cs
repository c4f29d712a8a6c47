using Reconstitution.Kernel;
using Reconstitution.Kernel.Resources;

namespace Reconstitution.Tests.Kernel.Resources;

/// <summary>Bad input to resources, containers and stores fails at once with a message naming the value.</summary>
public class ResourceBadInputTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Resource_CapacityBelowOne_ThrowsNamingValue(int capacity)
    {
        var sim = new Simulation();
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new Resource(sim, capacity));
        Assert.Equal("capacity", ex.ParamName);
        Assert.Contains($"was {capacity}", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new PreemptiveResource(sim, capacity));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Store<int>(sim, capacity));
    }

    [Fact]
    public void Release_RequestNotHeld_ThrowsSayingWhy()
    {
        var sim = new Simulation();
        var res = new Resource(sim, name: "beds");
        ResourceRequest held = res.Request();
        ResourceRequest waiting = res.Request();
        var ex = Assert.Throws<ArgumentException>(() => res.Release(waiting));
        Assert.Contains("does not hold a unit of 'beds'", ex.Message);
        Assert.Contains("(waiting)", ex.Message);
        res.Release(held);
        ex = Assert.Throws<ArgumentException>(() => res.Release(held));
        Assert.Contains("(released)", ex.Message);
    }

    [Fact]
    public void Release_RequestOfAnotherResource_Throws()
    {
        var sim = new Simulation();
        var beds = new Resource(sim, name: "beds");
        var slots = new Resource(sim, name: "slots");
        ResourceRequest slot = slots.Request();
        var ex = Assert.Throws<ArgumentException>(() => beds.Release(slot));
        Assert.Contains("belongs to 'slots', not to 'beds'", ex.Message);
        Assert.Throws<ArgumentNullException>(() => beds.Release(null!));
    }

    [Fact]
    public void Request_SucceedByUser_IsRefused()
    {
        var sim = new Simulation();
        var res = new Resource(sim, name: "beds");
        res.Request();
        ResourceRequest waiting = res.Request();
        Assert.Throws<InvalidOperationException>(() => waiting.Succeed());
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(0.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(10.5)]
    public void Container_BadAmount_ThrowsNamingValueAndCapacity(double amount)
    {
        var sim = new Simulation();
        var c = new Container(sim, capacity: 10, name: "stock");
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => c.Get(amount));
        Assert.Equal("amount", ex.ParamName);
        Assert.Contains("(0, 10]", ex.Message);
        Assert.Contains("'stock'", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => c.Put(amount));
    }

    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(-1.0, 0.0)]
    [InlineData(double.NaN, 0.0)]
    [InlineData(5.0, 6.0)]
    [InlineData(5.0, -1.0)]
    [InlineData(double.PositiveInfinity, double.PositiveInfinity)]
    public void Container_BadCapacityOrInitialLevel_Throws(double capacity, double initial)
    {
        var sim = new Simulation();
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new Container(sim, capacity, initial));
        Assert.True(ex.ParamName is "capacity" or "initialLevel", ex.ParamName);
    }

    [Fact]
    public void Constructors_NullArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => new Resource(null!, 1));
        Assert.Throws<ArgumentNullException>(() => new FilterStore<int>(new Simulation()).Get(null!));
    }
}
