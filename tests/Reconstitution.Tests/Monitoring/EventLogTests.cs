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
    public void Entries_IsALiveViewThatGrows()
    {
        var log = new EventLog();
        var entries = log.Entries;
        for (int i = 0; i < 100; i++) log.Add(i, "k" + i, i % 2 == 0 ? null : "d");
        Assert.Equal(100, entries.Count);
        for (int i = 0; i < 100; i++) Assert.Equal(new LogEntry(i, "k" + i, i % 2 == 0 ? null : "d"), entries[i]);
        Assert.Equal(Enumerable.Range(0, 100).Select(i => "k" + i), entries.Select(e => e.Kind));
        Assert.Throws<ArgumentOutOfRangeException>(() => entries[100]);
        Assert.Throws<ArgumentOutOfRangeException>(() => entries[-1]);
        log.Clear();
        Assert.Empty(entries);
        log.Add(7, "again");
        Assert.Equal([new LogEntry(7, "again", null)], entries);
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
