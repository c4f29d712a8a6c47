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

    [Theory]
    [InlineData(0.5, 1)]
    [InlineData(0.05, 2)]
    [InlineData(0.95, 3)]
    [InlineData(0.0, 40)]
    [InlineData(1.0, 1)]
    public void BootstrapInterval_CountedResamples_EqualSortingEachResample(double p, int sampleSize)
    {
        // The interval reads each resample's order statistics from counts of the drawn indices; sorting the resample,
        // as the textbook procedure does, with the same draws must give the same interval bit for bit (ties included:
        // whole days, as engraftment days are).
        var data = RandomStream.Create(99);
        var values = new double[sampleSize * 37];
        for (int i = 0; i < values.Length; i++) values[i] = data.Next(60) - 5.5;
        var stream = RandomStream.Create(3);
        var ci = SampleQuantiles.BootstrapInterval(values, p, stream, resamples: 300);

        var sorted = values.Order().ToArray();
        var random = RandomStream.Create(3);
        var statistics = new double[300];
        var resample = new double[sorted.Length];
        for (int r = 0; r < statistics.Length; r++)
        {
            for (int i = 0; i < resample.Length; i++) resample[i] = sorted[random.Next(sorted.Length)];
            Array.Sort(resample);
            statistics[r] = SampleQuantiles.Quantile(resample, p);
        }
        double alpha = (1 - 0.95) / 2;   // as BootstrapInterval computes it for its default level
        Assert.Equal(SampleQuantiles.Quantile(statistics, alpha), ci.Lower);
        Assert.Equal(SampleQuantiles.Quantile(statistics, 1 - alpha), ci.Upper);
        Assert.Equal(random.NextUInt64(), stream.NextUInt64()); // the stream goes on after the draws, as drawn one by one
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

    [Fact]
    public void BootstrapInterval_ValuesSpanningMoreThanTheLargestDouble_ThrowsInsteadOfANaNBound()
    {
        // The lowest quantile of a resample holding both −MaxValue and +MaxValue interpolates with weight 0 across an
        // infinite difference, 0·∞ = NaN; the interval must refuse such values rather than order a NaN.
        double[] values = [-double.MaxValue, double.MaxValue];
        var error = Assert.Throws<ArgumentException>(() => SampleQuantiles.BootstrapInterval(values, 0.0, RandomStream.Create(1, 0), 200));
        Assert.Equal("values", error.ParamName);
    }
}

