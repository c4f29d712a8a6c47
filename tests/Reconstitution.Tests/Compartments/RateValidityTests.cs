using FsCheck;
using FsCheck.Fluent;
using Reconstitution.Compartments.Solvers;

namespace Reconstitution.Tests.Compartments;

/// <summary>
/// <see cref="RateValidity.AllValid"/> answers from a sum and an OR of the rates when it can and compares otherwise; these
/// tests hold it to the term-by-term definition (every a ≥ 0 and a &lt; +∞) at the lengths of real networks, including the
/// cases that defeat the fast pass: −0 (sign bit, yet valid), valid rates whose sum overflows, NaN and ±∞ at any position
/// (inside the rounds of sixteen and in the overlapping last round).
/// </summary>
public class RateValidityTests
{
    private static bool Definition(double[] values) => values.All(a => a >= 0 && a < double.PositiveInfinity);

    [Fact]
    public void AllValid_ShortArraysManySpecials_EqualsTheDefinition()
    {
        // The rates are checked in one vector pass plus a scalar tail: an invalid value (negative, NaN, ±∞) must be found in
        // either part, at any length, and −0, +0, subnormals and the largest finite value must pass.
        double[] specials = [0, -0.0, double.Epsilon, double.MaxValue, -double.Epsilon, -1, double.NaN, double.PositiveInfinity, double.NegativeInfinity];
        var value = Gen.Frequency((12, Gen.Choose(0, 1_000_000).Select(i => i * 0.37)), (1, Gen.Elements(specials)));
        var config = Config.QuickThrowOnFailure.WithMaxTest(500).WithReplay(new Replay(new Rnd(15_2026UL), null));
        Prop.ForAll(Gen.ArrayOf(value).Resize(40).ToArbitrary(), values =>
            RateValidity.AllValid(values) == values.All(a => a >= 0 && a < double.PositiveInfinity)).Check(config);
    }

    [Fact]
    public void AllValid_RandomRates_EqualsTheDefinition()
    {
        double[] specials = [0, -0.0, double.Epsilon, double.MaxValue, -double.Epsilon, -1, double.NaN, -double.NaN,
            double.PositiveInfinity, double.NegativeInfinity];
        var value = Gen.Frequency((60, Gen.Choose(0, 1_000_000).Select(i => i * 0.37)), (1, Gen.Elements(specials)));
        var config = Config.QuickThrowOnFailure.WithMaxTest(1000).WithReplay(new Replay(new Rnd(13_2026UL), null));
        Prop.ForAll(Gen.ArrayOf(value).Resize(300).ToArbitrary(), values => RateValidity.AllValid(values) == Definition(values)).Check(config);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    [InlineData(-1e-300)]
    [InlineData(-5.0)]
    public void AllValid_OneInvalidRateAnywhere_IsFalse(double invalid)
    {
        foreach (int length in new[] { 1, 15, 16, 17, 31, 32, 33, 269 })
            for (int at = 0; at < length; at++)
            {
                var values = Enumerable.Range(0, length).Select(i => 1.0 + i).ToArray();
                values[at] = invalid;
                Assert.False(RateValidity.AllValid(values), $"length {length}, position {at}");
            }
    }

    [Fact]
    public void AllValid_NegativeZeroOrOverflowingSum_IsTrue()
    {
        // Both send the fast pass to the comparisons, which must still say valid.
        foreach (int length in new[] { 16, 17, 40, 269 })
        {
            var withNegativeZero = Enumerable.Repeat(2.5, length).ToArray();
            withNegativeZero[length / 2] = -0.0;
            Assert.True(RateValidity.AllValid(withNegativeZero));
            var huge = Enumerable.Repeat(double.MaxValue, length).ToArray();
            Assert.True(RateValidity.AllValid(huge));
            Assert.True(RateValidity.AllValid(new double[length]));
        }
    }
}
