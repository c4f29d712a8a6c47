using FsCheck;
using FsCheck.Fluent;
using Reconstitution.Numerics;
using Xunit;

namespace Reconstitution.Tests.Numerics;

public sealed class PowerOfTwoTests
{
    // PowerOfTwo.Of is within ≈ 1.04 ulp of 2ˣ (its remarks) and Math.Pow(2, x) within 0.52 ulp (glibc's bound), so the two may
    // differ by one ulp where 2ˣ lies near a rounding boundary; the tests demand no more than that: for positive doubles of one
    // sign, consecutive values have consecutive bit patterns, so the ulp distance is the difference of the bits.
    private static long UlpDistance(double x) =>
        Math.Abs(BitConverter.DoubleToInt64Bits(PowerOfTwo.Of(x)) - BitConverter.DoubleToInt64Bits(Math.Pow(2, x)));

    [Fact]
    public void Of_AnyExponentOfNormalResult_AgreesWithPowWithinOneUlp()
    {
        // Exponents of every size a decay meets (−t/t½ from 0 to past the last normal power), fractions near 0 and 1 (the
        // floor's edges), and positive ones: at most one ulp from Math.Pow(2, x).
        var exponent = Gen.OneOf(
            Gen.Choose(-1_021_999, 1_023_999).Select(i => i / 1000.0),
            Gen.Choose(-1_000_000, 1_000_000).Select(i => i * 1e-9),
            Gen.Choose(-1022, 1023).Select(i => (double)i),
            Gen.Choose(-1022, 1022).Select(i => Math.BitDecrement((double)i)),
            Gen.Choose(-1022, 1022).Select(i => Math.BitIncrement((double)i)),
            Gen.Choose(1, 1_000_000).Select(i => -i * 1e-300));
        var config = Config.QuickThrowOnFailure.WithMaxTest(20_000).WithReplay(new Replay(new Rnd(2026_1205UL), null));
        Prop.ForAll(exponent.ToArbitrary(), x => UlpDistance(x) <= 1).Check(config);
    }

    [Fact]
    public void Of_EveryHundredthOfAnExponentFromMinus60To0_AgreesWithPowWithinOneUlp()
    {
        // The decays' working range (60 half-lives is 10⁻¹⁸), densely: no exponent is more than one ulp from Math.Pow(2, x).
        long worst = 0;
        for (int i = -6000; i <= 0; i++) worst = Math.Max(worst, UlpDistance(i / 100.0));
        Assert.True(worst <= 1, $"largest distance {worst} ulp");
    }

    [Fact]
    public void Of_EverySixtyFourthFrom0To1_IsTableEntryWithinOneUlpOfPow()
    {
        // At x = j/64 the polynomial's argument is 0 and the result is the table's correctly rounded 2^(j/64) itself: a wrong
        // bit pattern in the table shows here (as more than the one ulp by which glibc's pow may differ from correct rounding).
        for (int j = 0; j < 64; j++)
            Assert.True(UlpDistance(j / 64.0) <= 1, $"2^({j}/64): {PowerOfTwo.Of(j / 64.0):R} against {Math.Pow(2, j / 64.0):R}");
    }

    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(1.0, 2.0)]
    [InlineData(-1.0, 0.5)]
    [InlineData(-1022.0, 2.2250738585072014E-308)]
    [InlineData(1023.0, 8.98846567431158E+307)]
    [InlineData(-1074.0, double.Epsilon)]
    [InlineData(-1076.0, 0.0)]
    [InlineData(-5000.0, 0.0)]
    [InlineData(1024.0, double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity, 0.0)]
    [InlineData(double.PositiveInfinity, double.PositiveInfinity)]
    public void Of_IntegerExponentOrLimit_IsExact(double exponent, double expected) =>
        Assert.Equal(expected, PowerOfTwo.Of(exponent));

    [Fact]
    public void Of_NegativeZeroOrTinyNegativeExponent_IsOne()
    {
        // −0 (x·64 floors to −0, not −1) and −10⁻³⁰⁰ (floors to −1: u rounds to ln 2/64, the closed end of its interval).
        // Separate from the theory above, whose analyser takes −0.0 for a duplicate of 0.0.
        foreach (double x in new[] { -0.0, -1e-300, -double.Epsilon })
            Assert.Equal(1.0, PowerOfTwo.Of(x));
    }

    [Fact]
    public void Of_NaN_IsNaN() => Assert.True(double.IsNaN(PowerOfTwo.Of(double.NaN)));

    [Fact]
    public void Of_SubnormalResult_EqualsPow()
    {
        // Below 2⁻¹⁰²² the result is not normal: the method hands over to Math.Pow, bit for bit.
        foreach (double x in new[] { -1022.5, -1030.25, -1073.9, -1074.5 })
            Assert.Equal(BitConverter.DoubleToInt64Bits(Math.Pow(2, x)), BitConverter.DoubleToInt64Bits(PowerOfTwo.Of(x)));
    }

    [Fact]
    public void Of_AfterWarmUp_AllocatesNothing()
    {
        double sum = PowerOfTwo.Of(-3.5);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++) sum += PowerOfTwo.Of(-i / 7.0);
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
        Assert.True(sum > 1);
    }
}
