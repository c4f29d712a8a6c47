using Reconstitution.Cohorts;
using Reconstitution.Output;
using Reconstitution.Physiology;
using Reconstitution.Tests.Cohorts;

namespace Reconstitution.Tests.Output;

public class CohortOutputTests
{
    private static readonly Lazy<(CohortSummaryBuilder Builder, string Patients, string Trajectory, CohortSpecification Spec)> Run = new(() =>
    {
        var spec = CohortTestData.Small(patients: 4, days: 20);
        var builder = new CohortSummaryBuilder(spec);
        var patients = new StringWriter();
        var trajectory = new StringWriter();
        using (var p = new PatientsCsvWriter(patients))
        using (var t = new TrajectoryCsvWriter(trajectory, maxPatients: 2))
            Cohort.Run(spec, [p, t, builder]);
        return (builder, patients.ToString(), trajectory.ToString(), spec);
    });

    [Fact]
    public void PatientsCsv_HeaderThenOneRowPerPatient_SameFieldCount()
    {
        var lines = Run.Value.Patients.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(5, lines.Length);
        Assert.Equal(string.Join(',', PatientsCsvWriter.Columns), lines[0]);
        Assert.Contains("neutrophilEngraftmentDay", PatientsCsvWriter.Columns);
        Assert.Contains("cd4Day730", PatientsCsvWriter.Columns);
        foreach (var line in lines.Skip(1)) Assert.Equal(PatientsCsvWriter.Columns.Count, line.Split(',').Length);
    }

