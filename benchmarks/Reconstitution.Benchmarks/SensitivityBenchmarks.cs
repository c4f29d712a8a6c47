using BenchmarkDotNet.Attributes;
using Reconstitution.Cohorts;
using Reconstitution.Protocols;
using Reconstitution.Sensitivity;

namespace Reconstitution.Benchmarks;

/// <summary>
/// Cost of a sensitivity analysis apart from the cohorts it runs: the Sobol analysis of a 10-parameter, 512-row design
/// (S1 and ST for one endpoint with 1,000 bootstrap resamples), and a tiny Morris study end to end (3 parameters,
/// 2 trajectories, 4 patients per point, 60 days) to show the per-point overhead. The 20-parameter Morris screen with
/// 200 patients per point is measured with the CLI (benchmarks/results/sensitivity.md).
/// </summary>
[MemoryDiagnoser]
public class SensitivityBenchmarks
{
    private SensitivityStudy _sobol = null!;
    private double[][] _outputs = null!;
    private SensitivityStudy _morris = null!;

    [GlobalSetup]
    public void Setup()
    {
        var names = new[]
        {
            "homingEfficiency", "stemCells.hscCount", "stemCells.mppDivisionRatePerDay", "granulopoiesis.mitoticPoolDays", "granulopoiesis.releaseGainMax",
            "thrombopoiesis.megakaryocyteDays", "thymus.reboundGainMax", "tCells.naiveGainMax", "risks.infectionPerNeutropenicDay", "cd34PerKg",
        };
        var space = new ParameterSpace(names.Select(n => UncertainParameter.OverPlausibleRange(ParameterCatalogue.Find(n)!)));
        var baseline = new CohortSpecification(BuiltInProtocols.Get("auto-cy-atg")) { Patients = 4, Days = 60, Threads = 1 };
        _sobol = new SensitivityStudy(baseline, space, SensitivityDesign.Sobol(10, 512), [SensitivityEndpoint.Find("neutrophilEngraftmentDay")!], noiseReplicates: 0);
        // A smooth stand-in output per point (the analysis cost does not depend on where the numbers come from).
        _outputs = [.. Enumerable.Range(0, _sobol.PointCount).Select(p => new[] { _sobol.ValuesOf(p).Select((v, i) => Math.Log(Math.Abs(v) + 1) * (i + 1)).Sum() })];
        var three = new ParameterSpace(names[..3].Select(n => UncertainParameter.OverPlausibleRange(ParameterCatalogue.Find(n)!)));
        _morris = new SensitivityStudy(baseline, three, SensitivityDesign.Morris(3, 2, seed: 1), [SensitivityEndpoint.Find("neutrophilEngraftmentDay")!], noiseReplicates: 1);
    }

    [Benchmark]
    public double SobolAnalysis() => _sobol.Analyse(_outputs).Indices[1].Value;

    [Benchmark]
    public double MorrisStudyTiny() => _morris.Run()!.Indices[0].Value;
}
