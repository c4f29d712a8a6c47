using BenchmarkDotNet.Attributes;
using Reconstitution.Cohorts;
using Reconstitution.Output;
using Reconstitution.Protocols;

namespace Reconstitution.Benchmarks;

/// <summary>
/// Cost of a small virtual cohort of the default autologous protocol (auto-cy-atg) through the whole pipeline:
/// covariate draw, simulation, patients.csv (to a null writer), summary builder with trajectory bands, summary
/// (bootstrap included). Parameterised by patients, horizon and threads; the dry CI job runs each once, in seconds.
/// The 1,000-patient, two-year figure is measured with the CLI (benchmarks/results/cohort.md).
/// </summary>
[MemoryDiagnoser]
public class CohortBenchmarks
{
    [Params(8)]
    public int Patients { get; set; }

    [Params(100, 730)]
    public int Days { get; set; }

    [Params(1, 2)]
    public int Threads { get; set; }

    [Benchmark]
    public double Cohort()
    {
        var spec = new CohortSpecification(BuiltInProtocols.Get("auto-cy-atg")) { Patients = Patients, Days = Days, Threads = Threads, Seed = 1 };
        var builder = new CohortSummaryBuilder(spec);
        using var patients = new PatientsCsvWriter(TextWriter.Null);
        Reconstitution.Cohorts.Cohort.Run(spec, [patients, builder]);
        return builder.Build().NeutrophilEngraftment?.MedianDay ?? 0;
    }
}
