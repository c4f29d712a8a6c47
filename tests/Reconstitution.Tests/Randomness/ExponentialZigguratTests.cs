using Reconstitution.Randomness;

namespace Reconstitution.Tests.Randomness;

public class ExponentialZigguratTests
{
    [Fact]
    public void Next_MatchesUnitExponentialMomentsAndTails()
    {
        // Theory: Exp(1) has mean 1, variance 1 (fourth central moment 9), and P(X > x) = e^(−x).
        // x = 0.5 and 3 exercise the rectangles and wedges, x = 7.7 (beyond r ≈ 7.697) and 10 the
        // tail. Tolerance 4 SE: sqrt(1/n) for the mean, sqrt((9−1)/n) for the variance,
        // sqrt(p(1−p)/n) for each tail proportion.
        const int n = 2_000_000;
        var random = RandomStream.Create(77);
        double[] thresholds = [0.5, 3, 7.7, 10];
        var above = new int[thresholds.Length];
        double sum = 0, sumSq = 0;
        for (int i = 0; i < n; i++)
        {
            double x = ExponentialZiggurat.Next(random);
            Assert.True(x >= 0);
            sum += x;
            sumSq += x * x;
            for (int k = 0; k < thresholds.Length; k++) if (x > thresholds[k]) above[k]++;
        }
        double mean = sum / n, variance = sumSq / n - mean * mean;
        Assert.InRange(mean, 1 - 4 * Math.Sqrt(1.0 / n), 1 + 4 * Math.Sqrt(1.0 / n));
        Assert.InRange(variance, 1 - 4 * Math.Sqrt(8.0 / n), 1 + 4 * Math.Sqrt(8.0 / n));
        for (int k = 0; k < thresholds.Length; k++)
        {
            double p = Math.Exp(-thresholds[k]);
            double tolerance = 4 * Math.Sqrt(p * (1 - p) / n);
            Assert.InRange(above[k] / (double)n, p - tolerance, p + tolerance);
        }
    }

    [Fact]
    public void Next_HistogramOnFineBins_MatchesDensity()
    {
        // Theory: the count in bin [x, x+h) is Binomial(n, e^(−x)(1 − e^(−h))); 4 SE per bin.
        // Bins of width 0.05 on [0, 5) resolve the 256 layers' edges where a wrong table would show.
        const int n = 2_000_000, bins = 100;
        const double width = 0.05;
        var random = RandomStream.Create(78);
        var counts = new int[bins];
        for (int i = 0; i < n; i++)
        {
            int b = (int)(ExponentialZiggurat.Next(random) / width);
            if (b < bins) counts[b]++;
        }
        for (int b = 0; b < bins; b++)
        {
            double p = Math.Exp(-b * width) * (1 - Math.Exp(-width));
            double tolerance = 4.5 * Math.Sqrt(n * p * (1 - p)); // 4.5 SE: 100 bins tested at once
            Assert.InRange(counts[b], n * p - tolerance, n * p + tolerance);
        }
    }
}
