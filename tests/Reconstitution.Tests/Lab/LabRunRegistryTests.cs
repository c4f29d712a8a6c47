using Reconstitution.Cli.Lab;
using Reconstitution.Cohorts;
using Reconstitution.Protocols;

namespace Reconstitution.Tests.Lab;

public class LabRunRegistryTests
{
    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static LabArm Arm(string protocol, int patients, int days, string label = "") =>
        new(label, BuiltInProtocols.Get(protocol).Definition, new CohortSpecification(BuiltInProtocols.Get(protocol)) { Patients = patients, Days = days, Seed = 7, Threads = 2 });

    private static async Task<LabRun> Finish(LabRunRegistry runs, LabRun run)
    {
        await runs.WhenIdle().WaitAsync(TimeSpan.FromMinutes(3));
        return run;
    }

    [Fact]
    public async Task Start_SmallCohort_OutputIsTheCohortRunsSummaryAndFiles()
    {
        using var runs = new LabRunRegistry(LabLimits.Default, TimeProvider.System, null);
        var arm = Arm("auto-cy-atg", 6, 30);
        var run = await Finish(runs, runs.Start([arm]));
        Assert.Equal(LabRunState.Finished, run.State);
        Assert.Equal(6, run.Finished);
        var builder = new CohortSummaryBuilder(arm.Specification);
        Cohort.Run(arm.Specification, [builder]);
        Assert.True(run.Output!.TryGetFile("summary.json", out var summary));
        Assert.Equal(builder.Build().ToJson(), System.Text.Encoding.UTF8.GetString(summary.Content));
        Assert.Equal(["bands.csv", "bands.svg", "incidence.svg", "lymphocytes.svg", "patients.csv", "protocol.json", "summary.json", "trajectory.csv"], run.Output.FileNames.Order());
        Assert.True(run.Output.TryGetFile("protocol.json", out var protocol));
        Assert.Equal(ProtocolFile.Write(arm.Definition), System.Text.Encoding.UTF8.GetString(protocol.Content));
    }

    [Fact]
    public async Task Start_TwoArms_ComparesTheSamePatients()
    {
        using var runs = new LabRunRegistry(LabLimits.Default, TimeProvider.System, null);
        var run = await Finish(runs, runs.Start([Arm("auto-cy-atg", 5, 30, "A"), Arm("auto-beam-atg-cd34", 5, 30, "B")]));
        Assert.Equal(LabRunState.Finished, run.State);
        Assert.Equal(10, run.Finished);
        Assert.NotNull(run.Output!.Page["comparison"]);
        Assert.Contains("compare.svg", run.Output.FileNames);
        Assert.Contains("a-patients.csv", run.Output.FileNames);
        Assert.Contains("b-patients.csv", run.Output.FileNames);
        // The same virtual patients: the covariate columns of the two patients.csv agree row by row.
        static IEnumerable<string> Covariates(LabRunOutput o, string f) => o.TryGetFile(f, out var x)
            ? System.Text.Encoding.UTF8.GetString(x.Content).Split('\n').Skip(1).Select(l => string.Join(',', l.Split(',').Skip(1).Take(4))) : [];
        Assert.Equal(Covariates(run.Output, "a-patients.csv"), Covariates(run.Output, "b-patients.csv"));
    }

    [Fact]
    public async Task Cancel_RunningCohort_EndsCancelledKeepingTheFinishedPatients()
    {
        using var runs = new LabRunRegistry(LabLimits.Default, TimeProvider.System, null);
        var run = runs.Start([Arm("auto-cy-atg", 2000, 1825)]);
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (run.Finished == 0 && DateTime.UtcNow < deadline) await Task.Delay(20);
        Assert.True(runs.Cancel(run.Id, "Stopped on request."));
        await Finish(runs, run);
        Assert.Equal(LabRunState.Cancelled, run.State);
        Assert.Equal("Stopped on request.", run.Message);
        Assert.InRange(run.Finished, 1, 1999);
        Assert.Equal(run.Finished, run.Output!.Page["arms"]![0]!["patients"]!.GetValue<int>());
    }

