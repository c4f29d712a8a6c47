using FsCheck;
using FsCheck.Fluent;
using Reconstitution.Numerics;
using Xunit;

namespace Reconstitution.Tests.Numerics;

public sealed class RealPowerTests
{
    // RealPower.Of is within ≈ 1.1 ulp of xⁿ (its remarks) and glibc's Math.Pow within 0.52 ulp, so the two may differ by up to
    // two ulp; more would mean a lost bit in log₂x (a double log₂ alone gives tens of ulp at n·log₂x ≈ 100). For positive
    // doubles the ulp distance is the difference of the bit patterns.
    private static long UlpDistance(double x, double n) =>
        Math.Abs(BitConverter.DoubleToInt64Bits(RealPower.Of(x, n)) - BitConverter.DoubleToInt64Bits(Math.Pow(x, n)));

    [Fact]
    public void Of_PositiveBaseAndHillExponent_AgreesWithPowWithinTwoUlp()
    {
        // Bases over the Hill ratios' range (10⁻⁸ … 10⁸, log-uniform, and near 1 and near powers of two: the table's edges),
        // exponents the model's (6.96, 1.3) and any in [−8, 8].
        var baseValue = Gen.OneOf(
            Gen.Choose(-8_000_000, 8_000_000).Select(i => Math.Pow(10, i / 1e6)),
            Gen.Choose(-1_000_000, 1_000_000).Select(i => 1 + i * 1e-9),
            Gen.Choose(-60, 60).Select(k => Math.BitDecrement(Math.ScaleB(1, k))),
            Gen.Choose(-60, 60).Select(k => Math.BitIncrement(Math.ScaleB(1, k))));
        var exponent = Gen.OneOf(Gen.Constant(6.96), Gen.Constant(1.3), Gen.Choose(-8_000_000, 8_000_000).Select(i => i / 1e6));
        var config = Config.QuickThrowOnFailure.WithMaxTest(30_000).WithReplay(new Replay(new Rnd(2026_1205UL), null));
        Prop.ForAll(baseValue.ToArbitrary(), exponent.ToArbitrary(), (x, n) => UlpDistance(x, n) <= 2).Check(config);
    }

    [Fact]
    public void Of_LargeProductOfExponentAndLogarithm_AgreesWithPowWithinTwoUlp()
    {
        // n·log₂x from −1000 to 1000 (results down to 2⁻¹⁰⁰⁰ and up to 2¹⁰⁰⁰), where log₂x's own rounding would show.
        long worst = 0;
        for (int i = -1000; i <= 1000; i++)
        {
            double x = Math.Pow(2, i / 7.0 + 0.123), n = 6.96;
            if (Math.Abs(n * Math.Log2(x)) < 1000) worst = Math.Max(worst, UlpDistance(x, n));
        }
        Assert.True(worst <= 2, $"largest distance {worst} ulp");
    }

    [Theory]
    [InlineData(1.0, 6.96, 1.0)]
    [InlineData(2.0, 1.3, 2.4622888266898326)]
    [InlineData(4.0, 0.5, 2.0)]
    [InlineData(0.25, 1.5, 0.125)]
    [InlineData(1024.0, -0.1, 0.5)]
    public void Of_ExactPowers_AreExact(double x, double n, double expected) => Assert.Equal(expected, RealPower.Of(x, n), 15);

    [Fact]
    public void Of_PowerOfTwoBase_AgreesWithPowAndIsExactForAnExactProduct()
    {
        // x = 2ᵏ reads c₀ = 1 and r = 0, so log₂x = k exactly: within two ulp of Math.Pow(2ᵏ, n) (whose n·k is not a double
        // either), and exact when n·k is an integer.
        foreach (int k in new[] { -40, -3, -1, 1, 5, 30 })
        {
            Assert.True(UlpDistance(Math.ScaleB(1, k), 1.3) <= 2, $"2^{k}");
            Assert.True(UlpDistance(Math.ScaleB(1, k), 6.96) <= 2, $"2^{k}");
            Assert.Equal(Math.ScaleB(1, 2 * k), RealPower.Of(Math.ScaleB(1, k), 2.0));
        }
    }

