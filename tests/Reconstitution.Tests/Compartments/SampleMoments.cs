namespace Reconstitution.Tests.Compartments;

/// <summary>Sample mean, variance and fourth central moment of a set of observations.</summary>
internal readonly record struct SampleMoments(int Count, double Mean, double Variance, double FourthCentral)
{
    public static SampleMoments Of(ReadOnlySpan<double> values)
    {
        int n = values.Length;
        double mean = 0;
        foreach (double v in values) mean += v;
        mean /= n;
        double m2 = 0, m4 = 0;
        foreach (double v in values)
        {
            double d = v - mean;
            m2 += d * d;
            m4 += d * d * d * d;
        }
        return new SampleMoments(n, mean, m2 / (n - 1), m4 / n);
    }

    /// <summary>Standard error of the sample variance, sqrt((μ₄ − σ⁴)/n), given the true μ₄ and σ².</summary>
    public static double VarianceStandardError(double fourthCentral, double variance, int n) =>
        Math.Sqrt((fourthCentral - variance * variance) / n);
}
