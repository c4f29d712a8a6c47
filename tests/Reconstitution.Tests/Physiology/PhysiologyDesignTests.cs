using FsCheck;
using FsCheck.Fluent;
using Reconstitution.Physiology;

namespace Reconstitution.Tests.Physiology;

public class PhysiologyDesignTests
{
    [Fact]
    public void ContinueProbability_NeedsAcrossTheChainsRange_HundredStepBisectionToTheBit()
    {
        // The design's continue probability stops bisecting once a step leaves the bracket as it was; it must be the bracket
        // midpoint of all 100 steps with Math.Pow's powers (the design before the early stop), for any chain length, upper
        // bound and need within the reachable exits.
        var stages = Gen.Choose(2, 20);
        var max = Gen.Choose(1, 1000).Select(i => i / 1000.0);
        var fraction = Gen.Choose(1, 999_999).Select(i => i / 1e6);
        Prop.ForAll(stages.ToArbitrary(), max.ToArbitrary(), fraction.ToArbitrary(), (n, cMax, f) =>
        {
            double low = ReferenceExits(0, n), high = ReferenceExits(cMax, n);
            double need = low + f * (high - low);
            if (!(low < need && need < high)) return true; // no root inside (a flat range of the doubles)
            double expected = ReferenceBisection(need, n, cMax);
            return BitConverter.DoubleToInt64Bits(PhysiologyDesign.ContinueProbability(need, n, cMax)) == BitConverter.DoubleToInt64Bits(expected);
        }).CheckThrowOnFailure();
    }

    [Fact]
    public void Exits_ChainLengths_MathPowSumsToTheBit()
    {
        foreach (int n in new[] { 2, 3, 8, 20 })
            foreach (double c in new[] { 0, 0.1, 0.25, 0.3141592653589793, 0.5, 1 })
                Assert.Equal(BitConverter.DoubleToInt64Bits(ReferenceExits(c, n)), BitConverter.DoubleToInt64Bits(PhysiologyDesign.Exits(c, n)));
    }

    [Fact]
    public void ProductExits_ChainLengthsAndContinueProbabilities_WithinAHundredthOfTheGapOfMathPowSums()
    {
        // The bisection trusts the product sum's side of the need beyond ExitsGap; that is sound only while both sums lie far
        // closer together than the gap (the error bound says 45 units of 2^-53, 5e-15 relative). A hundredth of the gap (1e-14)
        // fails if the bound is wrong by a factor of 2, over every chain length and a grid of c up to 1.
        for (int n = 2; n <= 20; n++)
            for (int k = 0; k <= 1000; k++)
            {
                double c = k / 1000.0 + (k % 7) * 1.234567e-5;
                if (c > 1) c = 1;
                double exact = ReferenceExits(c, n), product = PhysiologyDesign.ProductExits(c, n);
                Assert.True(Math.Abs(product - exact) <= PhysiologyDesign.ExitsGap / 100 * exact, $"n {n}, c {c:R}: {product:R} vs {exact:R}");
            }
    }

    private static double ReferenceExits(double c, int stages)
    {
        double sum = 0;
        for (int i = 1; i < stages; i++) sum += Math.Pow(4 * c, i - 1) * (1 - c);
        return sum + Math.Pow(4 * c, stages - 1);
    }

    private static double ReferenceBisection(double need, int stages, double max)
    {
        double lo = 0, hi = max;
        for (int it = 0; it < 100; it++)
        {
            double mid = 0.5 * (lo + hi);
            if (ReferenceExits(mid, stages) < need) lo = mid; else hi = mid;
        }
        return 0.5 * (lo + hi);
    }
}
