using Reconstitution.Output.Charts;

namespace Reconstitution.Tests.Output;

public class AxisTicksTests
{
    private static double Narrow(string _) => 10;

    [Theory]
    [InlineData(0.7, 1)]
    [InlineData(1, 1)]
    [InlineData(1.3, 2)]
    [InlineData(3, 5)]
    [InlineData(7, 10)]
    [InlineData(0.031, 0.05)]
    [InlineData(180, 200)]
    public void NiceStep_RoundsUpToOneTwoOrFiveTimesPowerOfTen(double raw, double expected)
    {
        Assert.Equal(expected, AxisTicks.NiceStep(raw), 12);
    }

    [Theory]
    [InlineData(0.0, false, "0")]
    [InlineData(0.5, false, "0.5")]
    [InlineData(0.01, false, "0.01")]
    [InlineData(1, false, "1")]
    [InlineData(20, false, "20")]
    [InlineData(1000, false, "1000")]
    [InlineData(-7, false, "\u22127")]
    [InlineData(0.30000000000000004, false, "0.3")]
    [InlineData(10000, true, "10⁴")]
    [InlineData(20000, true, "2×10⁴")]
    [InlineData(1e-4, true, "10⁻⁴")]
    [InlineData(1, true, "10⁰")]
    public void Format_GivesCompactLabels(double value, bool powerOfTen, string expected)
    {
        Assert.Equal(expected, AxisTicks.Format(value, powerOfTen));
    }

    [Fact]
    public void Format_KeepsTheDecimalsOfTheStep()
    {
        Assert.Equal("1.005", AxisTicks.Format(1.005, false, minDecimals: 3));
    }

    [Fact]
    public void Linear_LongAxis_StepsEvenlyAndStaysInRange()
    {
        var ticks = AxisTicks.Linear(-7, 100, 600, Narrow, 10);

        Assert.All(ticks, t => Assert.InRange(t.Value, -7, 100));
        double step = ticks[1].Value - ticks[0].Value;
        Assert.Contains(step / Math.Pow(10, Math.Floor(Math.Log10(step))), new[] { 1.0, 2, 5 });
        Assert.Contains(ticks, t => t.Value == 0);
    }

    [Fact]
    public void Linear_WideLabels_ThinOutUntilTheyFit()
    {
        var dense = AxisTicks.Linear(0, 100, 300, Narrow, 4);
        var sparse = AxisTicks.Linear(0, 100, 300, _ => 60, 4);

        Assert.True(sparse.Count < dense.Count);
        double pxPerUnit = 300 / 100.0;
        Assert.True((sparse[1].Value - sparse[0].Value) * pxPerUnit >= 64);
    }

    [Fact]
    public void Linear_LargeValues_AllUsePowersOfTen()
    {
        var ticks = AxisTicks.Linear(0, 50000, 500, Narrow, 10);

        Assert.Contains(ticks, t => t.Label == "1×10⁴");
        Assert.Contains(ticks, t => t.Label == "2×10⁴");
        Assert.Contains(ticks, t => t.Label == "0");
    }

    [Fact]
    public void Log_ManyDecadesInLittleSpace_LabelsEveryOtherDecade()
    {
        var ticks = AxisTicks.Log(1e-2, 1e6, 120, _ => 12, 6);
        var labelled = ticks.Where(t => t.IsLabelled).Select(t => Math.Log10(t.Value)).ToList();

        Assert.All(labelled, e => Assert.Equal(Math.Round(e), e, 9));
        Assert.True(labelled.Count < 9);
        Assert.True(labelled.Count >= 2);
    }

    [Fact]
    public void Log_LessThanADecade_FallsBackToLinearLabels()
    {
        var ticks = AxisTicks.Log(2, 8, 400, _ => 12, 6);

        Assert.True(ticks.Count(t => t.IsLabelled) >= 2);
        Assert.All(ticks, t => Assert.InRange(t.Value, 2, 8));
    }

    [Fact]
    public void ResolveRange_LinearFreeBounds_RoundOutwardToTheStep()
    {
        var data = new DataRange(false);
        data.Include(0.3);
        data.Include(7.3);

        var (min, max) = AxisTicks.ResolveRange(ChartAxis.Linear("y"), data, "t", "y");

        Assert.Equal(0, min, 12);
        Assert.Equal(8, max, 12);
    }

    [Fact]
    public void ResolveRange_LogIgnoresNonPositiveData()
    {
        var data = new DataRange(true);
        data.Include(0);
        data.Include(-1);
        data.Include(0.03);
        data.Include(4.2);

        var (min, max) = AxisTicks.ResolveRange(ChartAxis.Log10("y"), data, "t", "y");

        Assert.Equal(0.01, min, 12);
        Assert.Equal(10, max, 12);
    }

    [Fact]
    public void ResolveRange_FixedBounds_AreKeptExactly()
    {
        var data = new DataRange(false);
        data.Include(-100);
        data.Include(500);

        var (min, max) = AxisTicks.ResolveRange(ChartAxis.Linear("y", "", -7, 100), data, "t", "y");

        Assert.Equal((-7.0, 100.0), (min, max));
    }
}
