using System.Text.Json;
using Reconstitution.Cohorts;
using Reconstitution.Outcomes;
using Reconstitution.Output;
using Xunit;

namespace Reconstitution.Tests.Cohorts;

/// <summary>summary.json <c>deathsByCause</c> and <c>response</c>, and the patients.csv response columns (docs/outputs.md).</summary>
public sealed class DeathsAndResponseSummaryTests
{
    private static PatientRecord[] Records() =>
    [
        CohortTestData.Record(0, CohortTestData.Outcome(death: 5) with { DeathCause = DeathCauses.OfOrgan(Reconstitution.Physiology.Organ.Heart) }),
        CohortTestData.Record(1, CohortTestData.Outcome(death: 40)),
        CohortTestData.Record(2, CohortTestData.Outcome() with { ResponseDay = 35 }),
        CohortTestData.Record(3, CohortTestData.Outcome() with { ResponseDay = 40, LossOfResponseDay = 300 }),
        CohortTestData.Record(4, CohortTestData.Outcome(hasDisease: false)),
    ];

    [Fact]
    public void ToJson_DeathsByCauseAndResponse_CountEveryCauseAndTheResponders()
    {
        var summary = CohortSummary.FromRecords("test", 400, 1, Records());
        using var json = JsonDocument.Parse(summary.ToJson());
        var deaths = json.RootElement.GetProperty("deathsByCause").EnumerateArray()
            .ToDictionary(e => e.GetProperty("cause").GetString()!, e => e.GetProperty("deaths").GetInt32());
        Assert.Equal(DeathCauses.All, deaths.Keys);
        Assert.Equal(1, deaths["organ:heart"]);
        Assert.Equal(1, deaths["infection"]);
        Assert.Equal(2, deaths.Values.Sum());
        var response = json.RootElement.GetProperty("response");
        Assert.Equal(4, response.GetProperty("patients").GetInt32());
        Assert.Equal(2, response.GetProperty("responded").GetInt32());
        Assert.Equal(1, response.GetProperty("relapsed").GetInt32());
        Assert.Equal(0.25, response.GetProperty("continuousResponseFraction").GetDouble());
    }

    [Fact]
    public void PatientsCsv_ResponseColumns_RoundTripAndNaWithoutDisease()
    {
        var records = Records();
        var text = new StringWriter();
        using (var writer = new PatientsCsvWriter(text)) foreach (var r in records) writer.Write(r);
        var lines = text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // The response columns, the graft columns (empty: these patients had no graft failure and one unit), then the
        // Karnofsky score (the default 90).
        Assert.EndsWith("response,responseDay,relapse,lossOfResponseDay,graftFailureCause,dominantUnit,dominantUnitReached90Day,karnofskyScore", lines[0]);
        Assert.EndsWith("true,40,true,300,,,,90", lines[4]);
        Assert.EndsWith("NA,,NA,,,,,90", lines[5]);
        var back = PatientsCsvReader.Read(new StringReader(text.ToString()));
        Assert.Equal(records.Select(r => r.Outcome.ResponseDay), back.Select(r => r.Outcome.ResponseDay));
        Assert.Equal(records.Select(r => r.Outcome.LossOfResponseDay), back.Select(r => r.Outcome.LossOfResponseDay));
        var bad = text.ToString().Replace("true,40,true,300", "false,40,true,300");
        Assert.Contains("disagree", Assert.Throws<FormatException>(() => PatientsCsvReader.Read(new StringReader(bad))).Message);
    }
}
