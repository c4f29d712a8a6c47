using System.Xml.Linq;
using FsCheck;
using FsCheck.Fluent;
using Reconstitution.Output.Charts;
using static Reconstitution.Tests.Output.SvgInspection;

namespace Reconstitution.Tests.Output;

public class ChartTests
{
    [Fact]
    public void ToSvg_BloodCountChart_IsWellFormedSvgWithViewBox()
    {
        var doc = Parse(ChartTestData.AncChart().ToSvg());

        Assert.Equal(Svg + "svg", doc.Root!.Name);
        Assert.Equal("0 0 760 440", (string?)doc.Root.Attribute("viewBox"));
        Assert.Equal("Neutrophil recovery", doc.Root.Element(Svg + "title")!.Value);
    }

    [Fact]
    public void ToSvg_BloodCountChart_HasOneGroupPerSeriesWithItsNameAndKind()
    {
        var doc = Parse(ChartTestData.AncChart().ToSvg());

        var series = Series(doc).ToDictionary(e => (string)e.Attribute("data-series")!, e => (string)e.Attribute("data-kind")!);
        Assert.Equal(4, series.Count);
        Assert.Equal("line", series["ANC"]);
        Assert.Equal("reference-band", series["Normal range 2.0–7.5"]);
        Assert.Equal("reference-line", series["Engraftment threshold 0.5"]);
        Assert.Equal("marker", series["Day 0: infusion"]);
    }

    [Fact]
    public void ToSvg_BloodCountChart_LegendListsDataFirstThenReferences()
    {
        var doc = Parse(ChartTestData.AncChart().ToSvg());

        var names = LegendEntries(doc).Select(e => (string)e.Attribute("data-series")!).ToList();
        Assert.Equal(["ANC", "Normal range 2.0–7.5", "Engraftment threshold 0.5", "Day 0: infusion"], names);
        Assert.Equal(names, LegendEntries(doc).Select(e => string.Concat(e.Elements(Svg + "text").Select(t => t.Value))));
    }

    [Fact]
    public void ToSvg_BloodCountChart_ShowsTitleSubtitleAndAxisTitlesWithUnits()
    {
        var doc = Parse(ChartTestData.AncChart().ToSvg());

        Assert.Equal(["Neutrophil recovery"], Texts(doc, "chart-title"));
        Assert.Equal(["Patient 017, autologous HSCT"], Texts(doc, "chart-subtitle"));
        Assert.Equal(["Day after infusion"], Texts(WithClass(doc, "x-axis").Single(), "axis-title"));
        var yTitle = WithClass(WithClass(doc, "y-axis").Single(), "axis-title").Single();
        Assert.Equal("ANC (×10⁹/L)", yTitle.Value);
        Assert.Contains("rotate(-90)", (string?)yTitle.Attribute("transform"));
    }

    [Fact]
    public void ToSvg_LogAxisOverFourDecades_LabelsOnlyPowersOfTen()
    {
        // 0.01–100 over a short axis: 1-2-5 labels would collide, so only decades are labelled.
        var chart = new Chart("ANC", ChartAxis.DaysAfterInfusion(0, 30), ChartAxis.Log10("ANC", "×10⁹/L", 0.01, 100))
            .AddLine("ANC", [0, 30], [0.01, 100])
            .WithSize(400, 240);

        var labels = TickLabels(Parse(chart.ToSvg()), "y-axis");

        Assert.Equal(["0.01", "0.1", "1", "10", "100"], labels);
    }

    [Fact]
    public void ToSvg_LogAxisWithRoom_AddsTwoAndFiveBetweenDecades()
    {
        var labels = TickLabels(Parse(ChartTestData.AncChart().WithSize(760, 700).ToSvg()), "y-axis");

        Assert.Equal(["0.01", "0.02", "0.05", "0.1", "0.2", "0.5", "1", "2", "5", "10", "20"], labels);
    }

    [Fact]
    public void ToSvg_AutoRangedLogAxis_ExtendsToWholeDecades()
    {
        var labels = TickLabels(Parse(ChartTestData.CohortChart().ToSvg()), "y-axis");

        Assert.Equal("0.01", labels[0]);
        Assert.Equal("10", labels[^1]);
    }

