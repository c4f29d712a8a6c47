using Reconstitution.Analysis;

namespace Reconstitution.Tests.Analysis;

public class KaplanMeierCurveTests
{
    // Product-limit estimates and Greenwood standard errors for the 6-MP arm, computed by hand
    // (Klein & Moeschberger, Survival Analysis, Table 4.1A).
    [Theory]
    [InlineData(6, 0.857143, 0.076360)]
    [InlineData(7, 0.806723, 0.086935)]
    [InlineData(10, 0.752941, 0.096350)]
    [InlineData(13, 0.690196, 0.106815)]
    [InlineData(16, 0.627451, 0.114054)]
    [InlineData(22, 0.537815, 0.128234)]
    [InlineData(23, 0.448179, 0.134591)]
    public void Estimate_SixMercaptopurineArm_MatchesTextbookTable(double day, double survival, double standardError)
    {
        var curve = KaplanMeierCurve.Estimate(TextbookData.SixMercaptopurine());
        int i = curve.Times.ToList().IndexOf(day);
        Assert.True(i >= 0, $"day {day} should be an event time");
        Assert.Equal(survival, curve.Survival[i], 1e-5);
        Assert.Equal(standardError, curve.StandardError[i], 1e-5);
    }

    [Fact]
    public void SurvivalAt_IsRightContinuousStepFunction()
    {
        var curve = KaplanMeierCurve.Estimate(TextbookData.SixMercaptopurine());
        Assert.Equal(1.0, curve.SurvivalAt(5.999));
        Assert.Equal(0.857143, curve.SurvivalAt(6), 5);
        Assert.Equal(0.857143, curve.SurvivalAt(6.999), 5);
        Assert.Equal(0.448179, curve.SurvivalAt(1000), 5);
    }

    [Fact]
    public void Median_BothArms_MatchTextbook()
    {
        Assert.Equal(23, KaplanMeierCurve.Estimate(TextbookData.SixMercaptopurine()).Median);
        Assert.Equal(8, KaplanMeierCurve.Estimate(TextbookData.Placebo()).Median);
    }

    [Fact]
    public void MedianInterval_SixMercaptopurine_IsSetWhereLogLogBandContainsOneHalf()
    {
        // Pointwise log(-log) 95% bands (hand-computed): the lower band first drops below 0.5 at
        // day 13 (0.4316); the upper band never does (0.680 at day 23, the last event).
        var ci = KaplanMeierCurve.Estimate(TextbookData.SixMercaptopurine()).MedianInterval();
        Assert.Equal(13, ci.Lower);
        Assert.Equal(double.PositiveInfinity, ci.Upper);
        Assert.Equal(0.95, ci.Level);
    }

    [Fact]
    public void SurvivalInterval_AtDay10_MatchesHandComputedLogLogBand()
    {
        var ci = KaplanMeierCurve.Estimate(TextbookData.SixMercaptopurine()).SurvivalInterval(10);
        Assert.Equal(0.5032, ci.Lower, 4);
        Assert.Equal(0.8894, ci.Upper, 4);
    }

    [Fact]
    public void Median_ExactlyOneHalfOnAnInterval_IsMidpoint()
    {
        // Four subjects, events at 1, 2, 3, 4: S = 0.75, 0.5, 0.25, 0 → median (2 + 3)/2.
        var curve = KaplanMeierCurve.Estimate([.. new[] { 1.0, 2, 3, 4 }.Select(SurvivalObservation.Event)]);
        Assert.Equal(2.5, curve.Median);
    }

    [Fact]
    public void Median_NeverReached_IsPositiveInfinity()
    {
        var curve = KaplanMeierCurve.Estimate([SurvivalObservation.Event(1), SurvivalObservation.Censored(5), SurvivalObservation.Censored(6)]);
        Assert.Equal(double.PositiveInfinity, curve.Median);
    }

    [Fact]
    public void Estimate_NegativeTime_ThrowsNamingObservationAndValue()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() =>
            KaplanMeierCurve.Estimate([SurvivalObservation.Event(1), SurvivalObservation.Event(-2)]));
        Assert.Contains("observations[1].TimeDays", ex.Message);
        Assert.Contains("-2", ex.Message);
    }

    [Fact]
    public void Estimate_Empty_Throws()
    {
        Assert.Throws<ArgumentException>(() => KaplanMeierCurve.Estimate([]));
    }

    [Fact]
    public void SurvivalInterval_LevelOutOfRange_Throws()
    {
        var curve = KaplanMeierCurve.Estimate(TextbookData.Placebo());
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => curve.SurvivalInterval(5, 1.5));
        Assert.Contains("level", ex.Message);
    }
}
