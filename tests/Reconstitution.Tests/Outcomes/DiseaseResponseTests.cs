using Reconstitution.Outcomes;
using Reconstitution.Physiology;
using Xunit;

namespace Reconstitution.Tests.Outcomes;

/// <summary>The per-disease response definitions (docs/outputs.md §Disease response) on hand-made daily trajectories.</summary>
public sealed class DiseaseResponseTests
{
    // Days −1…end: Hb, platelets and activity given by functions of the day.
    private static ReadoutTrajectory Trajectory(int end, Func<int, double> hb, Func<int, double> platelets, Func<int, double> activity)
    {
        var tr = new ReadoutTrajectory();
        for (int day = -1; day <= end; day++)
            tr.Add(day, new ClinicalReadouts { HemoglobinGPerDl = hb(day), PlateletsE9PerLiter = platelets(day), DiseaseActivity = activity(day) });
        return tr;
    }

    [Fact]
    public void Evaluate_ItpPlateletsAbove50FromDay40_RespondsOnDay40UntilTheyFallFor7Days()
    {
        var tr = Trajectory(400, _ => 12, d => d is >= 40 and < 200 ? 80 : 20, _ => 0.3);
        var (response, loss) = DiseaseResponse.Evaluate(AutoimmuneDisease.ImmuneThrombocytopenia, tr, [], [], 0.75);
        Assert.Equal(40, response);
        Assert.Equal(200, loss);
    }

    [Theory]
    [InlineData(AutoimmuneDisease.MultipleSclerosis)]
    [InlineData(AutoimmuneDisease.ImmuneThrombocytopenia)]
    [InlineData(AutoimmuneDisease.AutoimmuneHemolyticAnemia)]
    public void Evaluate_TwoYearCourse_AllocatesNothing(AutoimmuneDisease disease)
    {
        // The summary of every patient with a disease: the trajectory's columns are read in place, not copied.
        var tr = Trajectory(731, d => d >= 60 ? 11 : 8, d => d is >= 40 and < 500 ? 80 : 20, d => d is >= 100 and < 600 ? 0.2 : 0.7);
        int[] transfusions = [45, 62];
        var expected = DiseaseResponse.Evaluate(disease, tr, transfusions, transfusions, 0.75);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var again = DiseaseResponse.Evaluate(disease, tr, transfusions, transfusions, 0.75);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(expected, again);
        Assert.NotNull(expected.Response);
    }

    [Fact]
    public void Evaluate_ItpPlateletTransfusion_NoResponseWithin7DaysOfIt()
    {
        var tr = Trajectory(100, _ => 12, d => d >= 40 ? 80 : 20, _ => 0.3);
        var (response, _) = DiseaseResponse.Evaluate(AutoimmuneDisease.ImmuneThrombocytopenia, tr, [], [45], 0.75);
        Assert.Equal(52, response); // days 45–51 are within 7 days of the transfusion
    }

    [Fact]
    public void Evaluate_AihaHbAbove10ButHaemolysisOngoing_NoResponse()
    {
        var haemolysing = Trajectory(200, _ => 11, _ => 200, _ => 0.7);
        Assert.Equal((null, null), DiseaseResponse.Evaluate(AutoimmuneDisease.AutoimmuneHemolyticAnemia, haemolysing, [], [], 0.75));
        var quiet = Trajectory(200, d => d >= 60 ? 11 : 8, _ => 200, _ => 0.2);
        Assert.Equal(60, DiseaseResponse.Evaluate(AutoimmuneDisease.AutoimmuneHemolyticAnemia, quiet, [], [], 0.75).Response);
        Assert.Equal(69, DiseaseResponse.Evaluate(AutoimmuneDisease.AutoimmuneHemolyticAnemia, quiet, [62], [], 0.75).Response);
    }

    [Fact]
    public void Evaluate_TCellDisease_ActivityBelowTwoThirdsOfBefore_ShortDipsIgnored()
    {
        // Activity below 0.5 (2/3 of 0.75) on days 30–33 only (4 days: not sustained), then from day 100; back up from day 300.
        var tr = Trajectory(400, _ => 14, _ => 250, d => d is >= 30 and < 34 || d is >= 100 and < 300 ? 0.2 : 0.7);
        Assert.Equal((100, 300), DiseaseResponse.Evaluate(AutoimmuneDisease.MultipleSclerosis, tr, [], [], 0.75));
        Assert.Equal((null, null), DiseaseResponse.Evaluate(AutoimmuneDisease.None, tr, [], [], 0.75));
    }

    [Fact]
    public void Evaluate_BeforeDay30_NotCounted()
    {
        var tr = Trajectory(25, _ => 14, _ => 250, _ => 0.1);
        Assert.Equal((null, null), DiseaseResponse.Evaluate(AutoimmuneDisease.SystemicLupusErythematosus, tr, [], [], 0.75));
    }
}
