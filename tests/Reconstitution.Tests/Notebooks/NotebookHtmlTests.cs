using System.Globalization;
using System.Xml.Linq;
using Reconstitution.Cohorts;
using Reconstitution.Notebooks;
using Reconstitution.Outcomes;
using Reconstitution.Output.Charts;
using Reconstitution.Protocols;

namespace Reconstitution.Tests.Notebooks;

public sealed class NotebookHtmlTests
{
    // A small shared cohort: 12 patients, 40 days (well under a second).
    private static readonly Lazy<(CohortSummary Summary, PatientCourse Course)> Small = new(() =>
    {
        var spec = new CohortSpecification(BuiltInProtocols.Get("auto-cy-atg")) { Patients = 12, Days = 40, Seed = 5 };
        var builder = new CohortSummaryBuilder(spec);
        var courses = new CourseCollector();
        Cohort.Run(spec, [builder, courses]);
        return (builder.Build(), courses.Courses[0]);
    });

    /// <summary>Well-formed as XML (our HTML is written XHTML-style), so tags are balanced and text is escaped.</summary>
    private static XElement Parse(string html) => XElement.Parse($"<root>{html}</root>");

    private static string Html(object value) =>
        NotebookDisplay.Html(value) ?? throw new Xunit.Sdk.XunitException($"{value.GetType().Name} found no HTML formatter by convention.");

    [Fact]
    public void Chart_ThroughTheConvention_IsInlineSvgWithoutXmlDeclaration()
    {
        var chart = new Chart("Test & chart", ChartAxis.Linear("x", "d", 0, 10), ChartAxis.Linear("y", "", 0, 1)).AddLine("series one", [0, 10], [0, 1]);
        string html = Html(chart);
        Assert.DoesNotContain("<?xml", html, StringComparison.Ordinal);
        var root = Parse(html);
        var svg = Assert.Single(root.Descendants(), e => e.Name.LocalName == "svg");
        Assert.Contains("series one", svg.Value, StringComparison.Ordinal);
        Assert.Equal("Test & chart", svg.Elements().First(e => e.Name.LocalName == "title").Value);
    }

    [Fact]
    public void PatientOutcome_Html_IsATableWithTheEngraftmentDay()
    {
        var outcome = new PatientOutcome { Protocol = "auto-cy-atg", LastDay = 100, Grafted = true, Cd34PerKgInfused = 4.2e6, NeutrophilEngraftmentDay = 11, PlateletEngraftmentDay = 13, RedCellUnits = 2 };
        var root = Parse(Html(outcome));
        var rows = root.Descendants("tr").Select(r => r.Elements("td").Select(c => c.Value).ToArray()).Where(c => c.Length == 2).ToDictionary(c => c[0], c => c[1]);
        Assert.Equal("11", rows["Neutrophil engraftment (day)"]);
        Assert.Equal("13", rows["Platelet engraftment (day)"]);
        Assert.Equal("4.20", rows["CD34+ infused (×10⁶/kg)"]);
        Assert.Equal("—", rows["Death (day)"]);
    }

    [Fact]
    public void PatientOutcome_NeverCytopenic_HtmlSaysNotApplicableNotDayZero()
    {
        var outcome = new PatientOutcome { Protocol = "auto-cy-atg", LastDay = 100, Grafted = true, Cd34PerKgInfused = 4.2e6, NeutrophilEngraftmentDay = 0, PlateletEngraftmentDay = 0 };
        Assert.True(outcome.NeverNeutropenic && outcome.NeverThrombocytopenic);
        var root = Parse(Html(outcome));
        var rows = root.Descendants("tr").Select(r => r.Elements("td").Select(c => c.Value).ToArray()).Where(c => c.Length == 2).ToDictionary(c => c[0], c => c[1]);
        Assert.Equal("not applicable (never neutropenic)", rows["Neutrophil engraftment (day)"]);
        Assert.Equal("not applicable (never thrombocytopenic)", rows["Platelet engraftment (day)"]);

        var notYet = Parse(Html(outcome with { NeutrophilEngraftmentDay = null, PlateletEngraftmentDay = 21 }));
        var later = notYet.Descendants("tr").Select(r => r.Elements("td").Select(c => c.Value).ToArray()).Where(c => c.Length == 2).ToDictionary(c => c[0], c => c[1]);
        Assert.Equal("—", later["Neutrophil engraftment (day)"]);
        Assert.Equal("21", later["Platelet engraftment (day)"]);
    }

    [Fact]
    public void PatientCourse_Html_HasOutcomeTableAndCountsChart()
    {
        var course = Small.Value.Course;
        var root = Parse(Html(course));
        Assert.NotEmpty(root.Descendants("table"));
        Assert.Single(root.Descendants(), e => e.Name.LocalName == "svg");
        Assert.Contains(course.Outcome.Protocol, root.Descendants("h4").Single().Value, StringComparison.Ordinal);
    }

    [Fact]
    public void CohortSummary_Html_ShowsPatientsAndEngraftmentMedian()
    {
        var s = Small.Value.Summary;
        var root = Parse(Html(s));
        Assert.Contains($"{s.Patients} patients", root.Descendants("caption").First().Value, StringComparison.Ordinal);
        string neutrophils = root.Descendants("tr").First(r => r.Value.StartsWith("Neutrophil engraftment", StringComparison.Ordinal)).Value;
        if (s.NeutrophilEngraftment?.MedianDay is double m)
            Assert.Contains(m.ToString("0", CultureInfo.InvariantCulture), neutrophils, StringComparison.Ordinal);
        else
            Assert.Contains("not reached", neutrophils, StringComparison.Ordinal);
    }

    [Fact]
    public void PatientOutcome_Html_EscapesText()
    {
        var outcome = new PatientOutcome { Protocol = "<b>mine</b> & co", LastDay = 10 };
        string html = Html(outcome);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
        Assert.Contains("<b>mine</b> & co", Parse(html).Value, StringComparison.Ordinal);
    }

    [Fact]
    public void SweepPoint_Html_ShowsTheValueAndSummary()
    {
        var point = new SweepPoint([3e6], Small.Value.Summary);
        var root = Parse(Html(point));
        Assert.Contains("3E+06", root.Descendants("caption").Single().Value, StringComparison.Ordinal);
        Assert.Equal(5, root.Descendants("td").Count());
    }

    [Fact]
    public void TryWrite_UnknownType_WritesNothing()
    {
        using var w = new StringWriter();
        Assert.False(NotebookHtml.TryWrite("just a string", w));
        Assert.Equal("", w.ToString());
        Assert.Null(NotebookDisplay.Html(42));
    }

    [Fact]
    public void ResultTypes_CarryTheAttribute_WithHtmlPreferred()
    {
        foreach (var type in new[] { typeof(PatientCourse), typeof(PatientOutcome), typeof(CohortSummary), typeof(SweepPoint), typeof(Chart), typeof(ChartGrid) })
        {
            var attribute = Assert.Single(type.GetCustomAttributes(typeof(TypeFormatterSourceAttribute), inherit: false).Cast<TypeFormatterSourceAttribute>());
            Assert.Equal(typeof(NotebookFormatterSource), attribute.FormatterSourceType);
            Assert.Equal(["text/html"], attribute.PreferredMimeTypes!);
        }
    }
}