    [Fact]
    public void Of_BaseOrExponentOffTheFastPath_EqualsPow()
    {
        // Zero, negative, subnormal, infinite and NaN bases, non-finite exponents and results that are not normal numbers
        // are handed to Math.Pow, bit for bit.
        var cases = new (double X, double N)[]
        {
            (0, 6.96), (-0.0, 1.3), (-2, 1.3), (-2, 2), (double.Epsilon, 1.3), (1e-310, 0.5), (double.PositiveInfinity, 1.3),
            (double.NaN, 1.3), (2, double.NaN), (2, double.PositiveInfinity), (0.5, double.NegativeInfinity), (1e-300, 6.96),
            (1e300, 6.96), (1e-300, -6.96),
        };
        foreach (var (x, n) in cases)
            Assert.Equal(BitConverter.DoubleToInt64Bits(Math.Pow(x, n)), BitConverter.DoubleToInt64Bits(RealPower.Of(x, n)));
    }

    [Fact]
    public void Of_AfterWarmUp_AllocatesNothing()
    {
        double sum = RealPower.Of(3.5, 6.96);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 1; i <= 1000; i++) sum += RealPower.Of(i / 7.0, 1.3);
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
        Assert.True(sum > 1);
    }

    private static long Bits(double value) => BitConverter.DoubleToInt64Bits(value);

    [Fact]
    public void OfPair_EqualsTwoCallsOfOfToTheBit()
    {
        // OfPair computes two of Of's powers next to each other (the erythroid and megakaryocyte Hill powers of one signal
        // update): each result must be Of's own to the bit, for any bases and exponents, including pairs where one or both
        // leave the fast path (bases zero, negative, subnormal, infinite or NaN; exponents not finite; results that are not
        // normal, one side only), where OfPair falls back to Of or to TryOf of each. A wiring slip (a base, exponent or tail of
        // the other side, the fallback of one side only) moves some of these results.
        var rng = new Random(2026_1206);
        var special = new[]
        {
            0, -0.0, -2, double.Epsilon, 1e-310, double.PositiveInfinity, double.NaN, 1e-300, 1e300, 1, 2, 0.5,
            Math.BitDecrement(1), Math.BitIncrement(1),
        };
        double RandomBase() => rng.Next(8) switch
        {
            0 => special[rng.Next(special.Length)],
            1 => 1 + (rng.NextDouble() - 0.5) * 1e-6,
            2 => Math.ScaleB(1 + rng.NextDouble(), rng.Next(-1074, 1024)),
            _ => Math.Pow(10, (rng.NextDouble() - 0.5) * 16),
        };
        double RandomExponent() => rng.Next(6) switch
        {
            0 => 6.96,
            1 => 1.3,
            2 => new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0, -6.96, 200 }[rng.Next(6)],
            _ => (rng.NextDouble() - 0.5) * 16,
        };
        int bothFast = 0;
        for (int i = 0; i < 200_000; i++)
        {
            double x1 = RandomBase(), n1 = RandomExponent(), x2 = RandomBase(), n2 = RandomExponent();
            RealPower.OfPair(x1, n1, x2, n2, out double p1, out double p2);
            Assert.True(Bits(RealPower.Of(x1, n1)) == Bits(p1), $"first of ({x1:R}, {n1:R}) with ({x2:R}, {n2:R})");
            Assert.True(Bits(RealPower.Of(x2, n2)) == Bits(p2), $"second of ({x1:R}, {n1:R}) with ({x2:R}, {n2:R})");
            if (x1 > 0 && x2 > 0 && double.IsNormal(p1) && double.IsNormal(p2)) bothFast++;
        }
        Assert.True(bothFast > 50_000, $"only {bothFast} pairs on the paired fast path");
    }

    [Fact]
    public void OfPair_AfterWarmUp_AllocatesNothing()
    {
        RealPower.OfPair(3.5, 6.96, 0.7, 1.3, out double sum, out double other);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 1; i <= 1000; i++)
        {
            RealPower.OfPair(i / 7.0, 1.3, i / 3.0, 6.96, out double p1, out double p2);
            sum += p1 + p2;
        }
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
        Assert.True(sum + other > 1);
    }
}
