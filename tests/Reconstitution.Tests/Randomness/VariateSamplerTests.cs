using MathNet.Numerics.Distributions;
using Reconstitution.Randomness;

namespace Reconstitution.Tests.Randomness;

public class VariateSamplerTests
{
    private const int Draws = 100_000;

    /// <summary>
    /// Checks sample mean and variance against the theory with 4-standard-error tolerances:
    /// SE(mean) = σ/√N and SE(variance) ≈ √((μ₄ − σ⁴)/N). Deviations are taken from the
    /// theoretical mean so that sums of squares stay exact for means up to 10¹³.
    /// </summary>
    private static void AssertMoments(Func<double> draw, double mean, double variance, double fourthCentral)
    {
        double sum = 0, sumSq = 0;
        for (int i = 0; i < Draws; i++)
        {
            double d = draw() - mean;
            sum += d;
            sumSq += d * d;
        }
        double meanDev = sum / Draws;
        double sampleVar = sumSq / Draws - meanDev * meanDev;
        double seMean = Math.Sqrt(variance / Draws);
        double seVar = Math.Sqrt((fourthCentral - variance * variance) / Draws);
        Assert.InRange(meanDev, -4 * seMean, 4 * seMean);
        Assert.InRange(sampleVar, variance - 4 * seVar, variance + 4 * seVar);
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(4.5)]
    [InlineData(9.99)]
    [InlineData(10)]
    [InlineData(37.2)]
    [InlineData(1e4)]
    [InlineData(1e8)]
    [InlineData(1e13)]
    public void Poisson_MeanAndVariance_MatchTheory(double lambda)
    {
        // Theory: Poisson(λ) has mean λ, variance λ, fourth central moment λ(1 + 3λ).
        var rng = RandomStream.Create(2024, (ulong)BitConverter.DoubleToInt64Bits(lambda));
        AssertMoments(() => PoissonSampler.Sample(rng, lambda), lambda, lambda, lambda * (1 + 3 * lambda));
    }

    [Theory]
    [InlineData(10, 0.2)]
    [InlineData(1000, 0.003)]
    [InlineData(60, 0.5)]
    [InlineData(200, 0.9)]
    [InlineData(1e6, 0.37)]
    [InlineData(1e13, 1e-9)]
    [InlineData(1e13, 0.3)]
    [InlineData(1e13, 0.999)]
    public void Binomial_MeanAndVariance_MatchTheory(double n, double p)
    {
        // Theory: Binomial(n, p) has mean np, variance npq, fourth central moment npq[1 + 3(n − 2)pq].
        var rng = RandomStream.Create(77, (ulong)n, (ulong)BitConverter.DoubleToInt64Bits(p));
        double q = 1 - p, v = n * p * q;
        AssertMoments(() => BinomialSampler.Sample(rng, n, p), n * p, v, v * (1 + 3 * (n - 2) * p * q));
    }

    /// <summary>
    /// Pearson chi-square goodness of fit against an exact pmf, cells with expected count below 5
    /// pooled into the tails; the test fails at the 0.9999 quantile of χ²(cells − 1), so a correct
    /// sampler fails with probability 10⁻⁴ (and the seed is fixed).
    /// </summary>
    private static void AssertChiSquare(Func<double> draw, Func<int, double> pmf, int maxK, int n = 200_000)
    {
        var observed = new double[maxK + 2];
        for (int i = 0; i < n; i++)
        {
            double k = draw();
            Assert.True(k >= 0 && k == Math.Floor(k), $"not a count: {k}");
            observed[(int)Math.Min(k, maxK + 1)]++;
        }
        var expected = new double[maxK + 2];
        double cumulative = 0;
        for (int k = 0; k <= maxK; k++) { expected[k] = pmf(k) * n; cumulative += pmf(k); }
        expected[maxK + 1] = Math.Max(0, 1 - cumulative) * n;
        double chi = 0, poolO = 0, poolE = 0;
        int cells = 0;
        for (int k = 0; k < expected.Length; k++)
        {
            poolO += observed[k];
            poolE += expected[k];
            if (poolE >= 5)
            {
                chi += (poolO - poolE) * (poolO - poolE) / poolE;
                cells++;
                poolO = poolE = 0;
            }
        }
        if (poolE > 0) chi += (poolO - poolE) * (poolO - poolE) / Math.Max(poolE, 1e-300);
        double critical = ChiSquared.InvCDF(cells - 1, 0.9999);
        Assert.True(chi < critical, $"chi-square {chi:F1} ≥ critical {critical:F1} with {cells} cells");
    }

