using Reconstitution.Forecasting;

namespace Reconstitution.Tests.Forecasting;

public sealed class ProposalShapeTests
{
    [Fact]
    public void ProposalShape_CorrelatedParticles_FactorsTheirCovarianceAndGivesTheGaussianDensity()
    {
        // Particles on a correlated cloud in 3 dimensions; L (read off as Draw(e_k) − μ) must satisfy LLᵀ = sample
        // covariance + 10⁻⁴·I, and the log density must fall by ½·|y|² at μ + L·y.
        var particles = Enumerable.Range(0, 40).Select(i =>
        {
            double a = Math.Sin(1.3 * i), b = Math.Cos(0.7 * i);
            return new Particle([1 + a, 2 * a + 0.5 * b, -b + 0.1 * a * b], (ulong)i, 0);
        }).ToArray();
        var shape = new ProposalShape(particles);
        int d = 3, n = particles.Length;
        var mean = shape.Draw(new double[d]);
        for (int k = 0; k < d; k++) Assert.Equal(particles.Average(p => p.Z[k]), mean[k], 12);
        var columns = Enumerable.Range(0, d).Select(k =>
        {
            var e = new double[d];
            e[k] = 1;
            return shape.Draw(e).Zip(mean, (x, m) => x - m).ToArray();
        }).ToArray();
        for (int j = 0; j < d; j++)
            for (int k = 0; k < d; k++)
            {
                double llt = Enumerable.Range(0, d).Sum(m => columns[m][j] * columns[m][k]);
                double cov = particles.Sum(p => (p.Z[j] - mean[j]) * (p.Z[k] - mean[k])) / (n - 1) + (j == k ? 1e-4 : 0);
                Assert.Equal(cov, llt, 10);
            }
        double[] y = [0.3, -1.2, 0.8];
        var point = shape.Draw(y);
        Assert.Equal(-0.5 * y.Sum(v => v * v), shape.LogDensity(point) - shape.LogDensity(mean), 10);
        // Widened by 2: the point μ + 2·L·y has the same Mahalanobis distance, and the density drops by d·log 2.
        Assert.Equal(-0.5 * y.Sum(v => v * v) - d * Math.Log(2), shape.LogDensity(shape.Draw(y, 2), 2) - shape.LogDensity(mean), 10);
        var step = shape.Step([1, 1, 1], 0.5, y);
        for (int k = 0; k < d; k++) Assert.Equal(1 + 0.5 * (point[k] - mean[k]), step[k], 12);
    }
}
