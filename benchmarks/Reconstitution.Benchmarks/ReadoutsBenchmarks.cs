using BenchmarkDotNet.Attributes;
using Reconstitution.Physiology;

namespace Reconstitution.Benchmarks;

/// <summary>
/// One computation of the clinical readouts (<see cref="PhysiologyModel.Readouts"/>: ANC, WBC, Hb, platelets, lymphocyte
/// subsets, chimerism, disease activity …) from the counts of a patient with multiple sclerosis 60 days after an
/// autologous transplant (host and one donor origin). A cohort computes them once per patient and simulated day.
/// </summary>
[MemoryDiagnoser]
public class ReadoutsBenchmarks
{
    private PhysiologyModel _model = null!;
    private double[] _counts = null!;

    [GlobalSetup]
    public void Setup()
    {
        _model = PhysiologyModel.Create(new PatientCovariates { AgeYears = 45, Disease = AutoimmuneDisease.MultipleSclerosis });
        _counts = PhysiologyBenchmarks.TransplantedPatient(_model, 60).System.Counts.ToArray();
    }

    [Benchmark]
    public double Readouts() => _model.Readouts(_counts).WbcE9PerLiter;
}
