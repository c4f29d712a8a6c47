using Reconstitution.Outcomes;

namespace Reconstitution.Tests.Outcomes;

public class EngraftmentCriteriaTests
{
    // Day -2 … day 14: high before infusion, nadir, then recovery crossing 0.5 on day 10.
    private static readonly double[] Anc =
        [4.0, 3.0, 1.0, 0.3, 0.1, 0.05, 0.02, 0.01, 0.01, 0.02, 0.1, 0.3, 0.6, 0.4, 0.7, 0.9, 1.2];

    [Fact]
    public void NeutrophilEngraftmentDay_RunBrokenByDip_IsFirstDayOfFirstFullRun()
    {
        // Index 12 (day 10) is 0.6, day 11 dips to 0.4, days 12-14 are ≥ 0.5 → engraftment day 12.
        Assert.Equal(12, EngraftmentCriteria.NeutrophilEngraftmentDay(Anc, firstDay: -2));
    }

    [Fact]
    public void NeutrophilEngraftmentDay_CountsBeforeDayZeroDoNotCount()
    {
        // Pre-infusion counts are high for days -2..-1 but engraftment must follow the nadir.
        double[] counts = [5, 5, 5, 0.1, 0.1, 1, 1, 1];
        Assert.Equal(3, EngraftmentCriteria.NeutrophilEngraftmentDay(counts, firstDay: -2));
    }

    [Fact]
    public void NeutrophilEngraftmentDay_NeverRecovers_IsNull()
    {
        double[] counts = [0.1, 0.2, 0.6, 0.7, 0.3, 0.2];
        Assert.Null(EngraftmentCriteria.NeutrophilEngraftmentDay(counts, firstDay: 0));
    }

    [Fact]
    public void NeutrophilEngraftmentDay_NeverCytopenic_IsDayZero()
    {
        double[] counts = [3, 2, 1, 1, 2, 3];
        Assert.Equal(0, EngraftmentCriteria.NeutrophilEngraftmentDay(counts, firstDay: -1));
    }

    [Fact]
    public void PlateletEngraftmentDay_TransfusionWithinSevenDays_DelaysEngraftment()
    {
        // Platelets ≥ 20 from day 10 on; a transfusion on day 8 disqualifies runs starting on
        // days 9..15; the first qualifying run starts on day 16.
        var counts = new double[30];
        for (int d = 0; d < 30; d++) counts[d] = d < 10 ? 8 : 40;
        Assert.Equal(16, EngraftmentCriteria.PlateletEngraftmentDay(counts, firstDay: 0, [3, 8]));
        Assert.Equal(10, EngraftmentCriteria.PlateletEngraftmentDay(counts, firstDay: 0, [2]));
    }

    [Fact]
    public void FirstSustainedRecovery_NaNCount_ThrowsNamingIndex()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() =>
            EngraftmentCriteria.NeutrophilEngraftmentDay([1.0, double.NaN], firstDay: 0));
        Assert.Contains("counts[1]", ex.Message);
    }
}
