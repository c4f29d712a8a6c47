using Reconstitution.Cohorts;
using Reconstitution.Outcomes;
using Reconstitution.Output;
using Reconstitution.Output.Charts;
using Reconstitution.Physiology;
using Reconstitution.Tests.Cohorts;

namespace Reconstitution.Tests.Output;

/// <summary>The standard figures choose their series by what the patients could have, and fit their axes to the data.</summary>
public class CohortChartsTests
{
    private static PatientRecord[] Cohort(int n, Func<int, PatientOutcome> outcome) =>
        [.. Enumerable.Range(0, n).Select(i => CohortTestData.Record(i, outcome(i)))];

    /// <summary>Autologous-like outcomes: no donor cells; every 20th patient relapses (5 %).</summary>
    private static PatientRecord[] Autologous(int n = 40) =>
        Cohort(n, i => CohortTestData.Outcome(neutro: 9 + i % 4, platelet: 15 + i % 5, relapse: i % 20 == 0 ? 200 : null, lastDay: 365));

    [Fact]
    public void Incidence_AutologousCohort_HasNoGvhdSeries()
    {
        var late = CohortCharts.Incidence(Autologous(), 365, "auto").Panels[1];
        Assert.Equal(["Treatment-related death", "Relapse"], late.SeriesNames);
        Assert.DoesNotContain("GVHD", late.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void Incidence_DonorCells_DrawsBothGvhdSeries()
    {
        var records = Cohort(40, i => CohortTestData.Outcome(neutro: 15, platelet: 20, lastDay: 365, hasDisease: false) with
        {
            DonorChimerismLastPercent = 100,
            AcuteGvhdDay = i % 3 == 0 ? 30 + i : null,
        });
        var late = CohortCharts.Incidence(records, 365, "allo").Panels[1];
        Assert.Equal(["Treatment-related death", "Acute GVHD II–IV", "Chronic GVHD"], late.SeriesNames);
    }

    [Theory]
    [InlineData("auto-cy-atg", false)]
    [InlineData("auto-beam-atg-cd34", false)]
    [InlineData("allo-pbsc-mac", true)]
    [InlineData("cord-single-mac", true)]
    public void Incidence_BuiltInProtocol_GvhdSeriesOnlyWithDonorCells(string protocol, bool allogeneic)
    {
        var spec = new CohortSpecification(Reconstitution.Protocols.BuiltInProtocols.Get(protocol)) { Patients = 6, Days = 45, Seed = 3, Threads = 1 };
        var builder = new CohortSummaryBuilder(spec);
        Reconstitution.Cohorts.Cohort.Run(spec, [builder]);
        var names = CohortCharts.Incidence(builder.Records, spec.Days, protocol).Panels[1].SeriesNames;
        Assert.Contains("Treatment-related death", names);
        Assert.Equal(allogeneic, names.Contains("Acute GVHD II–IV"));
        Assert.Equal(allogeneic, names.Contains("Chronic GVHD"));
    }

    [Fact]
    public void Incidence_RareEvents_YAxisFittedWithTenPercentMinimum()
    {
        var late = CohortCharts.Incidence(Autologous(), 365, "auto").Panels[1];   // relapse 5 % by day 365
        Assert.Equal(0, late.YAxis.Minimum);
        Assert.Equal(10, late.YAxis.Maximum);
        var often = Cohort(40, i => CohortTestData.Outcome(neutro: 10, platelet: 15, relapse: i % 3 == 0 ? 100 : null, lastDay: 365));   // 14 of 40 = 35 %
        Assert.Equal(40, CohortCharts.Incidence(often, 365, "often").Panels[1].YAxis.Maximum);
        Assert.Equal(100, CohortCharts.Incidence(often, 365, "often").Panels[0].YAxis.Maximum);   // engraftment reaches 100 %
    }

    [Fact]
    public void Incidence_NeverNeutropenicPatients_LeftOutNotDrawnAtDayZero()
    {
        // 10 of 40 never had ANC < 0.5 (engraftment day 0 by the ASTCT search): the curve must start at 0 %, not 25 %.
        var records = Cohort(40, i => CohortTestData.Outcome(neutro: i < 10 ? 0 : 12, platelet: 16, lastDay: 365));
        var engraft = CohortCharts.Incidence(records, 365, "auto").Panels[0];
        Assert.Contains("10 of 40 never had ANC < 0.5", engraft.Subtitle, StringComparison.Ordinal);
        var neutrophils = engraft.Series.Single(s => s.Name.StartsWith("Neutrophils", StringComparison.Ordinal));
        Assert.All(neutrophils.X.Zip(neutrophils.Y).Where(p => p.First < 12), p => Assert.Equal(0, p.Second));
        Assert.Equal(100, neutrophils.Y[^1], 9);
    }

    [Fact]
    public void CohortBands_OneYear_SplitTimeAxisAndFittedLogRange()
    {
        var bands = new TrajectoryBands(-7, 365);
        for (int k = 0; k < 30; k++) bands.Add(Course(-7, 365, day => day is >= 3 and <= 12 ? 0.2 + 0.01 * k : 3 + 0.05 * k));
        var grid = CohortCharts.CohortBands(bands, "Counts");
        var anc = grid.Panels[0];
        Assert.Equal(60, anc.XAxis.Split);
        Assert.Equal((-7.0, 365.0), (anc.XAxis.Minimum!.Value, anc.XAxis.Maximum!.Value));
        // Values 0.2–4.5 ×10⁹/L, normal range to 7.5, threshold 0.5: 0.2 to 10, widened to two decades (0.1–10), not the old fixed 0.01–30.
        Assert.Equal((0.1, 10.0), (anc.YAxis.Minimum!.Value, anc.YAxis.Maximum!.Value));
        Assert.Contains("axis-break", anc.ToSvg(), StringComparison.Ordinal);
        Assert.Contains("Normal 2.0–7.5 ×10⁹/L", anc.SeriesNames);
    }

    [Fact]
    public void CohortBands_ShortRun_OneTimeScale()
    {
        var bands = new TrajectoryBands(-7, 60);
        bands.Add(Course(-7, 60, _ => 1));
        Assert.Null(CohortCharts.CohortBands(bands, "Counts").Panels[0].XAxis.Split);
    }

    [Fact]
    public void PatientCounts_FlatCounts_KeepTwoDecadesAndTheFloor()
    {
        // ANC constant at 3: the axis still spans two decades (0.1–10), and an ANC of 0.001 is clipped at the floor 0.01.
        var flat = CohortCharts.PatientCounts(Course(-7, 30, _ => 3), "flat").Panels[0];
        Assert.Equal((0.1, 10.0), (flat.YAxis.Minimum!.Value, flat.YAxis.Maximum!.Value));
        var deep = CohortCharts.PatientCounts(Course(-7, 30, day => day == 5 ? 0.001 : 3), "deep").Panels[0];
        Assert.Equal(0.01, deep.YAxis.Minimum);
    }

    [Fact]
    public void Chart_SeriesWithSameNameAndColour_ShareOneLegendEntry()
    {
        var chart = new Chart("Clones", ChartAxis.DaysAfterInfusion(0, 10), ChartAxis.Linear("Cells"));
        for (int i = 0; i < 24; i++) chart = chart.AddLine("24 patients, one line each", [0, 10], [i, i + 1], "#0072B2");
        chart = chart.AddReferenceLine("Relapse level", 5);
        var doc = SvgInspection.Parse(chart.ToSvg());
        Assert.Equal(["24 patients, one line each", "Relapse level"], SvgInspection.LegendEntries(doc).Select(e => (string)e.Attribute("data-series")!));
        Assert.Equal(24, SvgInspection.Series(doc).Count(e => (string)e.Attribute("data-kind")! == "line"));
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(5, 10)]
    [InlineData(9.1, 20)]
    [InlineData(35, 40)]
    [InlineData(89, 100)]
    [InlineData(100, 100)]
    public void CumulativeIncidencePercent_Highest_RoundTopAboveIt(double highest, double top)
    {
        var axis = ChartAxis.CumulativeIncidencePercent(highest);
        Assert.Equal((0.0, top), (axis.Minimum!.Value, axis.Maximum!.Value));
        Assert.Equal("Cumulative incidence (%)", axis.Title);
    }

    [Fact]
    public void WithSplit_MapsEachSideOntoItsShare()
    {
        var map = new AxisMap(-10, 370, log: false, pxAtMin: 0, pxAtMax: 1000, split: 60, splitShare: 0.5);
        Assert.Equal(0, map.Map(-10), 9);
        Assert.Equal(500, map.Map(60), 9);
        Assert.Equal(1000, map.Map(370), 9);
        Assert.Equal(250, map.Map(25), 9);
        Assert.Equal(750, map.Map(215), 9);
    }

    [Fact]
    public void WithSplit_BadUse_ThrowsNamingTheProblem()
    {
        Assert.Throws<InvalidOperationException>(() => ChartAxis.Log10("ANC", "×10⁹/L").WithSplit(1));
        Assert.Contains("at", Assert.Throws<ArgumentOutOfRangeException>(() => ChartAxis.DaysAfterInfusion(0, 30).WithSplit(60)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => ChartAxis.DaysAfterInfusion(0, 365).WithSplit(60, share: 0.95));
    }

    private static ReadoutTrajectory Course(int from, int to, Func<int, double> anc)
    {
        var t = new ReadoutTrajectory();
        var r = new ClinicalReadouts();
        for (int d = from; d <= to; d++) t.Add(d, r with { AncE9PerLiter = anc(d) });
        return t;
    }
}
