using Reconstitution.Analysis;

namespace Reconstitution.Tests.Analysis;

public class CumulativeIncidenceCurveTests
{
    // Five subjects: cause 1 at day 1, cause 2 at day 2, cause 1 at day 3, censored at 4, cause 1 at 5.
    // By hand: F1(1) = 1/5; F1(3) = 0.2 + (4/5)(3/4)(1/3) = 0.4; F1(5) = 0.4 + (0.4)(1/1) = 0.8;
    // F2(2) = (4/5)(1/4) = 0.2. F1 + F2 = 1 − S(all causes) = 1 at day 5.
    private static readonly SurvivalObservation[] Data =
    [
        new(1, 1), new(2, 2), new(3, 1), new(4, 0), new(5, 1),
    ];

    [Theory]
    [InlineData(0.5, 0.0)]
    [InlineData(1, 0.2)]
    [InlineData(2.5, 0.2)]
    [InlineData(3, 0.4)]
    [InlineData(5, 0.8)]
    public void IncidenceAt_HandComputedExample_MatchesAalenJohansen(double day, double expected)
    {
        Assert.Equal(expected, CumulativeIncidenceCurve.Estimate(Data, cause: 1).IncidenceAt(day), 12);
    }

    [Fact]
    public void Estimate_AllCauses_SumToOneMinusOverallSurvival()
    {
        var f1 = CumulativeIncidenceCurve.Estimate(Data, 1);
        var f2 = CumulativeIncidenceCurve.Estimate(Data, 2);
        var overall = KaplanMeierCurve.Estimate(Data);
        foreach (double t in new[] { 1.0, 2, 3, 4, 5 })
            Assert.Equal(1 - overall.SurvivalAt(t), f1.IncidenceAt(t) + f2.IncidenceAt(t), 12);
    }

    [Fact]
    public void Estimate_WithCompetingRisk_IsBelowOneMinusKaplanMeierThatCensorsCompetitors()
    {
        // 1 − KM treating the competing death as censoring gives 1 at day 5, an overestimate.
        var naive = KaplanMeierCurve.Estimate([.. Data.Select(o => o.Cause == 1 ? o : SurvivalObservation.Censored(o.TimeDays))]);
        Assert.Equal(1.0, 1 - naive.SurvivalAt(5), 12);
        Assert.True(CumulativeIncidenceCurve.Estimate(Data, 1).IncidenceAt(5) < 1 - naive.SurvivalAt(5));
    }

    [Fact]
    public void Estimate_WithoutCompetingRisk_EqualsOneMinusKaplanMeier()
    {
        var placebo = TextbookData.Placebo();
        var cif = CumulativeIncidenceCurve.Estimate(placebo);
        var km = KaplanMeierCurve.Estimate(placebo);
        for (double t = 0; t <= 25; t += 0.5) Assert.Equal(1 - km.SurvivalAt(t), cif.IncidenceAt(t), 12);
    }

    [Fact]
    public void TimeToReach_Half_IsFirstTimeIncidenceReachesOneHalf()
    {
        Assert.Equal(5, CumulativeIncidenceCurve.Estimate(Data, 1).TimeToReach(0.5));
        Assert.Equal(double.PositiveInfinity, CumulativeIncidenceCurve.Estimate(Data, 2).TimeToReach(0.5));
    }

    [Fact]
    public void Estimate_CauseZero_Throws()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => CumulativeIncidenceCurve.Estimate(Data, 0));
        Assert.Contains("cause", ex.Message);
    }
}
