using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using Reconstitution.Compartments;
using Reconstitution.Compartments.Solvers;
using Reconstitution.Physiology;

namespace Reconstitution.Benchmarks;

/// <summary>
/// The cost of one evaluation of the hybrid solver's right-hand side on the physiology network (the unit of a cohort's
/// work: ≈ 800 per two-year `auto-cy-atg` patient): the derived signals and every continuous transition's rate, summed into the
/// derivative of each continuous compartment. Two states: an autologous patient 30 days after a myeloablative transplant
/// (every compartment but the stem cells continuous), and the same transplant in a patient with multiple sclerosis given
/// rabbit-ATG-like antibody doses on days 1–3 (T cells, Treg, NK cells and the autoreactive clone: four decaying
/// extra-death signals on, as in <c>auto-cy-atg</c> for the rest of the course), at day 200. Each invocation runs 1,000
/// evaluations.
/// </summary>
[MemoryDiagnoser]
public class RightHandSideBenchmarks
{
    /// <summary>Evaluations per invocation.</summary>
    public const int Evaluations = 1000;

    private HybridSolver _solver = null!;
    private CompiledNetwork _network = null!;
    private double[] _y = [], _dydt = [], _counts = [], _parameters = [];
    private double _t;

    /// <summary>The state: <c>autologous-day30</c>, <c>atg-day200</c> or <c>allogeneic-day60</c>.</summary>
    [Params("autologous-day30", "atg-day200", "allogeneic-day60")]
    public string State { get; set; } = "autologous-day30";

    [GlobalSetup]
    public void Setup()
    {
        Patient patient;
        if (State == "atg-day200")
        {
            _t = 200;
            var model = PhysiologyModel.Create(new PatientCovariates { AgeYears = 45, Disease = AutoimmuneDisease.MultipleSclerosis });
            patient = PhysiologyBenchmarks.TransplantedPatient(model, 1);
            for (int day = 1; day <= 3; day++)
            {
                patient.AdvanceTo(day);
                foreach (var group in new[] { KillGroup.TCells, KillGroup.Treg, KillGroup.NkCells, KillGroup.Autoreactive })
                    patient.StartExtraDeath(group, group == KillGroup.NkCells ? 1 : 2, 1, 0, 6);
            }
            patient.AdvanceTo(_t);
        }
        else if (State == "allogeneic-day60")
        {
            // One donor unit, every alloimmune signal on (graft-versus-host, host-versus-graft with its accessory cells and
            // tolerance), under a calcineurin inhibitor: the signals of an allogeneic course's first months.
            _t = 60;
            patient = PhysiologyBenchmarks.AllogeneicPatient(_t);
        }
        else
        {
            _t = 30;
            patient = PhysiologyBenchmarks.TransplantedPatient(PhysiologyModel.Create(new PatientCovariates { AgeYears = 45 }), _t);
        }
        _solver = (HybridSolver)patient.System.Solver;
        _solver.CompilesCodeAtOnce = true;   // as in a cohort, where each structure's code is compiled after its first patients
        _network = patient.System.Network.Compiled;
        _counts = patient.System.State.Counts;
        _parameters = patient.System.State.Parameters;
        int dimension = _solver.Integrator.Dimension;
        _y = _solver.Integrator.Y[..dimension];
        _dydt = new double[dimension];
    }

    /// <summary>1,000 right-hand-side evaluations at the same state.</summary>
    [Benchmark]
    public double Evaluate()
    {
        double t = _t;
        for (int i = 0; i < Evaluations; i++) _solver.Derivative(t, _y, _dydt);
        return _dydt[0];
    }

    /// <summary>1,000 evaluations of the derived signals alone (the part of <see cref="Evaluate"/> before the transitions' rates).</summary>
    [Benchmark]
    public double Signals()
    {
        double t = _t;
        for (int i = 0; i < Evaluations; i++) _network.UpdateSignals(_counts, _parameters, t);
        return _parameters[^1];
    }

    /// <summary>
    /// 1,000 evaluations of the derived signals, each at a new time (2⁻²⁰ d apart, as an integrator's stages move on): the
    /// time-dependent signals (the extra-death decays) compute their powers of two again, which <see cref="Signals"/>, at one
    /// time, never does after its first evaluation.
    /// </summary>
    [Benchmark]
    public double SignalsAtNewTimes()
    {
        double t = _t;
        for (int i = 0; i < Evaluations; i++) _network.UpdateSignals(_counts, _parameters, t + i * (1.0 / (1 << 20)));
        return _parameters[^1];
    }

    /// <summary>
    /// <c>... -- rhs [rounds]</c>: the CPU time of one evaluation in each state, the minimum over rounds of 200 invocations
    /// (a loaded machine only ever adds time), for comparing builds run one after the other.
    /// </summary>
    internal static void Time(int rounds)
    {
        Console.WriteLine($"load before: {InterleavedRatios.Load()}");
        foreach (string state in new[] { "autologous-day30", "atg-day200", "allogeneic-day60" })
        {
            var benchmark = new RightHandSideBenchmarks { State = state };
            benchmark.Setup();
            double best = double.MaxValue, bestSignals = double.MaxValue, bestMoving = double.MaxValue, bestArrays = double.MaxValue;
            for (int r = 0; r < rounds; r++)
            {
                benchmark._solver.UsesGeneratedCode = true;
                best = Math.Min(best, CpuNanoseconds(() => benchmark.Evaluate()));
                bestSignals = Math.Min(bestSignals, CpuNanoseconds(() => benchmark.Signals()));
                bestMoving = Math.Min(bestMoving, CpuNanoseconds(() => benchmark.SignalsAtNewTimes()));
                benchmark._solver.UsesGeneratedCode = false;
                bestArrays = Math.Min(bestArrays, CpuNanoseconds(() => benchmark.Evaluate()));
            }
            benchmark._solver.UsesGeneratedCode = true;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{state,-18} {best,7:F0} ns per evaluation, of which signals {bestSignals,5:F0} ns (at a new time each {bestMoving,5:F0} ns); with the array loops instead of generated code {bestArrays,7:F0} ns (minimum of {rounds} rounds)"));
        }
        Console.WriteLine($"load after: {InterleavedRatios.Load()}");
    }

    /// <summary>The CPU time of one evaluation in 200 invocations of <paramref name="invocation"/> (nanoseconds; <see cref="Evaluations"/> per invocation; also <see cref="SparseLuBenchmarks"/>' solves).</summary>
    internal static double CpuNanoseconds(Func<double> invocation)
    {
        var process = Process.GetCurrentProcess();
        var before = process.TotalProcessorTime;
        for (int i = 0; i < 200; i++) invocation();
        process.Refresh();
        return (process.TotalProcessorTime - before).TotalMilliseconds * 1e6 / (200.0 * Evaluations);
    }
}
