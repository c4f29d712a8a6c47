using Reconstitution.Numerics;

namespace Reconstitution.Tests.Numerics;

/// <summary>
/// Sums with terms on SIMD lanes keep the scalar loop's order of additions, so they equal it to the bit for every length;
/// the data spread over many orders of magnitude, where another order of additions rounds differently.
/// </summary>
public class OrderedSumTests
{
    private static double[] Spread(Random random, int n)
    {
        var x = new double[n];
        for (int i = 0; i < n; i++) x[i] = (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-8, 9));
        return x;
    }

    [Fact]
    public void OfSquaresAndOfSquaredDifferences_EveryLength_EqualTheScalarLoopsToTheBit()
    {
        var random = new Random(20261206);
        int pairwiseDiffers = 0;
        for (int n = 0; n <= 13; n++)
            for (int trial = 0; trial < 30; trial++)
            {
                double[] a = Spread(random, n), b = Spread(random, n);
                double squares = 0, differences = 0, pairwise = 0;
                for (int i = 0; i < n; i++)
                {
                    squares += a[i] * a[i];
                    double d = a[i] - b[i];
                    differences += d * d;
                }
                // The same terms summed four lanes apart, then the lanes: what an unordered vector sum would give.
                var lanes = new double[4];
                for (int i = 0; i < n; i++) lanes[i % 4] += a[i] * a[i];
                pairwise = lanes[0] + lanes[1] + lanes[2] + lanes[3];
                if (BitConverter.DoubleToInt64Bits(pairwise) != BitConverter.DoubleToInt64Bits(squares)) pairwiseDiffers++;
                Assert.Equal(BitConverter.DoubleToInt64Bits(squares), BitConverter.DoubleToInt64Bits(OrderedSum.OfSquares(a)));
                Assert.Equal(BitConverter.DoubleToInt64Bits(differences), BitConverter.DoubleToInt64Bits(OrderedSum.OfSquaredDifferences(a, b)));
            }
        // The data can tell the orders apart: a lane-parallel sum would fail the assertions above.
        Assert.True(pairwiseDiffers > 0, "no trial distinguishes the orders of addition");
    }

    [Fact]
    public void OfSquaredDifferences_SecondVectorShorter_Throws() =>
        Assert.Throws<ArgumentException>(() => OrderedSum.OfSquaredDifferences(new double[5], new double[4]));
}
