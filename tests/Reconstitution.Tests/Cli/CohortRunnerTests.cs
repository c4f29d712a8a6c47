using System.Runtime.CompilerServices;
using Reconstitution.Cli;

namespace Reconstitution.Tests.Cli;

/// <summary>The end-of-run files are formatted at once but fail as if formatted one by one.</summary>
public class CohortRunnerTests
{
    [Fact]
    public void FormatAll_AllSucceed_ReturnsTextsInOrder()
    {
        var texts = CohortRunner.FormatAll([() => "summary", () => "bands", () => "chart"]);
        Assert.Equal(["summary", "bands", "chart"], texts);
    }

    [Fact]
    public void FormatAll_ThreeFormatters_RunAtOnce()
    {
        // The end of a run formats its files at once: formatter 0 finishes only once formatters 1 and 2 have started,
        // which one-by-one formatting in order would never see (it would wait out the 10 s and report it).
        using var othersStarted = new CountdownEvent(2);
        var texts = CohortRunner.FormatAll(
        [
            () => othersStarted.Wait(TimeSpan.FromSeconds(10)) ? "together" : "alone",
            () => { othersStarted.Signal(); return "bands"; },
            () => { othersStarted.Signal(); return "chart"; },
        ]);
        Assert.Equal(["together", "bands", "chart"], texts);
    }

    [Fact]
    public void FormatAll_LaterFormatterFailsFirst_RethrowsTheLowestIndexFailure()
    {
        // Formatter 2 fails at once; formatter 0 fails only after formatter 2 has failed (or after 10 s, should the
        // scheduler run them one after the other), so the first failure in time is formatter 2's, and a rethrow of
        // the first-finished exception would name it.
        using var laterFailed = new ManualResetEventSlim();
        var ex = Assert.Throws<InvalidOperationException>(() => CohortRunner.FormatAll(
        [
            () =>
            {
                laterFailed.Wait(TimeSpan.FromSeconds(10));
                throw new InvalidOperationException("formatter 0");
            },
            () => "bands",
            () =>
            {
                try
                {
                    throw new InvalidOperationException("formatter 2");
                }
                finally
                {
                    laterFailed.Set();
                }
            },
        ]));
        Assert.Equal("formatter 0", ex.Message);
    }

    [Fact]
    public void FormatAll_FormatterFails_RethrowsTheOriginalExceptionWithItsStackTrace()
    {
        // The failure is rethrown as it was thrown (the same object, its stack trace still naming the formatter's frame), not
        // a new exception or a rethrow that restarts the trace at FormatAll and hides where it came from.
        InvalidOperationException? thrown = null;
        var ex = Assert.Throws<InvalidOperationException>(() => CohortRunner.FormatAll(
        [
            () => "summary",
            () =>
            {
                try
                {
                    return FailingFormatter();
                }
                catch (InvalidOperationException e)
                {
                    thrown = e;
                    throw;
                }
            },
        ]));
        Assert.Same(thrown, ex);
        Assert.Contains(nameof(FailingFormatter), ex.StackTrace, StringComparison.Ordinal);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static string FailingFormatter() => throw new InvalidOperationException("bands");
}
