using Reconstitution.Monitoring;

namespace Reconstitution.Tests.Monitoring;

public class TimeSeriesTests
{
    [Fact]
    public void Add_KeepsPointsInOrder_AndGrows()
    {
        var s = new TimeSeries("ANC");
        for (int i = 0; i < 100; i++) s.Add(i * 0.5, i);
        Assert.Equal(100, s.Count);
        Assert.Equal(49.5, s.TimesDays[99]);
        Assert.Equal(99.0, s.Values[99]);
        Assert.Equal("ANC", s.Name);
    }

    [Fact]
    public void Add_EqualTimes_Allowed()
    {
        var s = new TimeSeries("x");
        s.Add(1, 1);
        s.Add(1, 2);
        Assert.Equal([1.0, 2.0], s.Values.ToArray());
    }

    [Fact]
    public void Add_EarlierTime_ThrowsNamingValueAndSeries()
    {
        var s = new TimeSeries("platelets");
        s.Add(5, 1);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => s.Add(4, 1));
        Assert.Equal("timeDays", ex.ParamName);
        Assert.Contains("platelets", ex.Message);
        Assert.Contains("4", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => s.Add(double.NaN, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => s.Add(double.PositiveInfinity, 1));
    }

    [Fact]
    public void Clear_EmptiesSeries()
    {
        var s = new TimeSeries("x");
        s.Add(1, 1);
        s.Clear();
        Assert.Equal(0, s.Count);
        s.Add(0, 2); // earlier than before the clear is fine
        Assert.Equal(1, s.Count);
    }
}
