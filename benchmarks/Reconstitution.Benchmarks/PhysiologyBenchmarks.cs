using BenchmarkDotNet.Attributes;
using Reconstitution.Compartments;
using Reconstitution.Compartments.Solvers;
using Reconstitution.Physiology;
using Reconstitution.Randomness;

namespace Reconstitution.Benchmarks;

/// <summary>
/// Cost of one simulated patient-year of the full physiology model (123 compartments, 236 transitions,
/// 29 shared signals): a healthy untreated year, and a transplant year (six myeloablative doses on days
/// −7…−2, autologous PBSC 11.5×10⁶ CD34+/kg on day 0, then to day 357). Each runs in the default hybrid
/// mode and in the pure ODE mode; the difference is the cost of the exact (discrete) part.
/// The model is built once (GlobalSetup); each invocation creates a fresh patient.
/// </summary>
[MemoryDiagnoser]
public class PhysiologyBenchmarks
{
    private PhysiologyModel _model = null!;
    private ulong _seed;

    private static readonly (KillGroup Group, double Survival)[] Myeloablative =
    [
        (KillGroup.Hsc, 0.1), (KillGroup.ShortTermStemCells, 0.1), (KillGroup.Mpp, 0.2), (KillGroup.Progenitors, 0.25),
        (KillGroup.Mitotic, 0.25), (KillGroup.PostMitotic, 0.85), (KillGroup.Thymocytes, 0.3), (KillGroup.TCells, 0.4),
        (KillGroup.Treg, 0.4), (KillGroup.BCells, 0.4), (KillGroup.NkCells, 0.5), (KillGroup.Thymus, 0.9),
    ];

    [GlobalSetup]
    public void Setup() => _model = PhysiologyModel.Create(new PatientCovariates { AgeYears = 45 });

    [Benchmark(Baseline = true)]
    public double HealthyYearHybrid() => Healthy(Patient.DefaultSolverOptions);

    [Benchmark]
    public double HealthyYearOde() => Healthy(Patient.DefaultSolverOptions with { Kind = SolverKind.Ode });

    [Benchmark]
    public double TransplantYearHybrid() => Transplant(Patient.DefaultSolverOptions);

    [Benchmark]
    public double TransplantYearOde() => Transplant(Patient.DefaultSolverOptions with { Kind = SolverKind.Ode });

    /// <summary>Single cord blood 2×10⁵ CD34+/kg: ≈ 70 homed stem cells, exact for weeks (the exact part's cost).</summary>
    [Benchmark]
    public double CordTransplantYearHybrid() => Transplant(Patient.DefaultSolverOptions, GraftComposition.CordBlood, 2e5, CellOrigin.Donor);

    [Benchmark]
    public double CordTransplantYearOde() => Transplant(Patient.DefaultSolverOptions with { Kind = SolverKind.Ode }, GraftComposition.CordBlood, 2e5, CellOrigin.Donor);

    private double Healthy(SolverOptions options)
    {
        var patient = new Patient(_model, RandomStream.Create(2026, _seed++), options);
        patient.AdvanceTo(365);
        return patient.Readouts.AncE9PerLiter;
    }

    internal double Transplant(SolverOptions options) => Transplant(options, GraftComposition.PeripheralBlood, 11.5e6, CellOrigin.Host);

    internal double Transplant(SolverOptions options, GraftComposition source, double cd34PerKg, CellOrigin origin)
    {
        var patient = new Patient(_model, RandomStream.Create(2026, _seed++), options, startTimeDays: -8);
        Treat(patient, source, cd34PerKg, origin);
        patient.AdvanceTo(357);
        return patient.Readouts.AncE9PerLiter;
    }

    /// <summary>A default-solver patient of <paramref name="model"/> after the autologous transplant, at <paramref name="day"/>.</summary>
    internal static Patient TransplantedPatient(PhysiologyModel model, double day)
    {
        var patient = new Patient(model, RandomStream.Create(2026, 1), Patient.DefaultSolverOptions, startTimeDays: -8);
        Treat(patient, GraftComposition.PeripheralBlood, 11.5e6, CellOrigin.Host);
        patient.AdvanceTo(day);
        return patient;
    }

    /// <summary>
    /// An allogeneic patient (one donor unit of peripheral blood, 5·10⁶ CD34⁺/kg) on <paramref name="day"/>: alloreactivity 1,
    /// resistance 1 and 10¹⁰ accessory cells from the infusion, immunosuppression 0.5.
    /// </summary>
    internal static Patient AllogeneicPatient(double day)
    {
        var model = PhysiologyModel.Create(new PatientCovariates { AgeYears = 45 }, allogeneicUnits: 1);
        var patient = new Patient(model, RandomStream.Create(2026, 1), Patient.DefaultSolverOptions, startTimeDays: -8);
        Treat(patient, GraftComposition.PeripheralBlood, 5e6, CellOrigin.Donor);
        patient.StartAlloimmunity(0, 1, 1, false, 1e10);
        patient.SetImmunosuppression(0.5);
        patient.AdvanceTo(day);
        return patient;
    }

    private static void Treat(Patient patient, GraftComposition source, double cd34PerKg, CellOrigin origin)
    {
        for (int day = -7; day <= -2; day++)
        {
            patient.AdvanceTo(day);
            foreach (var (g, s) in Myeloablative) patient.ApplyKill(g, s);
        }
        patient.AdvanceTo(0);
        patient.InfuseGraft(source, cd34PerKg, origin);
    }
}
