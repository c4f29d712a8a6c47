using FsCheck;
using FsCheck.Fluent;
using Reconstitution.Numerics;
using Xunit;

namespace Reconstitution.Tests.Numerics;

public sealed class PowerOfTwoTests
{
    // PowerOfTwo.Of is within ≈ 1.05 ulp of 2ˣ (its remarks), Math.Pow(2, x) within 0.52 ulp (glibc's bound): together under
    // 2 ulp of a result in [2ᵏ, 2ᵏ⁺¹), a relative difference below 2·2⁻⁵² = 2⁻⁵¹.
    private static readonly double Bound = Math.ScaleB(1, -51);

    private static double RelativeDifference(double x)
    {
        double expected = Math.Pow(2, x);
        return Math.Abs(PowerOfTwo.Of(x) - expected) / expected;
    }

    [Fact]
    public void Of_AnyExponentOfNormalResult_AgreesWithPowWithinTwoUlp()
    {
        // Exponents of every size a decay meets (−t/t½ from 0 to past the last normal power), fractions near 0 and 1 (the
        // floor's edges), and positive ones: relative difference from Math.Pow(2, x) below 2⁻⁵¹.
        var exponent = Gen.OneOf(
            Gen.Choose(-1_021_999, 1_023_999).Select(i => i / 1000.0),
            Gen.Choose(-1_000_000, 1_000_000).Select(i => i * 1e-9),
            Gen.Choose(-1022, 1023).Select(i => (double)i),
            Gen.Choose(-1022, 1022).Select(i => Math.BitDecrement((double)i)),
            Gen.Choose(-1022, 1022).Select(i => Math.BitIncrement((double)i)),
            Gen.Choose(1, 1_000_000).Select(i => -i * 1e-300));
        var config = Config.QuickThrowOnFailure.WithMaxTest(20_000).WithReplay(new Replay(new Rnd(2026_1205UL), null));
        Prop.ForAll(exponent.ToArbitrary(), x => RelativeDifference(x) < Bound).Check(config);
    }

    [Fact]
    public void Of_EveryHundredthOfAnExponentFromMinus60To0_AgreesWithPowWithinTwoUlp()
    {
        // The decays' working range (60 half-lives is 10⁻¹⁸), densely: the largest relative difference stays below 2⁻⁵¹.
        double worst = 0;
        for (int i = -6000; i <= 0; i++) worst = Math.Max(worst, RelativeDifference(i / 100.0));
        Assert.True(worst < Bound, $"largest relative difference {worst:E3}, bound {Bound:E3}");
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
