using Reconstitution.Forecasting;
using Reconstitution.Physiology;

namespace Reconstitution.Tests.Forecasting;

public sealed class ObservationsCsvTests
{
    private static IReadOnlyList<Observation> Parse(string text) => ObservationsCsv.Parse(new StringReader(text), "counts.csv");

    private static ObservationFormatException Fails(string text) => Assert.Throws<ObservationFormatException>(() => Parse(text));

    [Fact]
    public void Parse_TidyRowsWithCommentsGapsAndBounds_ReadsEveryRow()
    {
        var obs = Parse("# patient 7\nday,measure,value\n0,anc,0.8\n0,platelets,95\n\n3,anc,< 0.1\n7,hb,8.4\n9,platelets,>1000\n");
        Assert.Equal(5, obs.Count);
        Assert.Equal(new Observation(0, Measure.Anc, 0.8), obs[0]);
        Assert.Equal(new Observation(3, Measure.Anc, 0.1, ObservationCensoring.Below), obs[2]);
        Assert.Equal(new Observation(9, Measure.Platelets, 1000, ObservationCensoring.Above), obs[4]);
    }

    [Fact]
    public void Parse_UnknownMeasure_NamesLineFieldAndAllowedMeasures()
    {
        var e = Fails("day,measure,value\n0,anc,1\n1,neutrophils,0.5\n");
        Assert.Equal(3, e.Line);
        Assert.Equal("measure", e.Field);
        Assert.Contains("counts.csv, line 3, field 'measure': 'neutrophils' is not a known measure", e.Message);
        Assert.Contains("anc, wbc, hb, platelets", e.Message);
    }

    [Fact]
    public void Parse_NegativeCount_NamesLineAndValue()
    {
        var e = Fails("day,measure,value\n0,anc,1\n1,platelets,-4\n");
        Assert.Equal((3, "value"), (e.Line, e.Field));
        Assert.Contains("-4 is negative", e.Message);
    }

    [Fact]
    public void Parse_DaysOutOfOrder_NamesBothLines()
    {
        var e = Fails("day,measure,value\n5,anc,1\n7,anc,1.2\n6,anc,1.1\n");
        Assert.Equal((4, "day"), (e.Line, e.Field));
        Assert.Contains("day 6 comes after day 7 (line 3)", e.Message);
    }

    [Theory]
    [InlineData("anc", "1500", "cells/µL? divide by 1000")]
    [InlineData("platelets", "150000", "cells/µL? divide by 1000")]
    [InlineData("hb", "124", "g/L? divide by 10")]
    [InlineData("donorChimerism", "150", "at most 100")]
    public void Parse_ValueFromAnotherUnit_IsDetectedByRange(string measure, string value, string hint)
    {
        var e = Fails($"day,measure,value\n2,{measure},{value}\n");
        Assert.Equal((2, "value"), (e.Line, e.Field));
        Assert.Contains("above the plausible maximum", e.Message);
        Assert.Contains(hint, e.Message);
    }

    [Theory]
    [InlineData("day,measure,value\n", "no observations")]
    [InlineData("", "the file is empty")]
    [InlineData("# nothing\n\n", "the file is empty")]
    public void Parse_NoObservations_FailsForTheWholeFile(string text, string message)
    {
        var e = Fails(text);
        Assert.Equal(0, e.Line);
        Assert.Contains(message, e.Message);
    }

    [Theory]
    [InlineData("day,measure\n", 1, null, "expected 'day,measure,value'")]
    [InlineData("day,measure,value\n1.5,anc,1\n", 2, "day", "'1.5' is not allowed")]
    [InlineData("day,measure,value\n1,anc,lots\n", 2, "value", "'lots' is not a number")]
    [InlineData("day,measure,value\n1,anc,NaN\n", 2, "value", "is not a number")]
    [InlineData("day,measure,value\n1,anc\n", 2, null, "2 fields; expected 3")]
    [InlineData("day,measure,value\n1,anc,1\n1,anc,2\n", 3, "measure", "given twice on day 1")]
    [InlineData("day,measure,value\n1,anc,< 0\n", 2, "value", "no count is below 0")]
    public void Parse_MalformedRow_NamesLineAndField(string text, int line, string? field, string message)
    {
        var e = Fails(text);
        Assert.Equal((line, field), (e.Line, e.Field));
        Assert.Contains(message, e.Message);
    }
}
