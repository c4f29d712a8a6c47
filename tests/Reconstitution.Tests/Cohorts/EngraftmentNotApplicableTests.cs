using Reconstitution.Cohorts;
using Reconstitution.Output;

namespace Reconstitution.Tests.Cohorts;

/// <summary>
/// Patients who never fell below the engraftment threshold after infusion have no engraftment to time (ASTCT counts
/// engraftment after a nadir): "not applicable" in patients.csv, summary.json and the summary, never day 0.
/// </summary>
public class EngraftmentNotApplicableTests
{
    // 4 of 10 never neutropenic (engraftment day 0 by the ASTCT search); the others engraft on days 10…15.
    private static readonly PatientRecord[] Records =
        [.. Enumerable.Range(0, 10).Select(i => CohortTestData.Record(i, CohortTestData.Outcome(neutro: i < 4 ? 0 : 10 + i - 4, platelet: 14, lastDay: 100)))];

    [Fact]
    public void NeverNeutropenic_EngraftmentDayZero_IsTrue()
    {
        Assert.True(Records[0].Outcome.NeverNeutropenic);
        Assert.False(Records[5].Outcome.NeverNeutropenic);
        Assert.False(CohortTestData.Outcome(neutro: null).NeverNeutropenic);
    }

    [Fact]
    public void Summary_NeverNeutropenic_CountedApartNotAsDayZero()
    {
        var e = CohortSummary.FromRecords("test", 100, 1, Records).NeutrophilEngraftment!;
        Assert.Equal(6, e.Patients);
        Assert.Equal(4, e.NotApplicable);
        Assert.Equal(6, e.Engrafted);
        Assert.Equal(12.5, e.MedianDay);   // days 10…15, not pulled down by four zeros
        Assert.Equal(0, CohortSummary.ValueAt(e.CumulativeIncidence, "day14")!.Value - 5 / 6.0, 9);
    }

    [Fact]
    public void SummaryJson_HasNotApplicableCount()
    {
        string json = CohortSummary.FromRecords("test", 100, 1, Records).ToJson();
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        Assert.Equal(4, doc.RootElement.GetProperty("neutrophilEngraftment").GetProperty("notApplicable").GetInt32());
        Assert.Equal(0, doc.RootElement.GetProperty("plateletEngraftment").GetProperty("notApplicable").GetInt32());
    }

    [Fact]
    public void PatientsCsv_NeverNeutropenic_WritesNaAndReadsBack()
    {
        var text = new StringWriter();
        using (var writer = new PatientsCsvWriter(text))
            foreach (var r in Records) writer.Write(r);
        var lines = text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        int column = PatientsCsvWriter.Columns.ToList().IndexOf("neutrophilEngraftmentDay");
        Assert.Equal("NA", lines[1].Split(',')[column]);
        Assert.Equal("10", lines[5].Split(',')[column]);
        var back = PatientsCsvReader.Read(new StringReader(text.ToString()), "patients.csv");
        Assert.Equal(Records.Select(r => r.Outcome.NeverNeutropenic), back.Select(r => r.Outcome.NeverNeutropenic));
        Assert.Equal(Records.Select(r => r.Outcome.NeutrophilEngraftmentDay), back.Select(r => r.Outcome.NeutrophilEngraftmentDay));
    }
}
