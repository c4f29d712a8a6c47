using Reconstitution.Compartments;
using Reconstitution.Randomness;

namespace Reconstitution.Tests.Compartments;

public class LinearChainTests
{
    [Fact]
    public void LinearChain_OneCell_ResidenceIsGammaWithMeanLAndVarianceLSquaredOverK()
    {
        // Theory (linear chain trick): K exponential stages of rate K/L give a Gamma(K, θ = L/K)
        // residence: mean L, variance Kθ², fourth central moment 3K(K+2)θ⁴. Tolerance 4 SE.
        const int stages = 10, replicates = 2000;
        const double residence = 5;
        var network = new ReactionNetworkBuilder()
            .Compartment("Out", 0)
            .LinearChain("M", stages, residence, exitTo: "Out")
            .Build();
        int last = network.TransitionIndex("M stage 10");
        var options = new SolverOptions { RecordFirings = true };
        var times = new double[replicates];
        for (int r = 0; r < replicates; r++)
        {
            var system = new CompartmentSystem(network, options, RandomStream.Create(51, (ulong)r));
            system.SetCount(ReactionNetworkBuilder.StageName("M", 1), 1);
            system.AdvanceTo(1000);
            Assert.Equal(1, system.GetCount("Out"));
            var log = system.FiringLog!;
            Assert.Equal(last, log.Transitions[^1]);
            times[r] = log.TimesDays[^1];
        }
        double theta = residence / stages, variance = stages * theta * theta;
        double fourth = 3 * stages * (stages + 2) * Math.Pow(theta, 4);
        var moments = SampleMoments.Of(times);
        double meanTolerance = 4 * Math.Sqrt(variance / replicates);
        double varianceTolerance = 4 * SampleMoments.VarianceStandardError(fourth, variance, replicates);
        Assert.InRange(moments.Mean, residence - meanTolerance, residence + meanTolerance);
        Assert.InRange(moments.Variance, variance - varianceTolerance, variance + varianceTolerance);
    }

    [Fact]
    public void LinearChain_Structure_NamesStagesAndSharesOneRateParameter()
    {
        var network = new ReactionNetworkBuilder().LinearChain("RBC", 40, 115, mode: CompartmentMode.Continuous).Build();
        Assert.Equal(40, network.Compartments.Count);
        Assert.Equal("RBC40", network.Compartments[^1].Name);
        Assert.All(network.Compartments, c => Assert.Equal(CompartmentMode.Continuous, c.Mode));
        Assert.Equal(40 / 115.0, network.Parameters.Single().Value, 12);
        Assert.Equal("RBC.stageRate", network.Parameters.Single().Name);
        Assert.Empty(network.Transitions[^1].Products); // the last stage leaves the system
    }

    [Fact]
    public void LinearChain_BadArguments_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReactionNetworkBuilder().LinearChain("M", 0, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReactionNetworkBuilder().LinearChain("M", 3, -1));
        var e = Assert.Throws<ArgumentException>(() => new ReactionNetworkBuilder().LinearChain("M", 3, 1, exitTo: "Nowhere").Build());
        Assert.Contains("'Nowhere'", e.Message);
    }
}
