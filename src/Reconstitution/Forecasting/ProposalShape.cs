namespace Reconstitution.Forecasting;

/// <summary>
/// The Gaussian fit N(μ, LLᵀ) of the (equally weighted, resampled) particles' coordinates that shapes the sampler's
/// Metropolis–Hastings proposals: random-walk steps along the posterior's correlations, and independent draws from the
/// fit. The covariance is regularized by 10⁻⁴·I so that its Cholesky factor L exists for any particle set. Immutable.
/// </summary>
internal sealed class ProposalShape
{
    private const double Ridge = 1e-4;
    private readonly double[] _mean;
    private readonly double[,] _cholesky; // lower-triangular L
    private readonly double _logDeterminant; // log det(LLᵀ)

    public ProposalShape(Particle[] particles)
    {
        int d = particles[0].Z.Length, n = particles.Length;
        _mean = new double[d];
        foreach (var p in particles)
            for (int k = 0; k < d; k++) _mean[k] += p.Z[k] / n;
        var c = new double[d, d];
        foreach (var p in particles)
            for (int j = 0; j < d; j++)
                for (int k = 0; k <= j; k++) c[j, k] += (p.Z[j] - _mean[j]) * (p.Z[k] - _mean[k]) / Math.Max(1, n - 1);
        for (int j = 0; j < d; j++) c[j, j] += Ridge;
        // Cholesky–Banachiewicz on the lower triangle.
        _cholesky = new double[d, d];
        for (int j = 0; j < d; j++)
        {
            for (int k = 0; k <= j; k++)
            {
                double sum = c[j, k];
                for (int m = 0; m < k; m++) sum -= _cholesky[j, m] * _cholesky[k, m];
                _cholesky[j, k] = j == k ? Math.Sqrt(Math.Max(sum, Ridge)) : sum / _cholesky[k, k];
            }
            _logDeterminant += 2 * Math.Log(_cholesky[j, j]);
        }
    }

    /// <summary>A random-walk proposal z + scale·L·ξ.</summary>
    public double[] Step(double[] z, double scale, double[] xi)
    {
        var result = Times(xi);
        for (int k = 0; k < result.Length; k++) result[k] = z[k] + scale * result[k];
        return result;
    }

    /// <summary>An independent proposal μ + scale·L·ξ from the fit widened by <paramref name="scale"/>.</summary>
    public double[] Draw(double[] xi, double scale = 1)
    {
        var result = Times(xi);
        for (int k = 0; k < result.Length; k++) result[k] = _mean[k] + scale * result[k];
        return result;
    }

    /// <summary>The log density of N(μ, scale²·LLᵀ) at <paramref name="z"/>, up to the constant −d/2·log 2π.</summary>
    public double LogDensity(double[] z, double scale = 1)
    {
        int d = z.Length;
        var y = new double[d]; // L y = z − μ, forward substitution
        double q = 0;
        for (int j = 0; j < d; j++)
        {
            double sum = z[j] - _mean[j];
            for (int m = 0; m < j; m++) sum -= _cholesky[j, m] * y[m];
            y[j] = sum / _cholesky[j, j];
            q += y[j] * y[j];
        }
        return -0.5 * (q / (scale * scale) + _logDeterminant) - d * Math.Log(scale);
    }

    private double[] Times(double[] xi)
    {
        int d = xi.Length;
        var result = new double[d];
        for (int j = 0; j < d; j++)
            for (int m = 0; m <= j; m++) result[j] += _cholesky[j, m] * xi[m];
        return result;
    }
}
