using System.Globalization;
using Reconstitution.Output.Charts;

namespace Reconstitution.Tests.Output;

public class SvgWriterTests
{
    // What Number wrote before its fast path: the custom format string applied to the value rounded to hundredths.
    private static string Reference(double value)
    {
        double rounded = Math.Round(value, 2, MidpointRounding.AwayFromZero);
        return rounded == 0 ? "0" : rounded.ToString("0.##", CultureInfo.InvariantCulture);
    }

    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(-0.004, "0")]
    [InlineData(0.005, "0.01")]
    [InlineData(-0.005, "-0.01")]
    [InlineData(0.5, "0.5")]
    [InlineData(-0.5, "-0.5")]
    [InlineData(12.3, "12.3")]
    [InlineData(12.35, "12.35")]
    [InlineData(12.345, "12.35")]
    [InlineData(100, "100")]
    [InlineData(100.999, "101")]
    [InlineData(-1234.05, "-1234.05")]
    [InlineData(999_999_999.994, "999999999.99")]
    [InlineData(1e9, "1000000000")]
    [InlineData(1.23456789e15, "1234567890000000")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "Infinity")]
    [InlineData(double.NegativeInfinity, "-Infinity")]
    public void Number_KnownValues_TwoDecimalsAtMost(double value, string expected)
    {
        Assert.Equal(expected, SvgWriter.Number(value));
        Assert.Equal(Reference(value), SvgWriter.Number(value));
    }

    [Fact]
    public void Number_ManyValues_SameTextAsTheFormatString()
    {
        // Values of every scale a chart meets and beyond (up to 10¹⁰, across the fast path's 10⁹ limit), and values a
        // hair either side of the half-hundredths where the rounding turns: the fast path must write the text the format
        // string writes, character for character.
        Assert.Equal("0", SvgWriter.Number(-0.0));
        var random = new Random(20261206);
        for (int i = 0; i < 200_000; i++)
        {
            double scale = Math.Pow(10, random.Next(-4, 11));
            double value = (random.NextDouble() * 2 - 1) * scale;
            Assert.Equal(Reference(value), SvgWriter.Number(value));
            double half = (Math.Floor(value * 100) + 0.5) / 100;
            foreach (double near in new[] { half, Math.BitDecrement(half), Math.BitIncrement(half) })
                Assert.Equal(Reference(near), SvgWriter.Number(near));
        }
    }
}
