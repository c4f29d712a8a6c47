using Reconstitution.TransplantUnit;

namespace Reconstitution.Tests.TransplantUnit;

/// <summary>The discharge rule on hand-made courses (day −7 to day 20; index i is day i − 7).</summary>
public class DischargeRuleTests
{
    private const int FirstDay = -7;

    /// <summary>ANC 3 before day 0 (conditioning), 0.05 from day 0 to day 9, 0.8 from day 10.</summary>
    private static double[] Anc() => [.. Enumerable.Range(FirstDay, 28).Select(d => d < 0 ? 3.0 : d < 10 ? 0.05 : 0.8)];

    private static InpatientCourse Course(double[] anc, int[]? transfusions = null, int[]? infections = null, int? death = null) =>
        new("test", false, FirstDay, anc, transfusions ?? [], infections ?? [], death, null, 2e6);

    [Fact]
    public void Apply_AncRecoveredAfterNadir_DischargesOnThirdDay()
    {
        // Days 10, 11, 12 at ≥ 0.5 after the nadir: day 12. The pre-conditioning counts (3.0) do not count.
        Assert.Equal((12, DischargeReason.Discharged), DischargeRule.Default.Apply(Course(Anc())));
    }

    [Fact]
    public void Apply_RecentTransfusionOrInfection_DelaysDischarge()
    {
        // A transfusion on day 12 blocks days 12 and 13 (2 transfusion-free days): day 14.
        Assert.Equal(14, DischargeRule.Default.Apply(Course(Anc(), transfusions: [12])).Day);
        // An infection beginning on day 11 blocks days 11–17 (7 infection-free days): day 18.
        Assert.Equal(18, DischargeRule.Default.Apply(Course(Anc(), infections: [11])).Day);
        // With both checks off, only the counts matter.
        var countsOnly = DischargeRule.Default with { TransfusionFreeDays = 0, InfectionFreeDays = 0 };
        Assert.Equal(12, countsOnly.Apply(Course(Anc(), [12], [11])).Day);
    }

    [Fact]
    public void Apply_DeathBeforeRecovery_LeavesOnDeathDay_NoRecovery_Unresolved()
    {
        Assert.Equal((8, DischargeReason.Died), DischargeRule.Default.Apply(Course(Anc(), death: 8)));
        double[] aplastic = [.. Anc().Select(a => Math.Min(a, 0.1))];
        Assert.Equal((20, DischargeReason.Unresolved), DischargeRule.Default.Apply(Course(aplastic)));
    }

    [Fact]
    public void Apply_StricterThresholdAndEarliestDay_AreHonoured()
    {
        Assert.Equal((20, DischargeReason.Unresolved), (DischargeRule.Default with { AncThresholdE9PerLiter = 1.0 }).Apply(Course(Anc())));
        Assert.Equal(15, (DischargeRule.Default with { EarliestDayAfterInfusion = 15 }).Apply(Course(Anc())).Day);
        Assert.Equal(14, (DischargeRule.Default with { AncConsecutiveDays = 5 }).Apply(Course(Anc())).Day);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    public void AncThreshold_OutOfRange_ThrowsNamingIt(double value)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => DischargeRule.Default with { AncThresholdE9PerLiter = value });
        Assert.Equal("AncThresholdE9PerLiter", ex.ParamName);
    }
}
