using Reconstitution.Output.Charts;
using static Reconstitution.Tests.Output.SvgInspection;

namespace Reconstitution.Tests.Output;

public class ChartGridTests
{
    private static ChartGrid Figure() => new ChartGrid("Blood counts — patient 017", 2,
        [
            ChartTestData.AncChart().WithLegend(LegendPosition.Bottom),
            ChartTestData.CohortChart(),
            ChartTestData.IncidenceChart(),
            ChartTestData.DoseResponseChart().WithLegend(LegendPosition.Bottom),
        ]).WithCaption("Simulated data.");

    [Fact]
    public void ToSvg_TwoByTwo_HasFourPanelsWithTheirTitlesAndTheFigureTitle()
    {
        var doc = Parse(Figure().ToSvg());

        var panels = WithClass(doc, "chart-panel");
        Assert.Equal(["p0", "p1", "p2", "p3"], panels.Select(p => (string)p.Attribute("id")!));
        Assert.Equal(["Neutrophil recovery", "ANC in two cohorts", "Neutrophil engraftment", "Engraftment day by CD34+ dose"],
            panels.Select(p => Texts(p, "chart-title").Single()));
        Assert.Equal(["Blood counts — patient 017"], Texts(doc, "figure-title"));
        Assert.Equal(["Simulated data."], Texts(doc, "figure-caption"));
    }

    [Fact]
    public void ToSvg_EachPanel_HasItsOwnAxesSeriesAndUniqueIds()
    {
        var doc = Parse(Figure().ToSvg());

        foreach (var panel in WithClass(doc, "chart-panel"))
        {
            Assert.Single(WithClass(panel, "x-axis"));
            Assert.Single(WithClass(panel, "y-axis"));
            Assert.NotEmpty(Series(panel));
        }
        var ids = doc.Descendants().Select(e => (string?)e.Attribute("id")).Where(id => id is not null).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public void ToSvg_PanelsStayInsideTheirCells()
    {
        var grid = Figure();
        var doc = Parse(grid.ToSvg());
        double cellWidth = grid.WidthPx / 2.0;

        foreach (var (panel, i) in WithClass(doc, "chart-panel").Select((p, i) => (p, i)))
        {
            var clip = panel.Descendants(Svg + "clipPath").First().Element(Svg + "rect")!;
            double left = Attr(clip, "x"), right = left + Attr(clip, "width");
            Assert.InRange(left, (i % 2) * cellWidth, (i % 2 + 1) * cellWidth);
            Assert.InRange(right, (i % 2) * cellWidth, (i % 2 + 1) * cellWidth);
        }
    }

    [Fact]
    public void ToSvg_PanelsInOneColumn_ShareTheirPlotAreasHorizontalExtent()
    {
        // Log ANC (labels like "0.01") above linear Hb ("18"): different label widths, same time axis.
        var hb = new Chart("Haemoglobin", ChartAxis.DaysAfterInfusion(-7, 100), ChartAxis.Linear("Hb", "g/dL", 5, 18))
            .AddLine("Hb", [-7, 100], [12, 13]);
        var grid = new ChartGrid("Counts", 1, [ChartTestData.AncChart(), hb]);
        var clips = Parse(grid.ToSvg()).Descendants(Svg + "clipPath").Where(c => ((string)c.Attribute("id")!).EndsWith("-plot-clip"))
            .Select(c => c.Element(Svg + "rect")!).ToList();

        Assert.Equal(2, clips.Count);
        Assert.Equal(Attr(clips[0], "x"), Attr(clips[1], "x"));
        Assert.Equal(Attr(clips[0], "width"), Attr(clips[1], "width"));
    }

    [Fact]
    public void ToSvg_Twice_IsByteIdentical()
    {
        Assert.Equal(Figure().ToSvg(), Figure().ToSvg());
    }

    [Fact]
    public void ToSvg_NoTwoTextsOverlap()
    {
        var boxes = TextBoxes(Parse(Figure().ToSvg()));

        for (int i = 0; i < boxes.Count; i++)
            for (int j = i + 1; j < boxes.Count; j++)
            {
                var (a, b) = (boxes[i], boxes[j]);
                Assert.False(a.Left < b.Right && b.Left < a.Right && a.Top < b.Bottom && b.Top < a.Bottom, $"'{a.Text}' overlaps '{b.Text}'");
            }
    }

    [Fact]
    public void Constructor_BadArguments_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ChartGrid("t", 0, [ChartTestData.AncChart()]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ChartGrid("t", 2, []));
        Assert.Throws<ArgumentNullException>(() => new ChartGrid("t", 2, [ChartTestData.AncChart(), null!]));
        Assert.Throws<ArgumentException>(() => new ChartGrid("", 2, [ChartTestData.AncChart()]));
    }

    [Fact]
    public void Rows_ThreePanelsInTwoColumns_IsTwo()
    {
        var grid = new ChartGrid("t", 2, [ChartTestData.AncChart(), ChartTestData.AncChart(), ChartTestData.AncChart()]);

        Assert.Equal(2, grid.Rows);
        Assert.Equal(3, WithClass(Parse(grid.ToSvg()), "chart-panel").Count);
    }
}