    [Theory]
    [InlineData(0.7)]
    [InlineData(6)]
    [InlineData(12)]
    [InlineData(55)]
    public void Poisson_Distribution_PassesChiSquare(double lambda)
    {
        var rng = RandomStream.Create(5, (ulong)BitConverter.DoubleToInt64Bits(lambda));
        AssertChiSquare(() => PoissonSampler.Sample(rng, lambda), k => Poisson.PMF(lambda, k), (int)(lambda + 10 * Math.Sqrt(lambda) + 10));
    }

    [Theory]
    [InlineData(20, 0.3)]   // n·p = 6: inversion
    [InlineData(50, 0.4)]   // n·p = 20: BTRS
    [InlineData(300, 0.75)] // reflected to p = 0.25: BTRS
    public void Binomial_Distribution_PassesChiSquare(int n, double p)
    {
        var rng = RandomStream.Create(6, (ulong)n);
        AssertChiSquare(() => BinomialSampler.Sample(rng, n, p), k => Binomial.PMF(p, n, k), n);
    }

    [Fact]
    public void Binomial_HugeNSmallP_MatchesPoissonLimitInDistribution()
    {
        // Binomial(10¹³, 2·10⁻¹²) differs from Poisson(20) by O(p) = 10⁻¹¹ in total variation,
        // so it must pass the same chi-square test; this exercises BTRS's acceptance test where
        // ln(n − k)! is ~3·10¹⁴ and a naive difference would be wrong by ~0.05.
        var rng = RandomStream.Create(8);
        AssertChiSquare(() => BinomialSampler.Sample(rng, 1e13, 2e-12), k => Poisson.PMF(20, k), 60);
    }

    [Fact]
    public void Samplers_EdgeParameters_ReturnDegenerateValues()
    {
        var rng = RandomStream.Create(1);
        Assert.Equal(0, PoissonSampler.Sample(rng, 0));
        Assert.Equal(0, BinomialSampler.Sample(rng, 0, 0.5));
        Assert.Equal(0, BinomialSampler.Sample(rng, 1e13, 0));
        Assert.Equal(1e13, BinomialSampler.Sample(rng, 1e13, 1));
        for (int i = 0; i < 1000; i++) Assert.InRange(BinomialSampler.Sample(rng, 3, 0.999999), 0, 3);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(-1)]
    [InlineData(double.PositiveInfinity)]
    public void Poisson_BadMean_ThrowsNamingParameter(double mean)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => PoissonSampler.Sample(RandomStream.Create(1), mean));
        Assert.Equal("mean", ex.ParamName);
    }

    [Fact]
    public void Binomial_BadArguments_Throw()
    {
        var rng = RandomStream.Create(1);
        Assert.Equal("p", Assert.Throws<ArgumentOutOfRangeException>(() => BinomialSampler.Sample(rng, 5, 1.5)).ParamName);
        Assert.Equal("p", Assert.Throws<ArgumentOutOfRangeException>(() => BinomialSampler.Sample(rng, 5, double.NaN)).ParamName);
        Assert.Equal("n", Assert.Throws<ArgumentOutOfRangeException>(() => BinomialSampler.Sample(rng, -2, 0.5)).ParamName);
    }

    [Fact]
    public void LogFactorial_Difference_IsAccurateForHugeCloseArguments()
    {
        // ln((b+1)!) − ln(b!) = ln(b + 1) exactly; the naive difference of two 3·10¹⁴ values
        // cannot resolve it.
        double b = 1e13;
        Assert.Equal(Math.Log(b + 1), LogFactorial.Difference(b + 1, b), 1e-9);
        Assert.Equal(Math.Log(300.0), LogFactorial.Difference(300, 299), 1e-12);
        Assert.Equal(MathNet.Numerics.SpecialFunctions.FactorialLn(500), LogFactorial.Of(500), 1e-9);
    }
}
