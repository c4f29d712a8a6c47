using Reconstitution.Outcomes;
using Reconstitution.Physiology;
using Reconstitution.Protocols;
using Reconstitution.Randomness;

namespace Reconstitution.Tests.Outcomes;

public sealed class FutureRandomnessTests
{
    private static readonly PatientCovariates Covariates = new();

    [Fact]
    public void Run_FutureSeeds_ShareThePastExactlyAndDifferAfterTheSplitDay()
    {
        var protocol = BuiltInProtocols.Get("allo-pbsc-mac");
        const int split = 9;
        var plain = PatientSimulation.Run(Covariates, protocol, 11, 3, new PatientSimulationOptions { Days = 40 });
        var a = PatientSimulation.Run(Covariates, protocol, 11, 3, new PatientSimulationOptions { Days = 40, Future = new FutureRandomness(split, 1) });
        var b = PatientSimulation.Run(Covariates, protocol, 11, 3, new PatientSimulationOptions { Days = 40, Future = new FutureRandomness(split, 2) });
        int first = (int)plain.Trajectory.Days[0], pastDays = split - first + 1;
        foreach (var m in Enum.GetValues<Measure>())
            for (int i = 0; i < pastDays; i++)
            {
                Assert.Equal(plain.Trajectory[i, m], a.Trajectory[i, m]);
                Assert.Equal(plain.Trajectory[i, m], b.Trajectory[i, m]);
            }
        // After the split the stochastic compartments (stem cells, progenitors) draw from different streams.
        bool differs = false;
        for (int i = pastDays; i < Math.Min(a.Trajectory.Count, b.Trajectory.Count); i++) differs |= a.Trajectory[i, Measure.Anc] != b.Trajectory[i, Measure.Anc];
        Assert.True(differs, "two future seeds gave the same course after the split day");
        Assert.Equal(a.Trajectory.Values(Measure.Anc).ToArray(), PatientSimulation.Run(Covariates, protocol, 11, 3,
            new PatientSimulationOptions { Days = 40, Future = new FutureRandomness(split, 1) }).Trajectory.Values(Measure.Anc).ToArray());
    }

    /// <summary>
    /// Theory: re-keying the streams at a day replaces the future's random numbers by other independent uniform ones, so
    /// the course's distribution is unchanged. Two samples of 150 patients each (the same patients' pasts, without and
    /// with a fresh future from day 5): the mean neutrophil engraftment day and the share engrafted by day 14 agree within
    /// 4 standard errors of their difference (the samples are paired through the shared past, which only lowers the
    /// variance of the difference; the unpaired standard error is the conservative bound).
    /// </summary>
    [Fact]
    public void Run_FutureFromAnotherSeed_HasTheModelsDistribution()
    {
        const int n = 150;
        var protocol = BuiltInProtocols.Get("allo-pbsc-mac");
        var plain = new double[n];
        var split = new double[n];
        Parallel.For(0, n, i =>
        {
            var future = RandomStream.Create(21, i, "future").NextUInt64();
            plain[i] = PatientSimulation.Run(Covariates, protocol, 21, i, new PatientSimulationOptions { Days = 35 }).Outcome.NeutrophilEngraftmentDay ?? 36;
            split[i] = PatientSimulation.Run(Covariates, protocol, 21, i, new PatientSimulationOptions { Days = 35, Future = new FutureRandomness(5, future) }).Outcome.NeutrophilEngraftmentDay ?? 36;
        });
        static double Variance(double[] x) { double m = x.Average(); return x.Sum(v => (v - m) * (v - m)) / (x.Length - 1); }
        double se = Math.Sqrt((Variance(plain) + Variance(split)) / n);
        Assert.InRange(split.Average() - plain.Average(), -4 * se, 4 * se);
        double p1 = plain.Count(d => d <= 14) / (double)n, p2 = split.Count(d => d <= 14) / (double)n, p = (p1 + p2) / 2;
        double seShare = Math.Max(Math.Sqrt(2 * p * (1 - p) / n), 1.0 / n);
        Assert.InRange(p2 - p1, -4 * seShare, 4 * seShare);
        Assert.NotEqual(plain, split);
    }

    [Fact]
    public void Run_SplitBeforeTheFirstSimulatedDay_IsRefused()
    {
        var protocol = BuiltInProtocols.Get("allo-pbsc-mac");
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => PatientSimulation.Run(Covariates, protocol, 1, 0,
            new PatientSimulationOptions { Days = 10, Future = new FutureRandomness(protocol.StartDay - 2, 1) }));
        Assert.Contains("Future.AfterDay", e.Message);
    }
}
