using System.Text.Json;
using System.Text.RegularExpressions;
using Reconstitution.Cohorts;
using static Reconstitution.Tests.Cohorts.CohortTestData;

namespace Reconstitution.Tests.Cohorts;

public class CohortSummaryTests
{
    // Four grafted patients: neutrophils engraft on days 10, 12, 14; patient 3 dies on day 8 without engrafting.
    // Aalen–Johansen by hand: day 8 death, S = 3/4; day 10: F = 3/4·1/3 = 1/4, S = 1/2; day 12: F = 1/4 + 1/2·1/2 = 1/2,
    // S = 1/4; day 14: F = 1/2 + 1/4·1 = 3/4. Treatment-related death by day 100 = 1/4 (no relapse competes).
    private static readonly PatientRecord[] Four =
    [
        Record(0, Outcome(neutro: 10, platelet: 20, redCells: 2, platelets: 1), cd4Day30: 100),
        Record(1, Outcome(neutro: 12, platelet: 25, relapse: 60, redCells: 4, platelets: 3), cd4Day30: 300),
        Record(2, Outcome(neutro: 14, platelet: null, failure: false, redCells: 0, platelets: 0), cd4Day30: 200),
        Record(3, Outcome(death: 8, redCells: 1, platelets: 5)),
    ];

    [Fact]
    public void FromRecords_HandComputedExample_MatchesAalenJohansen()
    {
        var s = CohortSummary.FromRecords("test", 100, 1, Four);
        var n = s.NeutrophilEngraftment!;
        Assert.Equal(4, n.Patients);
        Assert.Equal(3, n.Engrafted);
        Assert.Equal(12, n.MedianDay);
        Assert.Equal(0.75, CohortSummary.ValueAt(n.CumulativeIncidence, "day14")!.Value, 12);
        Assert.Equal(0.5, CohortSummary.ValueAt(n.CumulativeIncidence, "day14")!.Value - 0.25, 12);
        Assert.Equal(0.75, CohortSummary.ValueAt(n.CumulativeIncidence, "day100")!.Value, 12);
        Assert.True(n.Ci95!.Value.Lower <= 12 && n.Ci95.Value.Upper >= 12);
        Assert.Equal(0.25, CohortSummary.ValueAt(s.TreatmentRelatedMortality, "day100")!.Value, 12);
        Assert.Null(CohortSummary.ValueAt(s.TreatmentRelatedMortality, "year1")); // day 365 not simulated
        Assert.Equal(0.0, s.GraftFailure);
        // Relapse: patient 1 on day 60; death of patient 3 on day 8 competes: F(60) = 3/4 · 1/3 = 1/4 — but only year
        // points are reported, none simulated within 100 days.
        Assert.All(s.Relapse, p => Assert.Null(p.Value));
        Assert.Equal(1.5, s.Transfusions.RedCellUnitsMedian);
        Assert.Equal(2.0, s.Transfusions.PlateletUnitsMedian);
        Assert.Equal(200, s.LymphocyteRecovery[0].Cd4);
        Assert.Equal(3, s.LymphocyteRecovery[0].Patients);
        Assert.Equal([30, 90], s.LymphocyteRecovery.Select(p => p.Day));
    }

    [Fact]
    public void FromRecords_SameRecordsTwice_SameJsonBytes()
    {
        Assert.Equal(CohortSummary.FromRecords("test", 100, 5, Four).ToJson(), CohortSummary.FromRecords("test", 100, 5, Four).ToJson());
    }

    [Fact]
    public void FromRecords_NoRecords_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => CohortSummary.FromRecords("test", 100, 1, []));
        Assert.Contains("records", ex.Message);
    }

    [Fact]
    public void ToJson_RequiredFields_PresentAndCamelCase()
    {
        string json = CohortSummary.FromRecords("test", 800, 1, Four).ToJson();
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        foreach (string key in new[] { "protocol", "patients", "seed", "days", "neutrophilEngraftment", "plateletEngraftment", "graftFailure",
                     "treatmentRelatedMortality", "relapse", "eventFreeSurvival", "acuteGvhd", "chronicGvhd", "transfusions", "lymphocyteRecovery" })
            Assert.True(root.TryGetProperty(key, out _), key);
        var ne = root.GetProperty("neutrophilEngraftment");
        Assert.Equal(2, ne.GetProperty("ci95").GetArrayLength());
        foreach (int d in new[] { 14, 21, 28, 42, 60, 100 })
            Assert.True(ne.GetProperty("cumulativeIncidence").TryGetProperty("day" + d, out _));
        Assert.True(root.GetProperty("treatmentRelatedMortality").TryGetProperty("year1", out _));
        Assert.True(root.GetProperty("relapse").TryGetProperty("year2", out _));
        Assert.True(root.GetProperty("transfusions").TryGetProperty("redCellUnitsMedian", out _));
        var day730 = root.GetProperty("lymphocyteRecovery").GetProperty("day730");
        foreach (string k in new[] { "cd4", "cd8", "b", "nk" }) Assert.True(day730.TryGetProperty(k, out _));
        foreach (var name in Names(root)) Assert.Matches(new Regex("^[a-z][A-Za-z0-9]*$"), name);
    }

    private static IEnumerable<string> Names(JsonElement e)
    {
        if (e.ValueKind == JsonValueKind.Object)
            foreach (var p in e.EnumerateObject())
            {
                yield return p.Name;
                foreach (var n in Names(p.Value)) yield return n;
            }
        else if (e.ValueKind == JsonValueKind.Array)
            foreach (var x in e.EnumerateArray())
                foreach (var n in Names(x)) yield return n;
    }
}