    [Fact]
    public void TrajectoryCsv_TidyColumnsAllMeasuresDaily()
    {
        var lines = Run.Value.Trajectory.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("patient,day,measure,value", lines[0]);
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
        Assert.All(rows, r => Assert.Equal(4, r.Length));
        Assert.Equal(["0", "1"], rows.Select(r => r[0]).Distinct());
        string[] expected = ["anc", "wbc", "hb", "platelets", "lymphocytes", "cd4", "cd8", "b", "nk", "donorChimerism", "autoreactive", "diseaseActivity", "autoantibody"];
        Assert.Equal(expected, rows.Select(r => r[2]).Distinct());
        var days = rows.Where(r => r[0] == "0" && r[2] == "anc").Select(r => int.Parse(r[1], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(20, days[^1]);
        for (int i = 1; i < days.Count; i++) Assert.Equal(days[i - 1] + 1, days[i]);
    }

    [Fact]
    public void BandsCsv_OneRowPerDayAndMeasure()
    {
        var bands = Run.Value.Builder.Bands;
        var lines = BandsCsv.Format(bands).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("day,measure,patients,p05,p50,p95", lines[0]);
        Assert.Equal((bands.LastDay - bands.FirstDay + 1) * MeasureNames.All.Count, lines.Length - 1);
    }

    [Fact]
    public void PatientCounts_WellFormedWithCountsThresholdsAndNormalRanges()
    {
        var spec = CohortTestData.Small(patients: 1, days: 20);
        var courses = new CourseCollector();
        Cohort.Run(spec, [courses]);
        var doc = SvgInspection.Parse(CohortCharts.PatientCounts(courses.Courses[0].Trajectory, "Blood counts").ToSvg());
        var series = SvgInspection.Series(doc).Select(s => ((string)s.Attribute("data-series")!, (string)s.Attribute("data-kind")!)).ToList();
        Assert.Contains(("Neutrophils (ANC)", "line"), series);
        Assert.Contains(("Platelets", "line"), series);
        Assert.Contains(("Haemoglobin", "line"), series);
        Assert.Contains(("Lymphocytes", "line"), series);
        Assert.Contains(("Engraftment 0.5 ×10⁹/L", "reference-line"), series);
        Assert.Contains(("Engraftment 20 ×10⁹/L", "reference-line"), series);
        Assert.Contains(("Normal 2.0–7.5 ×10⁹/L", "reference-band"), series);
        Assert.Equal(4, SvgInspection.WithClass(doc, "chart-panel").Count);
    }

    [Fact]
    public void CohortBands_WellFormedWithBandPerPanel()
    {
        var doc = SvgInspection.Parse(CohortCharts.CohortBands(Run.Value.Builder.Bands, "Bands").ToSvg());
        Assert.Equal(4, SvgInspection.Series(doc).Count(s => (string?)s.Attribute("data-kind") == "band"));
        var lymph = SvgInspection.Parse(CohortCharts.CohortBands(Run.Value.Builder.Bands, "Lymphocytes", lymphocytes: true).ToSvg());
        Assert.Contains(SvgInspection.Texts(lymph, "chart-title"), t => t.Contains("CD4"));
    }

    [Fact]
    public void Incidence_WellFormedWithEngraftmentCurves()
    {
        var doc = SvgInspection.Parse(CohortCharts.Incidence(Run.Value.Builder.Records, 20, "Incidence").ToSvg());
        var names = SvgInspection.Series(doc).Select(s => (string)s.Attribute("data-series")!).ToList();
        Assert.Contains("Neutrophils (ANC ≥ 0.5 ×10⁹/L)", names);
        Assert.Contains("Platelets (≥ 20 ×10⁹/L, untransfused)", names);
        Assert.Contains("Treatment-related death", names);
    }

    [Fact]
    public void DoseResponse_WellFormedWithPointsPerSeries()
    {
        var s = Run.Value.Builder.Build();
        var doc = SvgInspection.Parse(CohortCharts.DoseResponse("CD34+ cell dose", "×10⁶/kg", [2, 5], [s, s], logX: true, "Dose").ToSvg());
        var kinds = SvgInspection.Series(doc).Select(e => ((string)e.Attribute("data-series")!, (string)e.Attribute("data-kind")!)).ToList();
        Assert.Contains(("Neutrophils: median (95% CI)", "points"), kinds);
        Assert.Contains(("Primary graft failure", "points"), kinds);
    }

    [Fact]
    public void AtomicFile_WritesWholeFileAndLeavesNoTemporary()
    {
        string dir = Directory.CreateTempSubdirectory("recon-atomic").FullName;
        string path = Path.Combine(dir, "a.json");
        AtomicFile.WriteAllText(path, "{}\n");
        AtomicFile.WriteAllText(path, "{ \"x\": 1 }\n");
        Assert.Equal("{ \"x\": 1 }\n", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(dir));
        Directory.Delete(dir, true);
    }

    [Fact]
    public void DiseaseNames_RoundTripAndRejectUnknown()
    {
        foreach (var d in Enum.GetValues<AutoimmuneDisease>())
        {
            Assert.True(DiseaseNames.TryParse(DiseaseNames.Of(d), out var back));
            Assert.Equal(d, back);
        }
        Assert.False(DiseaseNames.TryParse("flu", out _));
    }
}

public class PatientsCsvReaderTests
{
    [Fact]
    public void Read_WrittenCohortInTwoShards_SummaryEqualsOneRun()
    {
        // Shards: patients 0–4 in one file and 5–9 in another (the same (seed, index) streams as one run of 10).
        var whole = CohortTestData.Small(patients: 10, days: 20, threads: 2);
        var builder = new CohortSummaryBuilder(whole);
        Cohort.Run(whole, [builder]);
        string expected = builder.Build().ToJson();

        var shardA = new StringWriter();
        var shardB = new StringWriter();
        using (var a = new PatientsCsvWriter(shardA))
        using (var b = new PatientsCsvWriter(shardB))
            for (int i = 0; i < builder.Records.Count; i++) (i < 5 ? a : b).Write(builder.Records[i]);
        var records = PatientsCsvReader.Read(new StringReader(shardA.ToString())).Concat(PatientsCsvReader.Read(new StringReader(shardB.ToString()))).ToList();

        Assert.Equal(10, records.Count);
        Assert.Equal(builder.Records[7].Outcome, records[7].Outcome);
        Assert.Equal(builder.Records.Select(r => r.Covariates), records.Select(r => r.Covariates)); // the Karnofsky score too
        Assert.Equal(expected, CohortSummary.FromRecords(whole.Protocol.Name, whole.Days, whole.Seed, records).ToJson());
    }

    // patients.csv of one patient (header and one row), for the reader's error tests to break.
    private static string OneRecordCsv()
    {
        var text = new StringWriter();
        using (var w = new PatientsCsvWriter(text))
            w.Write(CohortTestData.Record(0, CohortTestData.Outcome(neutro: 9)));
        return text.ToString();
    }

    [Fact]
    public void Read_BadNumber_FormatExceptionNamesLineAndColumn()
    {
        string csv = OneRecordCsv().Replace("\n0,40,", "\n0,forty,");
        var ex = Assert.Throws<FormatException>(() => PatientsCsvReader.Read(new StringReader(csv)));
        Assert.Contains("patients.csv:2: column 'ageYears'", ex.Message);
    }

    [Fact]
    public void Read_KarnofskyScoreOutOfRange_FormatExceptionNamesTheColumnAndRange()
    {
        string csv = OneRecordCsv();
        int last = csv.TrimEnd('\n').LastIndexOf(',');
        csv = csv[..(last + 1)] + "150\n";
        var ex = Assert.Throws<FormatException>(() => PatientsCsvReader.Read(new StringReader(csv)));
        Assert.Contains("patients.csv:2: column 'karnofskyScore'", ex.Message);
        Assert.Contains("[10, 100]", ex.Message);
    }

    [Fact]
    public void Read_FileWithoutTheKarnofskyColumn_FormatExceptionNamesTheMissingColumn()
    {
        // A patients.csv written before the karnofskyScore column: the header is the current one without its last column.
        string csv = OneRecordCsv().Replace(",karnofskyScore\n", "\n");
        var ex = Assert.Throws<FormatException>(() => PatientsCsvReader.Read(new StringReader(csv)));
        Assert.Contains("patients.csv:1:", ex.Message);
        Assert.Contains("missing 'karnofskyScore'", ex.Message);
    }
}
