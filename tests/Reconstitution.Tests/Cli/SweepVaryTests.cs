using Reconstitution.Cli;
using Reconstitution.Cohorts;

namespace Reconstitution.Tests.Cli;

/// <summary>sweep --vary: the value swept is the value in the labels (issue 20).</summary>
public class SweepVaryTests
{
    [Theory]
    [InlineData("gcsfStartDay=2.5,5", "whole numbers")]
    [InlineData("gcsfStartDay=0:10:4", "takes whole numbers, but 'gcsfStartDay=0:10:4' gives 3.333")]
    public void ParseAxis_FractionForWholeNumberParameter_Refused(string text, string message)
    {
        var ex = Assert.Throws<UsageException>(() => SweepCommand.ParseAxis(text));
        Assert.Contains(message, ex.Message);
    }

    [Fact]
    public void ParseAxis_WholeStepsForWholeNumberParameter_ValuesAsGiven()
    {
        Assert.Equal([0, 2, 4, 6, 8, 10], SweepCommand.ParseAxis("gcsfStartDay=0:10:6").Values);
        Assert.Equal([1e6, 2.5e6], SweepCommand.ParseAxis("cd34PerKg=1e6,2.5e6").Values); // fractions stay allowed elsewhere
    }

    [Fact]
    public void Apply_FractionForWholeNumberParameter_ThrowsInsteadOfRounding()
    {
        var p = SweepParameter.Find("gcsfStartDay")!;
        Assert.True(p.IsWholeNumber);
        var spec = new CohortSpecification(Reconstitution.Protocols.BuiltInProtocols.Get("auto-cy-atg"));
        Assert.Throws<ArgumentOutOfRangeException>(() => p.Apply(spec, 2.5));
        Assert.False(SweepParameter.Find("cd34PerKg")!.IsWholeNumber);
    }
}