    [Fact]
    public void ToSvg_LinearAxis_TicksStepByOneTwoOrFiveTimesAPowerOfTen()
    {
        var labels = TickLabels(Parse(ChartTestData.IncidenceChart().ToSvg()), "y-axis");
        var values = labels.Select(double.Parse).ToList();

        double step = values[1] - values[0];
        Assert.Contains(step, new[] { 10.0, 20, 50 });
        Assert.Equal(0, values[0]);
        Assert.Equal(100, values[^1]);
        Assert.All(values.Zip(values.Skip(1)), p => Assert.Equal(step, p.Second - p.First, 9));
    }

    [Fact]
    public void ToSvg_NegativeDays_UseTheMinusSign()
    {
        var chart = new Chart("Conditioning", ChartAxis.DaysAfterInfusion(-10, 10), ChartAxis.Linear("Hb", "g/dL"))
            .AddLine("Hb", [-10, 10], [12, 9]);

        var labels = TickLabels(Parse(chart.ToSvg()), "x-axis");

        Assert.Contains("\u221210", labels);
        Assert.Contains("0", labels);
    }

    [Fact]
    public void ToSvg_LineWithNaN_BreaksThePathIntoTwoPieces()
    {
        var doc = Parse(ChartTestData.AncChart().ToSvg());

        string d = (string)Series(doc).Single(e => (string?)e.Attribute("data-series") == "ANC").Element(Svg + "path")!.Attribute("d")!;

        Assert.Equal(2, d.Count(c => c == 'M'));
    }

    [Fact]
    public void ToSvg_DenseLine_KeepsAtMostFourPointsPerPixelAndEverySpike()
    {
        // 100,000 points over a ~600 px plot; one spike to 50 among values near 1.
        var x = Enumerable.Range(0, 100_000).Select(i => i * 0.001).ToArray();
        var y = x.Select(v => 1 + 0.1 * Math.Sin(v * 40)).ToArray();
        y[54_321] = 50;
        var chart = new Chart("Dense", ChartAxis.Linear("t", "days", 0, 100), ChartAxis.Linear("y", "", 0, 60)).AddLine("y", x, y);
        var doc = Parse(chart.ToSvg());
        var clip = doc.Descendants(Svg + "clipPath").First().Element(Svg + "rect")!;
        double top = Attr(clip, "y"), height = Attr(clip, "height");

        string d = (string)Series(doc).Single().Element(Svg + "path")!.Attribute("d")!;
        var ys = d.Split(['M', 'L'], StringSplitOptions.RemoveEmptyEntries)
            .Select(p => double.Parse(p.Trim().Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture)).ToList();

        Assert.InRange(ys.Count, 2, 4 * (Attr(clip, "width") + 1));
        Assert.Equal(top + height * (1 - 50.0 / 60), ys.Min(), 1);
    }

