using BenchmarkDotNet.Attributes;
using Reconstitution.Outcomes;
using Reconstitution.Physiology;
using Reconstitution.Protocols;

namespace Reconstitution.Benchmarks;

/// <summary>
/// Cost of one patient course through <see cref="PatientSimulation"/>: model build from a drawn virtual patient, the
/// protocol on the kernel, daily observation, supportive care and clinical hazards, and the outcome summary.
/// 100 days of the myeloablative allogeneic protocol, and one year of the HALT-MS-like protocol in a patient with MS.
/// Each invocation simulates a new patient index.
/// </summary>
[MemoryDiagnoser]
public class ProtocolBenchmarks
{
    private readonly IProtocol _allo = BuiltInProtocols.Get("allo-pbsc-mac");
    private readonly IProtocol _halt = BuiltInProtocols.Get("auto-beam-atg-cd34");
    private readonly PatientCovariates _healthy = new() { AgeYears = 45 };
    private readonly PatientCovariates _ms = new() { AgeYears = 35, Disease = AutoimmuneDisease.MultipleSclerosis };
    private readonly PatientSimulationOptions _days100 = new() { Days = 100 };
    private readonly PatientSimulationOptions _days365 = new() { Days = 365 };
    private long _index;

    [Benchmark(Baseline = true)]
    public PatientOutcome AlloPbscMac100Days() => PatientSimulation.Run(_healthy, _allo, 1, _index++, _days100).Outcome;

    [Benchmark]
    public PatientOutcome HaltMsLikeOneYear() => PatientSimulation.Run(_ms, _halt, 1, _index++, _days365).Outcome;
}
