using System.Text;
using Reconstitution.Cohorts;
using Reconstitution.Output;

namespace Reconstitution.Tests.Cohorts;

public class CohortTests
{
    private static (string Patients, string Summary, CohortRunResult Result) RunToText(CohortSpecification spec, CancellationToken token = default, IProgress<int>? progress = null)
    {
        var text = new StringWriter();
        var builder = new CohortSummaryBuilder(spec);
        CohortRunResult result;
        using (var writer = new PatientsCsvWriter(text))
            result = Cohort.Run(spec, [writer, builder], progress, token);
        return (text.ToString(), builder.Count > 0 ? builder.Build().ToJson() : "", result);
    }

    [Fact]
    public void Run_OneVersusTwoThreads_ByteIdenticalPatientsCsvAndSummary()
    {
        var one = RunToText(CohortTestData.Small(patients: 6, threads: 1));
        var two = RunToText(CohortTestData.Small(patients: 6, threads: 2));
        Assert.Equal(6, one.Result.Finished);
        Assert.False(one.Result.Cancelled);
        Assert.Equal(one.Patients, two.Patients);
        Assert.Equal(one.Summary, two.Summary);
    }

    [Fact]
    public void Run_DifferentSeeds_DifferentPatients()
    {
        var a = RunToText(CohortTestData.Small(patients: 3, seed: 1));
        var b = RunToText(CohortTestData.Small(patients: 3, seed: 2));
        Assert.NotEqual(a.Patients, b.Patients);
    }

    [Fact]
    public void Run_CancelledMidway_KeepsContiguousPrefixOfCompleteRows()
    {
        using var cts = new CancellationTokenSource();
        var progress = new SyncProgress(n => { if (n == 3) cts.Cancel(); });
        var run = RunToText(CohortTestData.Small(patients: 40, threads: 2), cts.Token, progress);
        Assert.True(run.Result.Cancelled);
        Assert.InRange(run.Result.Finished, 3, 39);
        var lines = run.Patients.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(run.Result.Finished + 1, lines.Length);
        int columns = PatientsCsvWriter.Columns.Count;
        for (int i = 1; i < lines.Length; i++)
        {
            Assert.Equal(columns, lines[i].Split(',').Length);
            Assert.StartsWith((i - 1).ToString(System.Globalization.CultureInfo.InvariantCulture) + ",", lines[i]);
        }
        Assert.Contains($"\"patients\": {run.Result.Finished},", run.Summary);
        Assert.Contains("\"patientsRequested\": 40,", run.Summary);
    }

    [Fact]
    public void Run_CancelledBeforeStart_DeliversNothing()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var result = Cohort.Run(CohortTestData.Small(patients: 5), [], null, cts.Token);
        Assert.True(result.Cancelled);
        Assert.Equal(0, result.Finished);
    }

    [Fact]
    public void Simulate_SameIndexAsRun_SameRecord()
    {
        var spec = CohortTestData.Small(patients: 3);
        var builder = new CohortSummaryBuilder(spec);
        Cohort.Run(spec, [builder]);
        var (record, _) = Cohort.Simulate(spec.Covariates, spec.Protocol, spec.Seed, 2, spec.Simulation with { Days = spec.Days });
        Assert.Equal(builder.Records[2].Outcome, record.Outcome);
        Assert.Equal(builder.Records[2].Covariates, record.Covariates);
    }

    /// <summary>Reports synchronously (Progress&lt;T&gt; posts to the thread pool).</summary>
    private sealed class SyncProgress(Action<int> action) : IProgress<int>
    {
        public void Report(int value) => action(value);
    }
}
