using System.Text.Json;
using Reconstitution.Cohorts;
using static Reconstitution.Tests.Cohorts.CohortTestData;

namespace Reconstitution.Tests.Cohorts;

public class CohortComparisonTests
{
    [Fact]
    public void Compare_SameCohortTwice_ZeroDifferencesAndNoLogRankSignal()
    {
        var records = Enumerable.Range(0, 30).Select(i => Record(i, Outcome(neutro: 8 + i % 7, platelet: 12 + i % 5, death: i % 10 == 0 ? 50 : null))).ToArray();
        var s = CohortSummary.FromRecords("a", 100, 3, records);
        var c = CohortComparison.Compare(s, records, s, records);
        foreach (var d in c.Differences.Where(d => d.Difference is not null))
        {
            Assert.Equal(0.0, d.Difference!.Value, 12);
            Assert.Equal(0.0, d.Ci95!.Value.Lower, 12);
            Assert.Equal(0.0, d.Ci95!.Value.Upper, 12);
        }
        Assert.All(c.LogRankTests, t => Assert.Equal(0.0, t.Result.ChiSquare, 9));
    }

    [Fact]
    public void Compare_LaterEngraftment_PositiveDifferenceWithIntervalExcludingZero()
    {
        // B engrafts exactly 5 days after A in every patient: the paired difference is 5 in every bootstrap resample.
        var a = Enumerable.Range(0, 40).Select(i => Record(i, Outcome(neutro: 8 + i % 6))).ToArray();
        var b = Enumerable.Range(0, 40).Select(i => Record(i, Outcome(neutro: 13 + i % 6))).ToArray();
        var c = CohortComparison.Compare(CohortSummary.FromRecords("a", 100, 1, a), a, CohortSummary.FromRecords("b", 100, 1, b), b);
        var median = c.Differences.Single(d => d.Name == "neutrophilEngraftmentMedianDay");
        Assert.Equal(5, median.Difference);
        Assert.Equal(5, median.Ci95!.Value.Lower);
        Assert.Equal(5, median.Ci95!.Value.Upper);
        var test = c.LogRankTests.Single(t => t.Name == "neutrophilEngraftment").Result;
        Assert.True(test.PValue < 1e-3);
        using var doc = JsonDocument.Parse(c.ToJson());
        Assert.True(doc.RootElement.GetProperty("differences").TryGetProperty("neutrophilEngraftmentMedianDay", out _));
        Assert.True(doc.RootElement.GetProperty("logRank").TryGetProperty("neutrophilEngraftment", out _));
    }

    [Fact]
    public void Compare_DifferentSizes_Throws()
    {
        var a = new[] { Record(0, Outcome(neutro: 9)) };
        var b = new[] { Record(0, Outcome(neutro: 9)), Record(1, Outcome(neutro: 9)) };
        var s = CohortSummary.FromRecords("a", 100, 1, a);
        Assert.Throws<ArgumentException>(() => CohortComparison.Compare(s, a, s, b));
    }
}
