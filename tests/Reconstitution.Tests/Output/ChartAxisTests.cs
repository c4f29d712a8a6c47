using Reconstitution.Output.Charts;

namespace Reconstitution.Tests.Output;

public class ChartAxisTests
{
    [Fact]
    public void Title_WithUnit_PutsTheUnitInParentheses()
    {
        Assert.Equal("ANC (×10⁹/L)", ChartAxis.Log10("ANC", "×10⁹/L").Title);
        Assert.Equal("Day after infusion", ChartAxis.DaysAfterInfusion().Title);
    }

    [Fact]
    public void Log10_NonPositiveMinimum_ThrowsNamingIt()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => ChartAxis.Log10("ANC", "×10⁹/L", 0, 20));

        Assert.Equal("minimum", ex.ParamName);
        Assert.Contains("(0, +∞)", ex.Message);
    }

    [Fact]
    public void Linear_MaximumNotAboveMinimum_Throws()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => ChartAxis.Linear("Hb", "g/dL", 18, 5));

        Assert.Equal("maximum", ex.ParamName);
    }

    [Fact]
    public void Linear_NonFiniteBound_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ChartAxis.Linear("Hb", "g/dL", double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => ChartAxis.Linear("Hb", "g/dL", null, double.PositiveInfinity));
    }

    [Fact]
    public void Linear_BlankLabel_Throws()
    {
        Assert.Throws<ArgumentException>(() => ChartAxis.Linear(""));
    }
}