    [Fact]
    public void ToSvg_LogAxisWithZeroValue_DrawsItAtTheBottomOfThePlot()
    {
        var chart = new Chart("ANC", ChartAxis.Linear("Day"), ChartAxis.Log10("ANC", "×10⁹/L", 0.01, 10))
            .AddLine("ANC", [0, 1], [0, 1]);
        var doc = Parse(chart.ToSvg());
        var clip = doc.Descendants(Svg + "clipPath").First().Element(Svg + "rect")!;
        double plotBottom = Attr(clip, "y") + Attr(clip, "height");

        string d = (string)Series(doc).Single().Element(Svg + "path")!.Attribute("d")!;
        double firstY = double.Parse(d.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(plotBottom, firstY, 2);
    }

    [Fact]
    public void ToSvg_StepLine_HoldsEachValueUntilTheNextTime()
    {
        var chart = new Chart("CI", ChartAxis.Linear("Day", "", 0, 10), ChartAxis.Linear("Incidence", "%", 0, 100))
            .AddStepLine("Engraftment", [0, 5, 10], [0, 50, 50]);
        string d = (string)Series(Parse(chart.ToSvg())).Single().Element(Svg + "path")!.Attribute("d")!;

        // M(0,0) L(5,0) L(5,50) L(10,50) L(10,50): a vertical jump at day 5 and no diagonal.
        var points = d.Split(['M', 'L'], StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Trim().Split(' ').Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray()).ToList();
        Assert.Equal(5, points.Count);
        Assert.Equal(points[0][1], points[1][1]);
        Assert.Equal(points[1][0], points[2][0]);
        Assert.True(points[2][1] < points[1][1]);
    }

    [Fact]
    public void AddCumulativeIncidence_AalenJohansenCurve_StartsAtZeroStepsAtEventsAndRunsToFollowUp()
    {
        // Engraftment (cause 1) on days 10, 12 and 15, death (cause 2) on day 11, one censored at 20.
        var curve = Reconstitution.Analysis.CumulativeIncidenceCurve.Estimate(
            [new(10, 1), new(11, 2), new(12, 1), new(15, 1), new(20, 0)], cause: 1);
        var chart = new Chart("Engraftment", ChartAxis.DaysAfterInfusion(0, 30), ChartAxis.Linear("Cumulative incidence", "%", 0, 100))
            .AddCumulativeIncidence("Graft", curve, untilDay: 30);

        var series = chart.Series.Single();

        Assert.Equal(SeriesKind.Step, series.Kind);
        Assert.Equal([0.0, 10, 12, 15, 30], series.X);
        Assert.Equal(0, series.Y[0]);
        Assert.Equal(curve.IncidenceAt(12) * 100, series.Y[2], 12);
        Assert.Equal(series.Y[3], series.Y[4]);
    }

    [Fact]
    public void ToSvg_Band_DrawsAnAreaAndAMedianLinePerBand()
    {
        var doc = Parse(ChartTestData.CohortChart().ToSvg());

        var bands = Series(doc);
        Assert.Equal(2, bands.Count);
        Assert.All(bands, b =>
        {
            Assert.Single(WithClass(b, "band-area"));
            Assert.Single(WithClass(b, "median"));
        });
        Assert.NotEqual(bands[0].Descendants(Svg + "path").First().Attribute("fill")!.Value,
                        bands[1].Descendants(Svg + "path").First().Attribute("fill")!.Value);
    }

    [Fact]
    public void ToSvg_PointsWithIntervals_DrawOnePointAndOneErrorBarPerDose()
    {
        var doc = Parse(ChartTestData.DoseResponseChart().ToSvg());
        var series = Series(doc).Single();

        Assert.Equal(4, WithClass(series, "point").Count);
        Assert.Equal(4, WithClass(series, "error-bars").Single().Elements(Svg + "path").Count());
        Assert.Single(WithClass(series, "connector"));
    }

    [Fact]
    public void ToSvg_DataSeries_TakeOkabeItoColoursInOrder()
    {
        var doc = Parse(ChartTestData.IncidenceChart().ToSvg());

        var colours = Series(doc).Select(s => (string)s.Element(Svg + "path")!.Attribute("stroke")!).ToList();

        Assert.Equal(ChartPalette.OkabeIto.Take(3), colours);
    }

    [Fact]
    public void ToSvg_TextWithMarkupCharacters_IsEscaped()
    {
        var chart = new Chart("A & B <test> \"quoted\"", ChartAxis.Linear("x"), ChartAxis.Linear("y"))
            .AddLine("CD4+ < 200 & \"low\"", [0, 1], [0, 1]);

        var doc = Parse(chart.ToSvg());

        Assert.Equal("A & B <test> \"quoted\"", Texts(doc, "chart-title").Single());
        Assert.Equal("CD4+ < 200 & \"low\"", (string?)LegendEntries(doc).Single().Attribute("data-series"));
    }

    [Fact]
    public void ToSvg_SameChartTwice_IsByteIdentical()
    {
        Assert.Equal(ChartTestData.AncChart().ToSvg(), ChartTestData.AncChart().ToSvg());
        Assert.Equal(ChartTestData.CohortChart().ToSvg(), ChartTestData.CohortChart().ToSvg());
    }

    [Fact]
    public void ToSvg_Numbers_UseInvariantFormatWithAtMostTwoDecimals()
    {
        string svg = ChartTestData.AncChart().ToSvg();

        foreach (var e in Parse(svg).Descendants())
            foreach (string name in new[] { "x", "y", "x1", "x2", "y1", "y2", "width", "height", "cx", "cy" })
                if (e.Attribute(name) is { } a)
                    Assert.Matches(@"^-?\d+(\.\d{1,2})?$", a.Value);
    }

    [Theory]
    [InlineData(LegendPosition.Right)]
    [InlineData(LegendPosition.Bottom)]
    public void ToSvg_ExampleCharts_NoTwoTextsOverlap(LegendPosition legend)
    {
        foreach (var chart in new[] { ChartTestData.AncChart(), ChartTestData.CohortChart(), ChartTestData.IncidenceChart(), ChartTestData.DoseResponseChart() })
        {
            var boxes = TextBoxes(Parse(chart.WithLegend(legend).ToSvg()));
            for (int i = 0; i < boxes.Count; i++)
                for (int j = i + 1; j < boxes.Count; j++)
                {
                    var (a, b) = (boxes[i], boxes[j]);
                    bool overlap = a.Left < b.Right && b.Left < a.Right && a.Top < b.Bottom && b.Top < a.Bottom;
                    Assert.False(overlap, $"'{a.Text}' overlaps '{b.Text}' in '{chart.Title}'");
                }
        }
    }

    [Theory]
    [InlineData(LegendPosition.Right)]
    [InlineData(LegendPosition.Bottom)]
    public void ToSvg_ExampleCharts_LegendStaysOutsideThePlotArea(LegendPosition legend)
    {
        foreach (var chart in new[] { ChartTestData.AncChart(), ChartTestData.CohortChart(), ChartTestData.IncidenceChart(), ChartTestData.DoseResponseChart() })
        {
            var doc = Parse(chart.WithLegend(legend).ToSvg());
            var clip = doc.Descendants(Svg + "clipPath").First().Element(Svg + "rect")!;
            double left = Attr(clip, "x"), top = Attr(clip, "y"), right = left + Attr(clip, "width"), bottom = top + Attr(clip, "height");
            var legendTexts = LegendEntries(doc).SelectMany(e => e.Elements(Svg + "text")).Select(t => t.Value).ToHashSet();
            foreach (var box in TextBoxes(doc).Where(b => legendTexts.Contains(b.Text)))
                Assert.False(box.Left < right && left < box.Right && box.Top < bottom && top < box.Bottom, $"legend '{box.Text}' covers the plot of '{chart.Title}'");
        }
    }

    [Fact]
    public void ToSvg_ExampleCharts_KeepAllTextInsideTheImage()
    {
        foreach (var chart in new[] { ChartTestData.AncChart(), ChartTestData.CohortChart(), ChartTestData.IncidenceChart(), ChartTestData.DoseResponseChart() })
        {
            foreach (var box in TextBoxes(Parse(chart.ToSvg())))
            {
                Assert.InRange(box.Left, 0, chart.WidthPx);
                Assert.InRange(box.Right, 0, chart.WidthPx);
                Assert.InRange(box.Top, 0, chart.HeightPx);
                Assert.InRange(box.Bottom, 0, chart.HeightPx);
            }
        }
    }

    [Fact]
    public void ToSvg_AllTextIsAtLeastElevenPixels()
    {
        var doc = Parse(ChartTestData.AncChart().ToSvg());

        Assert.All(doc.Descendants(Svg + "text"), t => Assert.True(Attr(t, "font-size") >= 11, t.Value));
    }

    [Fact]
    public void AddLine_ReturnsNewChart_LeavesOriginalUnchanged()
    {
        var empty = new Chart("t", ChartAxis.Linear("x"), ChartAxis.Linear("y"));
        double[] x = [0, 1];
        double[] y = [1, 2];

        var withLine = empty.AddLine("a", x, y);
        string before = withLine.ToSvg();
        y[0] = 100;

        Assert.Empty(empty.SeriesNames);
        Assert.Equal(["a"], withLine.SeriesNames);
        Assert.Equal(before, withLine.ToSvg());
    }

    [Fact]
    public void AddLine_MismatchedLengths_ThrowsNamingSeriesAndParameter()
    {
        var chart = new Chart("t", ChartAxis.Linear("x"), ChartAxis.Linear("y"));

        var ex = Assert.Throws<ArgumentException>(() => chart.AddLine("ANC", [0, 1, 2], [1, 2]));

        Assert.Equal("y", ex.ParamName);
        Assert.Contains("'ANC'", ex.Message);
        Assert.Contains("2 values", ex.Message);
    }

    [Fact]
    public void AddLine_EmptySeries_Throws()
    {
        var chart = new Chart("t", ChartAxis.Linear("x"), ChartAxis.Linear("y"));

        var ex = Assert.Throws<ArgumentException>(() => chart.AddLine("Hb", [], []));

        Assert.Equal("x", ex.ParamName);
        Assert.Contains("'Hb'", ex.Message);
    }

    [Fact]
    public void AddLine_InfiniteValue_ThrowsWithItsIndex()
    {
        var chart = new Chart("t", ChartAxis.Linear("x"), ChartAxis.Linear("y"));

        var ex = Assert.Throws<ArgumentException>(() => chart.AddLine("Hb", [0, 1], [1, double.PositiveInfinity]));

        Assert.Contains("y[1]", ex.Message);
    }

    [Fact]
    public void AddStepLine_DecreasingTimes_Throws()
    {
        var chart = new Chart("t", ChartAxis.Linear("x"), ChartAxis.Linear("y"));

        var ex = Assert.Throws<ArgumentException>(() => chart.AddStepLine("CI", [0, 5, 3], [0, 1, 2]));

        Assert.Equal("x", ex.ParamName);
        Assert.Contains("x[2]", ex.Message);
    }

    [Fact]
    public void AddBand_LowerAboveUpper_Throws()
    {
        var chart = new Chart("t", ChartAxis.Linear("x"), ChartAxis.Linear("y"));

        var ex = Assert.Throws<ArgumentException>(() => chart.AddBand("A", [0, 1], [1, 3], [2, 2.5], [3, 2]));

        Assert.Equal("lower", ex.ParamName);
        Assert.Contains("lower[1]", ex.Message);
    }

    [Fact]
    public void AddPoints_OnlyLowerGiven_Throws()
    {
        var chart = new Chart("t", ChartAxis.Linear("x"), ChartAxis.Linear("y"));

        var ex = Assert.Throws<ArgumentException>(() => chart.AddPoints("dose", [1, 2], [3, 4], lower: [2, 3]));

        Assert.Equal("upper", ex.ParamName);
    }

    [Theory]
    [InlineData(double.NaN, 1.0)]
    [InlineData(1.0, double.PositiveInfinity)]
    [InlineData(2.0, 1.0)]
    public void AddReferenceBand_BadBounds_Throws(double lower, double upper)
    {
        var chart = new Chart("t", ChartAxis.Linear("x"), ChartAxis.Linear("y"));

        var ex = Assert.Throws<ArgumentException>(() => chart.AddReferenceBand("Normal", lower, upper));

        Assert.Contains("'Normal'", ex.Message);
    }

    [Fact]
    public void AddReferenceLine_NaN_Throws()
    {
        var chart = new Chart("t", ChartAxis.Linear("x"), ChartAxis.Linear("y"));

        Assert.Throws<ArgumentException>(() => chart.AddReferenceLine("ANC 0.5", double.NaN));
        Assert.Throws<ArgumentException>(() => chart.AddMarker("Day 0", double.NegativeInfinity));
    }

    [Theory]
    [InlineData("blue")]
    [InlineData("#12345")]
    [InlineData("#GGGGGG")]
    public void AddLine_BadColour_Throws(string colour)
    {
        var chart = new Chart("t", ChartAxis.Linear("x"), ChartAxis.Linear("y"));

        var ex = Assert.Throws<ArgumentException>(() => chart.AddLine("a", [0], [0], colour));

        Assert.Equal("color", ex.ParamName);
    }

    [Fact]
    public void Constructor_BlankTitle_Throws()
    {
        Assert.Throws<ArgumentException>(() => new Chart(" ", ChartAxis.Linear("x"), ChartAxis.Linear("y")));
        Assert.Throws<ArgumentNullException>(() => new Chart("t", null!, ChartAxis.Linear("y")));
    }

    [Fact]
    public void ToSvg_AutoRangeWithoutData_ThrowsNamingTheAxis()
    {
        var chart = new Chart("Empty", ChartAxis.Linear("Day"), ChartAxis.Linear("ANC"));

        var ex = Assert.Throws<InvalidOperationException>(chart.ToSvg);

        Assert.Contains("'Empty'", ex.Message);
        Assert.Contains("axis", ex.Message);
    }

    [Fact]
    public void ToSvg_LogAxisWithOnlyNonPositiveData_ThrowsAskingForAFixedRange()
    {
        var chart = new Chart("ANC", ChartAxis.Linear("Day"), ChartAxis.Log10("ANC", "×10⁹/L"))
            .AddLine("ANC", [0, 1], [0, 0]);

        var ex = Assert.Throws<InvalidOperationException>(chart.ToSvg);

        Assert.Contains("positive", ex.Message);
    }

    [Fact]
    public void ToSvg_ConstantData_StillHasARangeAndTicks()
    {
        var chart = new Chart("Flat", ChartAxis.Linear("Day"), ChartAxis.Linear("Hb", "g/dL"))
            .AddLine("Hb", [0, 1, 2], [12, 12, 12]);

        var labels = TickLabels(Parse(chart.ToSvg()), "y-axis");

        Assert.True(labels.Count >= 2);
    }

    [Fact]
    public void ToSvg_TooSmallForItsText_ThrowsInsteadOfOverlapping()
    {
        var chart = ChartTestData.AncChart()
            .WithCaption(string.Join(' ', Enumerable.Repeat("A long caption that wraps many times.", 12)))
            .WithSize(240, 180);

        Assert.Throws<InvalidOperationException>(chart.ToSvg);
    }

    [Fact]
    public void Save_WritesTheSvgAndLeavesNoTemporaryFile()
    {
        string dir = Path.Combine(Path.GetTempPath(), "charts-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string path = Path.Combine(dir, "counts.svg");
            File.WriteAllText(path, "old");
            var chart = ChartTestData.AncChart();

            chart.Save(path);

            Assert.Equal(chart.ToSvg(), File.ReadAllText(path));
            Assert.Equal([path], Directory.GetFiles(dir));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Save_MissingFolder_ThrowsDirectoryNotFound()
    {
        string path = Path.Combine(Path.GetTempPath(), "no-such-folder-" + Guid.NewGuid().ToString("N"), "x.svg");

        Assert.Throws<DirectoryNotFoundException>(() => ChartTestData.AncChart().Save(path));
    }

    [Fact]
    public void ToSvg_RandomSeries_AlwaysWellFormedWithEverySeriesPresent()
    {
        // Property: any mix of finite and NaN values, on linear or log axes, renders as XML with
        // one group and one legend entry per series.
        var values = Gen.Elements(double.NaN, 0.0, -3.5, 1e-6, 0.5, 2, 17, 1e5);
        var arb = Gen.Choose(1, 4).SelectMany(n =>
            Gen.Choose(1, 12).SelectMany(len =>
                Gen.ArrayOf(values, len * n).Select(v => (n, len, v)))).ToArbitrary();
        Prop.ForAll(arb, Gen.Elements(true, false).ToArbitrary(), (input, log) =>
        {
            var (n, len, v) = input;
            var y = log ? ChartAxis.Log10("y", "", 1e-3, 1e3) : ChartAxis.Linear("y");
            var chart = new Chart("Random", ChartAxis.Linear("x", "", 0, len), y);
            var x = Enumerable.Range(0, len).Select(i => (double)i).ToArray();
            for (int s = 0; s < n; s++)
                chart = chart.AddLine($"series {s}", x, v.Skip(s * len).Take(len).ToArray());
            if (!log && v.All(double.IsNaN)) chart = chart.AddReferenceLine("zero", 0);
            var doc = XDocument.Parse(chart.ToSvg());
            return Series(doc).Count(e => e.Attribute("data-kind")!.Value == "line") == n && LegendEntries(doc).Count >= n;
        }).CheckThrowOnFailure();
    }

    [Fact]
    public void WithLegend_TakesEveryMember_RefusesOthers_AsEnumIsDefined()
    {
        // The range check must agree with Enum.IsDefined below, at and past the members (a member added later fails here).
        var chart = ChartTestData.AncChart();
        foreach (int i in new[] { int.MinValue, -1, 0, 1, 2, 3, 4, int.MaxValue })
        {
            var position = (LegendPosition)i;
            if (Enum.IsDefined(position)) Assert.Equal(position, chart.WithLegend(position).Legend);
            else Assert.Throws<ArgumentOutOfRangeException>(() => chart.WithLegend(position));
        }
    }
}
