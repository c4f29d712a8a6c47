using Reconstitution.Monitoring;

namespace Reconstitution.Tests.Monitoring;

public class EventLogTests
{
    [Fact]
    public void Add_KeepsEntriesInOrder()
    {
        var log = new EventLog();
        log.Add(-6, "conditioning", "busulfan");
        log.Add(0, "infusion");
        Assert.Equal([new LogEntry(-6, "conditioning", "busulfan"), new LogEntry(0, "infusion", null)], log.Entries);
        log.Clear();
        Assert.Empty(log.Entries);
    }

    [Fact]
    public void Disabled_KeepsNothing()
    {
        var log = new EventLog(enabled: false);
        log.Add(0, "x");
        Assert.False(log.IsEnabled);
        Assert.Empty(log.Entries);
    }

    [Fact]
    public void Add_NullKind_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => new EventLog().Add(0, null!));
    }
}