    [Fact]
    public async Task Sweep_PageQuietLongerThanTheLease_StopsTheRun()
    {
        var clock = new ManualClock();
        using var runs = new LabRunRegistry(LabLimits.Default with { MaxConcurrentRuns = 1 }, clock, null);
        var running = runs.Start([Arm("auto-cy-atg", 2000, 1825)]);
        var queued = runs.Start([Arm("auto-cy-atg", 3, 10)]);
        clock.Now += LabLimits.Default.Lease - TimeSpan.FromSeconds(1);
        runs.Find(running.Id);
        runs.Sweep();
        Assert.True(running.IsActive);
        clock.Now += TimeSpan.FromSeconds(2);
        runs.Sweep();
        // The queued run's page went quiet (never polled): stopped; the running one was polled a second ago.
        await queued.Token.WaitHandle.WaitOneAsync();
        Assert.True(running.IsActive);
        clock.Now += LabLimits.Default.Lease + TimeSpan.FromSeconds(1);
        runs.Sweep();
        await Finish(runs, running);
        Assert.Equal(LabRunState.Cancelled, queued.State);
        Assert.Equal(LabRunState.Cancelled, running.State);
        Assert.StartsWith("Stopped: the page", running.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sweep_RunLongerThanTheTimeLimit_StopsIt()
    {
        var clock = new ManualClock();
        using var runs = new LabRunRegistry(LabLimits.Default, clock, null);
        var run = runs.Start([Arm("auto-cy-atg", 2000, 1825)]);
        while (run.StartedAt is null) await Task.Delay(10);
        clock.Now += LabLimits.Default.RunTimeLimit + TimeSpan.FromSeconds(1);
        runs.Find(run.Id);
        runs.Sweep();
        await Finish(runs, run);
        Assert.Equal(LabRunState.Cancelled, run.State);
        Assert.Contains("time limit of 10 minutes", run.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_MorePendingRunsThanAllowed_IsRefusedAsBusy()
    {
        using var runs = new LabRunRegistry(LabLimits.Default with { MaxPendingRuns = 2, MaxConcurrentRuns = 1 }, TimeProvider.System, null);
        var a = runs.Start([Arm("auto-cy-atg", 2000, 1825)]);
        var b = runs.Start([Arm("auto-cy-atg", 2000, 1825)]);
        var ex = Assert.Throws<LabInputException>(() => runs.Start([Arm("auto-cy-atg", 1, 10)]));
        Assert.Equal(503, ex.StatusCode);
        Assert.Contains("busy", ex.Message, StringComparison.Ordinal);
        a.Cancel("test");
        b.Cancel("test");
        await runs.WhenIdle();
    }

    [Fact]
    public async Task Sweep_MoreEndedRunsThanKept_ForgetsTheLeastRecentlySeen()
    {
        var clock = new ManualClock();
        using var runs = new LabRunRegistry(LabLimits.Default with { MaxKeptRuns = 2 }, clock, null);
        var ids = new List<string>();
        for (int i = 0; i < 3; i++)
        {
            ids.Add(runs.Start([Arm("none", 1, 2)]).Id);
            await runs.WhenIdle();
            clock.Now += TimeSpan.FromSeconds(1);
        }
        runs.Sweep();
        Assert.Null(runs.Find(ids[0]));
        Assert.NotNull(runs.Find(ids[1]));
        Assert.NotNull(runs.Find(ids[2]));
        clock.Now += LabLimits.Default.ResultLifetime + TimeSpan.FromSeconds(1);
        runs.Sweep();
        Assert.Null(runs.Find(ids[1]));
    }
}

internal static class WaitHandleExtensions
{
    public static Task WaitOneAsync(this WaitHandle handle) => Task.Run(() => handle.WaitOne(TimeSpan.FromMinutes(1)));
}
