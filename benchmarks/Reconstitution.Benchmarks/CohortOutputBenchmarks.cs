using BenchmarkDotNet.Attributes;
using Reconstitution.Cohorts;
using Reconstitution.Outcomes;
using Reconstitution.Output;
using Reconstitution.Protocols;

namespace Reconstitution.Benchmarks;

/// <summary>
/// The cohort's work outside the patient simulation, for a two-year <c>auto-cy-atg</c> cohort: adding each patient's
/// daily readouts to the trajectory bands (on the CLI's consumer thread, while workers simulate) and then formatting
/// bands.csv, and the summary (Kaplan–Meier, cumulative incidence, bootstrap intervals) with its JSON. 40 simulated
/// patients are reused cyclically to make cohorts of <see cref="Patients"/>: 500 keeps every value (exact quantiles),
/// 1,000 exceeds <see cref="TrajectoryBands.ExactValueBudget"/> and falls back to the binned sketch, as the issue's
/// 1,000-patient target does.
/// </summary>
[MemoryDiagnoser]
public class CohortOutputBenchmarks
{
    private const int Distinct = 40;
    private PatientCourse[] _courses = [];
    private PatientRecord[] _records = [];
    private int _firstDay;

    [Params(500, 1000)]
    public int Patients { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var spec = new CohortSpecification(BuiltInProtocols.Get("auto-cy-atg")) { Patients = Distinct, Days = 730, Seed = 1 };
        var courses = new CourseCollector();
        var summary = new CohortSummaryBuilder(spec);
        Cohort.Run(spec, [courses, summary]);
        _courses = [.. courses.Courses];
        _records = [.. summary.Records];
        _firstDay = spec.Protocol.StartDay - 1;
    }

    [Benchmark]
    public int BandsAndCsv()
    {
        var bands = new TrajectoryBands(_firstDay, 730);
        for (int i = 0; i < Patients; i++) bands.Add(_courses[i % Distinct].Trajectory);
        return BandsCsv.Format(bands).Length;
    }

    [Benchmark]
    public int SummaryJson()
    {
        var records = new PatientRecord[Patients];
        for (int i = 0; i < records.Length; i++) records[i] = _records[i % Distinct];
        return CohortSummary.FromRecords("auto-cy-atg", 730, 1, records).ToJson().Length;
    }
}
