using Reconstitution.Analysis;

namespace Reconstitution.Tests.Analysis;

public class LogRankTestTests
{
    [Fact]
    public void Compare_FreireichData_MatchesPublishedStatistic()
    {
        // Published for these data: O = 9 vs E = 19.25 (6-MP), O = 21 vs E = 10.75 (placebo),
        // chi-square 16.79 on 1 df, p ≈ 4.2e-5 (Kalbfleisch & Prentice; R survdiff "Chisq= 16.8").
        var r = LogRankTest.Compare(TextbookData.SixMercaptopurine(), TextbookData.Placebo());
        Assert.Equal(9, r.ObservedFirst);
        Assert.Equal(19.2505, r.ExpectedFirst, 4);
        Assert.Equal(21, r.ObservedSecond);
        Assert.Equal(10.7495, r.ExpectedSecond, 4);
        Assert.Equal(6.2570, r.Variance, 4);
        Assert.Equal(16.7929, r.ChiSquare, 4);
        Assert.InRange(r.PValue, 4.1e-5, 4.3e-5);
    }

    [Fact]
    public void Compare_IdenticalGroups_GivesZeroStatisticAndPValueOne()
    {
        var r = LogRankTest.Compare(TextbookData.Placebo(), TextbookData.Placebo());
        Assert.Equal(0, r.ChiSquare, 12);
        Assert.Equal(1, r.PValue, 12);
    }

    [Fact]
    public void Compare_IsSymmetricInItsGroups()
    {
        var ab = LogRankTest.Compare(TextbookData.SixMercaptopurine(), TextbookData.Placebo());
        var ba = LogRankTest.Compare(TextbookData.Placebo(), TextbookData.SixMercaptopurine());
        Assert.Equal(ab.ChiSquare, ba.ChiSquare, 10);
        Assert.Equal(ab.ExpectedFirst, ba.ExpectedSecond, 10);
    }
}
