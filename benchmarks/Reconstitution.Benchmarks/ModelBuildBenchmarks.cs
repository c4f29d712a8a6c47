using BenchmarkDotNet.Attributes;
using Reconstitution.Physiology;
using Reconstitution.Randomness;

namespace Reconstitution.Benchmarks;

/// <summary>
/// The per-patient cost of a cohort patient's model (issue 15): <see cref="VirtualPatient.CreateModel(int)"/>, which binds the
/// patient's values to the structure its shape shares with every patient of the protocol, against building that structure
/// (what every patient paid before the structure was shared). Both for an autologous patient with multiple sclerosis.
/// </summary>
[MemoryDiagnoser]
public class ModelBuildBenchmarks
{
    private VirtualPatient _patient = null!;
    private PhysiologyDesign _design = null!;

    [GlobalSetup]
    public void Setup()
    {
        _patient = VirtualPatient.Draw(new PatientCovariates { AgeYears = 45, Disease = AutoimmuneDisease.MultipleSclerosis }, null, RandomStream.Create(1, 0, "patient"));
        _design = new PhysiologyDesign(_patient.Parameters, _patient.Covariates, _patient.Autoimmunity, 0);
    }

    /// <summary>A patient's model: its design (the steady state solved from its parameters) and its values bound to the shared structure.</summary>
    [Benchmark(Baseline = true)]
    public PhysiologyModel CreateModel() => _patient.CreateModel(0);

    /// <summary>The structure of the network built for one design (names, transitions, signals, compiled arrays, dependency graph, catalogue).</summary>
    [Benchmark]
    public object BuildStructure() => PhysiologyNetworkBuilder.Build(PhysiologyShape.Of(_design), _design);
}
