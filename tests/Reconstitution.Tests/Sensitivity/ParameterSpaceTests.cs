using Reconstitution.Sensitivity;
using Xunit;

namespace Reconstitution.Tests.Sensitivity;

public sealed class ParameterSpaceTests
{
    private static ParameterSpaceException Refused(string json) => Assert.Throws<ParameterSpaceException>(() => ParameterSpace.Parse(json, "space.json"));

    [Fact]
    public void Parse_EveryDistribution_ReadsBackThroughToJson()
    {
        var space = ParameterSpace.Parse("""
            {
              // comments are allowed
              "parameters": [
                { "name": "homingEfficiency", "distribution": "uniform", "min": 0.2, "max": 0.8 },
                { "name": "stemCells.hscCount", "distribution": "logUniform", "min": 1e4, "max": 2e5 },
                { "name": "granulopoiesis.mitoticPoolDays", "distribution": "normal", "mean": 5, "sd": 0.5 },
                { "name": "granulopoiesis.releaseGainMax", "distribution": "truncatedNormal", "mean": 4, "sd": 2, "min": 2, "max": 10 },
                { "name": "cd34PerKg" },
              ]
            }
            """);
        Assert.Equal(5, space.Parameters.Count);
        Assert.Equal(DistributionKind.LogUniform, space.Parameters[4].Distribution.Kind); // catalogue range spans a factor 10
        var again = ParameterSpace.Parse(space.ToJson());
        Assert.Equal(space.ToJson(), again.ToJson());
        Assert.Equal(space.Parameters.Select(p => p.Distribution), again.Parameters.Select(p => p.Distribution));
    }

    [Fact]
    public void Values_MapProbabilitiesThroughEachQuantile()
    {
        var space = ParameterSpace.Parse("""{ "parameters": [ { "name": "homingEfficiency", "min": 0.2, "max": 0.8 }, { "name": "stemCells.hscCount", "distribution": "logUniform", "min": 1e4, "max": 1e6 } ] }""");
        var v = space.Values([0.5, 0.5]);
        Assert.Equal(0.5, v[0], 12);
        Assert.Equal(1e5, v[1], 6);
    }

    [Fact]
    public void Parse_UnknownParameter_NamesFileLineColumnFieldAndSuggests()
    {
        var ex = Refused("{\n  \"parameters\": [\n    { \"name\": \"mitoticPoolDays\" }\n  ]\n}");
        Assert.Equal(3, ex.Line);
        Assert.Equal(15, ex.Column);
        Assert.Equal("parameters[0].name", ex.Field);
        Assert.StartsWith("space.json:3:15: field 'parameters[0].name': unknown parameter 'mitoticPoolDays'.", ex.Message);
        Assert.Contains("granulopoiesis.mitoticPoolDays", ex.Message);
    }

    [Theory]
    [InlineData("""{ "parameters": [ { "name": "homingEfficiency", "min": 0.5, "max": 0.5 } ] }""", "parameters[0].max", "is empty")]
    [InlineData("""{ "parameters": [ { "name": "homingEfficiency", "min": 0.9, "max": 0.1 } ] }""", "parameters[0].max", "is empty")]
    [InlineData("""{ "parameters": [ { "name": "stemCells.hscCount", "distribution": "logUniform", "min": -1, "max": 5 } ] }""", "parameters[0].min", "minimum > 0")]
    [InlineData("""{ "parameters": [ { "name": "stemCells.hscCount", "distribution": "logUniform", "min": 0, "max": 5 } ] }""", "parameters[0].min", "minimum > 0")]
    [InlineData("""{ "parameters": [ { "name": "homingEfficiency", "distribution": "normal", "mean": 0.5, "sd": 0 } ] }""", "parameters[0].sd", "standard deviation")]
    [InlineData("""{ "parameters": [ { "name": "homingEfficiency", "distribution": "beta", "min": 0, "max": 1 } ] }""", "parameters[0].distribution", "unknown distribution")]
    [InlineData("""{ "parameters": [ { "name": "homingEfficiency", "distribution": "uniform", "min": 0 } ] }""", "parameters[0]", "needs 'max'")]
    [InlineData("""{ "parameters": [ { "name": "homingEfficiency", "distribution": "uniform", "min": 0, "max": 1, "sd": 2 } ] }""", "parameters[0].sd", "has no 'sd'")]
    [InlineData("""{ "parameters": [ { "name": "homingEfficiency", "maximum": 1 } ] }""", "parameters[0].maximum", "unknown field")]
    [InlineData("""{ "parameters": [ { "name": "homingEfficiency", "min": "low", "max": 1 } ] }""", "parameters[0].min", "finite number")]
    [InlineData("""{ "parameters": [ { "name": "homingEfficiency" }, { "name": "HomingEfficiency" } ] }""", "parameters[1].name", "appears twice")]
    [InlineData("""{ "parameters": [ ] }""", "parameters", "empty")]
    [InlineData("""{ "params": [ ] }""", "params", "unknown field")]
    public void Parse_BadValue_NamesTheField(string json, string field, string problem)
    {
        var ex = Refused(json);
        Assert.Equal(field, ex.Field);
        Assert.Contains(problem, ex.Problem);
        Assert.StartsWith($"space.json:{ex.Line}:{ex.Column}: field '{field}': ", ex.Message);
    }

    [Fact]
    public void Parse_MalformedJson_GivesLineAndColumn()
    {
        var ex = Refused("{\n  \"parameters\": [\n    { \"name\": \"homingEfficiency\" \n  ]\n}");
        Assert.Equal(4, ex.Line);
        Assert.StartsWith("space.json:4:", ex.Message);
        Assert.Contains("malformed JSON", ex.Message);
    }

    [Fact]
    public void Distributions_BadArguments_NameTheArgument()
    {
        Assert.Equal("minimum", Assert.Throws<ArgumentOutOfRangeException>(() => ParameterDistribution.LogUniform(-2, 3)).ParamName);
        Assert.Equal("maximum", Assert.Throws<ArgumentException>(() => ParameterDistribution.Uniform(3, 3)).ParamName);
        Assert.Equal("standardDeviation", Assert.Throws<ArgumentOutOfRangeException>(() => ParameterDistribution.Normal(1, double.NaN)).ParamName);
        Assert.Throws<ArgumentException>(() => ParameterDistribution.TruncatedNormal(0, 1, 50, 60));
    }

    // Inverse-CDF checks: the median of each distribution, and a truncated normal stays inside its bounds even at u → 0, 1.
    [Fact]
    public void Quantile_Medians_AndTruncatedBounds()
    {
        Assert.Equal(2, ParameterDistribution.Uniform(1, 3).Quantile(0.5), 12);
        Assert.Equal(10, ParameterDistribution.LogUniform(1, 100).Quantile(0.5), 10);
        Assert.Equal(5, ParameterDistribution.Normal(5, 2).Quantile(0.5), 10);
        var t = ParameterDistribution.TruncatedNormal(0, 1, 0.5, 2);
        Assert.InRange(t.Quantile(0), 0.5, 2);
        Assert.InRange(t.Quantile(1), 0.5, 2);
        Assert.True(t.Quantile(0.9) > t.Quantile(0.1));
    }
}
