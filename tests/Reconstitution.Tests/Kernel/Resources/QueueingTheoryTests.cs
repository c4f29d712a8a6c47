using Reconstitution.Kernel;
using Reconstitution.Kernel.Resources;
using Reconstitution.Monitoring;
using Reconstitution.Randomness;

namespace Reconstitution.Tests.Kernel.Resources;

/// <summary>
/// Resources against queueing theory. Each test simulates one long run with a fixed seed, discards a warm-up, and
/// estimates the standard error of a mean by batch means (waits of successive customers are correlated, so the
/// i.i.d. formula would be too optimistic; 20 batches of thousands of customers are nearly independent). The
/// tolerance is 4 standard errors.
/// </summary>
public class QueueingTheoryTests
{
    private const int Batches = 20;

    [Fact]
    public void MMc_MeanWaitAndWaitProbability_MatchErlangC()
    {
        // M/M/3, λ = 2.4, μ = 1: offered load a = 2.4, ρ = 0.8.
        const int c = 3;
        const double lambda = 2.4, mu = 1.0;
        double erlangC = ErlangC(c, lambda / mu);
        double expectedWait = erlangC / (c * mu - lambda);   // Wq = C(c, a) / (cμ − λ)

        var sim = new Simulation();
        var rng = RandomStream.Create(16, 0, "mmc");
        var res = new Resource(sim, c, "servers");
        var monitor = new ResourceMonitor(res);
        var waits = new List<double>();
        const int customers = 200_000, warmup = 10_000;
        sim.Process(Source());
        sim.Run();

        double[] kept = waits.Skip(warmup).ToArray();
        (double mean, double se) = BatchMeans(kept);
        Assert.InRange(mean, expectedWait - (4 * se), expectedWait + (4 * se));
        (double pWait, double sePWait) = BatchMeans(kept.Select(w => w > 0 ? 1.0 : 0.0).ToArray());
        Assert.InRange(pWait, erlangC - (4 * sePWait), erlangC + (4 * sePWait));
        // Utilisation = busy time / (c·T) ≈ (Σ service / N)·(N / T) / c: both factors are means of N exponential
        // variables (relative SE 1/√N each), so its relative SE is about √(2/N).
        double rho = lambda / (c * mu);
        Assert.InRange(monitor.Utilisation, rho * (1 - (4 * Math.Sqrt(2.0 / customers))), rho * (1 + (4 * Math.Sqrt(2.0 / customers))));
        Assert.Equal(customers, monitor.WaitCount);
        Assert.Equal(waits.Average(), monitor.MeanWaitDays, 9);

        IEnumerable<SimEvent> Source()
        {
            for (int i = 0; i < customers; i++)
            {
                yield return sim.Timeout(rng.NextExponential(lambda));
                sim.Process(Customer(rng.NextExponential(mu)));
            }
        }

        IEnumerable<SimEvent> Customer(double service)
        {
            using ResourceRequest req = res.Request();
            yield return req;
            waits.Add(sim.Now - req.RequestedAtDays);
            yield return sim.Timeout(service);
        }
    }

    [Fact]
    public void MM1NonPreemptivePriority_ClassWaits_MatchCobham()
    {
        // Two classes, λ₁ = 0.3 (priority 0, served first), λ₂ = 0.5, common exponential service μ = 1 (ρ = 0.8).
        // Cobham (Oper Res 1954;2:70): W_k = W₀ / ((1 − σ_{k−1})(1 − σ_k)), σ_k = Σ_{i≤k} ρ_i,
        // W₀ = Σ λ_i E[S²]/2 = λ/μ² for exponential service.
        double[] lambdas = [0.3, 0.5];
        const double mu = 1.0;
        double w0 = lambdas.Sum() / (mu * mu);
        double sigma1 = lambdas[0] / mu, sigma2 = sigma1 + (lambdas[1] / mu);
        double[] expected = [w0 / (1 - sigma1), w0 / ((1 - sigma1) * (1 - sigma2))];

        var sim = new Simulation();
        var rng = RandomStream.Create(16, 0, "cobham");
        var res = new PriorityResource(sim, 1);
        var waits = new[] { new List<double>(), new List<double>() };
        const int customers = 400_000;
        sim.Process(Source());
        sim.Run();

        for (int k = 0; k < 2; k++)
        {
            double[] kept = waits[k].Skip(waits[k].Count / 20).ToArray();
            (double mean, double se) = BatchMeans(kept);
            Assert.InRange(mean, expected[k] - (4 * se), expected[k] + (4 * se));
        }

        IEnumerable<SimEvent> Source()
        {
            double total = lambdas.Sum();
            for (int i = 0; i < customers; i++)
            {
                yield return sim.Timeout(rng.NextExponential(total));
                int cls = rng.NextUniform() < lambdas[0] / total ? 0 : 1;
                sim.Process(Customer(cls, rng.NextExponential(mu)));
            }
        }

        IEnumerable<SimEvent> Customer(int cls, double service)
        {
            using ResourceRequest req = res.Request(cls);
            yield return req;
            waits[cls].Add(sim.Now - req.RequestedAtDays);
            yield return sim.Timeout(service);
        }
    }

    [Fact]
    public void ErlangC_KnownValue()
    {
        // M/M/2 with a = 1: C = (1/2!·1/(1−½)) / (1 + 1 + 1) = 1/3.
        Assert.Equal(1.0 / 3.0, ErlangC(2, 1.0), 12);
    }

    /// <summary>Erlang's C formula: the probability that an arrival waits in M/M/c with offered load a = λ/μ &lt; c.</summary>
    internal static double ErlangC(int c, double a)
    {
        double term = 1, sum = 0; // term = a^k / k!
        for (int k = 0; k < c; k++)
        {
            sum += term;
            term *= a / (k + 1);
        }

        double last = term / (1 - (a / c));
        return last / (sum + last);
    }

    /// <summary>The mean and its batch-means standard error.</summary>
    internal static (double Mean, double StandardError) BatchMeans(double[] x)
    {
        int size = x.Length / Batches;
        var means = new double[Batches];
        for (int b = 0; b < Batches; b++) means[b] = x.AsSpan(b * size, size).ToArray().Average();
        double mean = means.Average();
        double variance = means.Sum(m => (m - mean) * (m - mean)) / (Batches - 1);
        return (mean, Math.Sqrt(variance / Batches));
    }
}
