using BenchmarkDotNet.Attributes;
using Reconstitution.Randomness;

namespace Reconstitution.Benchmarks;

/// <summary>
/// Cost of one Poisson or binomial variate (1000 draws per invocation), ours against
/// MathNet.Numerics, to show ours is O(1) in the mean / in n.
/// </summary>
[MemoryDiagnoser]
public class VariateSamplerBenchmarks
{
    private const int Draws = 1000;
    private RandomStream _random = null!;

    [Params(5.0, 1e3, 1e6, 1e12)]
    public double Mean { get; set; }

    [GlobalSetup]
    public void Setup() => _random = RandomStream.Create(7);

    [Benchmark(Description = "Poisson, ours (inversion / PTRS)")]
    public double PoissonOurs()
    {
        double sum = 0;
        for (int i = 0; i < Draws; i++) sum += PoissonSampler.Sample(_random, Mean);
        return sum;
    }

    [Benchmark(Description = "Poisson, MathNet (mean ≤ 10⁶ only: it returns int, and at 10¹² it did not finish in 10 minutes)")]
    public double PoissonMathNet()
    {
        if (Mean > 1e6) return double.NaN;
        double sum = 0;
        for (int i = 0; i < Draws; i++) sum += MathNet.Numerics.Distributions.Poisson.Sample(_random, Mean);
        return sum;
    }

    [Benchmark(Description = "Binomial(n = Mean/0.3, p = 0.3), ours (inversion / BTRS)")]
    public double BinomialOurs()
    {
        double n = Math.Round(Mean / 0.3), sum = 0;
        for (int i = 0; i < Draws; i++) sum += BinomialSampler.Sample(_random, n, 0.3);
        return sum;
    }

    [Benchmark(Description = "Binomial(n = Mean/0.3, p = 0.3), MathNet (n ≤ 10⁶ only: O(n))")]
    public double BinomialMathNet()
    {
        if (Mean > 1e3) return double.NaN; // O(n) per draw: 3·10¹² trials would take hours
        int n = (int)Math.Round(Mean / 0.3);
        double sum = 0;
        for (int i = 0; i < Draws; i++) sum += MathNet.Numerics.Distributions.Binomial.Sample(_random, 0.3, n);
        return sum;
    }
}
