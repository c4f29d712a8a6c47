using Reconstitution.Compartments;
using Reconstitution.Randomness;

namespace Reconstitution.Tests.Compartments;

public class CompartmentSystemWholeCountTests
{
    private static ReactionNetwork Death(double x0) => new ReactionNetworkBuilder()
        .Compartment("X", x0).Transition("death", t => t.Consumes("X").MassAction(1.0)).Build();

    [Fact]
    public void SetCount_FractionalWithExactSolver_ThrowsNamingCompartment()
    {
        // 0.3 cells would fire a first-order death and leave −0.7: refused up front.
        var system = new CompartmentSystem(Death(5), RandomStream.Create(1));
        var e = Assert.Throws<ArgumentException>(() => system.SetCount("X", 0.3));
        Assert.Contains("'X'", e.Message);
        Assert.Contains("whole", e.Message);
        Assert.Throws<ArgumentException>(() => system.AddToCount("X", 2.5));
        Assert.Throws<ArgumentException>(() => system.SetCounts([1.5]));
    }

    [Fact]
    public void Constructor_FractionalInitialCountWithExactSolver_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => new CompartmentSystem(Death(2.5), RandomStream.Create(1)));
        Assert.Contains("'X'", e.Message);
    }
}
