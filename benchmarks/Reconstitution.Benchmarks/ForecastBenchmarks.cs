using BenchmarkDotNet.Attributes;
using Reconstitution.Forecasting;
using Reconstitution.Physiology;
using Reconstitution.Protocols;

namespace Reconstitution.Benchmarks;

/// <summary>
/// One patient-specific forecast (docs/forecasting.md) from 10 days of counts (ANC, platelets and Hb on days 0–9, one
/// missing day, ANC below detection: lab 09's counts.csv) with the default options (200 particles, horizon 100 days,
/// all cores). Target: ≤ 10 s on two cores. The cost is the sampler's simulations (reported in the forecast), each a
/// patient run from conditioning to the last observed day, plus one run per final particle to the horizon (each copy
/// with its own future).
/// </summary>
[MemoryDiagnoser]
public class ForecastBenchmarks
{
    private const string Counts = """
        day,measure,value
        0,anc,1.55
        0,platelets,69
        0,hb,10.79
        1,anc,0.8
        1,platelets,61
        2,anc,0.23
        2,platelets,63
        2,hb,10.98
        3,anc,0.21
        3,platelets,41
        5,anc,< 0.1
        5,platelets,37
        6,anc,0.24
        6,platelets,20
        6,hb,10.89
        7,anc,0.16
        7,platelets,12
        8,anc,0.29
        8,platelets,11
        8,hb,10.04
        9,anc,0.37
        9,platelets,9
        """;

    private readonly IReadOnlyList<Observation> _observations = ObservationsCsv.Parse(new StringReader(Counts), "counts.csv");
    private readonly IProtocol _protocol = BuiltInProtocols.Get("auto-beam-atg-cd34");
    private readonly PatientCovariates _patient = new() { AgeYears = 34, Sex = BiologicalSex.Female, WeightKg = 62, Disease = AutoimmuneDisease.MultipleSclerosis };

    [Benchmark]
    public int TenDaysOfCountsDefaultParticles() => PatientForecaster.Run(_patient, _protocol, _observations).Simulations;
}
