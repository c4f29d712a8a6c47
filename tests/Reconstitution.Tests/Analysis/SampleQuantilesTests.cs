using Reconstitution.Analysis;
using Reconstitution.Randomness;

namespace Reconstitution.Tests.Analysis;

public class SampleQuantilesTests
{
    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(0.25, 1.75)]
    [InlineData(0.5, 2.5)]
    [InlineData(0.9, 3.7)]
    [InlineData(1.0, 4.0)]
    public void Quantile_TypeSeven_MatchesHandComputed(double p, double expected)
    {
        Assert.Equal(expected, SampleQuantiles.Quantile([4.0, 2, 1, 3], p), 12);
    }

    [Fact]
    public void BootstrapInterval_MedianOfNormalSample_HasWidthOfAsymptoticTheory()
    {
        // Theory: the sample median of n standard normal draws has standard error
        // sqrt(π/2)/sqrt(n) (asymptotic variance 1/(4 n f(0)²)); a 95% percentile interval is about
        // 2·1.96 of those wide. With n = 400: SE 0.0627, width ≈ 0.246. The bootstrap of a median is
        // itself noisy (its SE estimate has relative error ~ n^(-1/4) ≈ 0.22), so the check is
        // width within ±50% of theory and coverage of the true median 0.
        var rng = RandomStream.Create(2024);
        var sample = new double[400];
        for (int i = 0; i < sample.Length; i++) sample[i] = MathNet.Numerics.Distributions.Normal.Sample(rng, 0, 1);
        var ci = SampleQuantiles.BootstrapInterval(sample, 0.5, RandomStream.Create(7));
        double expectedWidth = 2 * 1.96 * Math.Sqrt(Math.PI / 2) / Math.Sqrt(sample.Length);
        Assert.InRange(ci.Upper - ci.Lower, 0.5 * expectedWidth, 1.5 * expectedWidth);
        Assert.True(ci.Contains(0));
        Assert.True(ci.Contains(SampleQuantiles.Median(sample)));
    }

    [Fact]
    public void BootstrapInterval_SameSeed_IsReproducible()
    {
        double[] values = [3, 9, 4, 12, 10, 11, 15, 8, 9, 10, 13];
        var a = SampleQuantiles.BootstrapInterval(values, 0.5, RandomStream.Create(1));
        var b = SampleQuantiles.BootstrapInterval(values, 0.5, RandomStream.Create(1));
        Assert.Equal(a, b);
    }

    [Fact]
    public void Quantile_NaNValue_ThrowsNamingIndex()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => SampleQuantiles.Median([1.0, double.NaN]));
        Assert.Contains("values[1]", ex.Message);
    }
}
