using Reconstitution.Outcomes;
using Reconstitution.Physiology;
using Reconstitution.Protocols;

namespace Reconstitution.Forecasting;

/// <summary>
/// The one place where forecasting touches the patient model: the between-patient prior written as a function of
/// standard-normal coordinates z, and the simulation of one particle. Stateless and thread-safe.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="Patient"/> maps z ∈ ℝ^<see cref="Dimension"/> to a <see cref="VirtualPatient"/> with exactly the
/// distributions of <see cref="VirtualPatient.Draw"/> (docs/model.md §8): with z ~ N(0, I) the patients are
/// distributed as the cohort's. Writing the prior through z gives the sampler a prior density it can evaluate
/// (N(0, I)) however the parameters are transformed or clamped, so its Metropolis–Hastings moves are exact
/// (docs/forecasting.md). A test compares the two draws' distributions, so a change to <see cref="VirtualPatient.Draw"/> that is not
/// made here too fails it.
/// </para>
/// <para>The simulation's own randomness (graft homing, stochastic compartments, clinical events) is the particle's seed.</para>
/// </remarks>
internal static class PatientModelAdapter
{
    /// <summary>The number of standard-normal coordinates of one virtual patient.</summary>
    public const int Dimension = 23;

    /// <summary>The virtual patient at coordinates <paramref name="z"/> (length <see cref="Dimension"/>).</summary>
    public static VirtualPatient Patient(PatientCovariates covariates, PhysiologyParameters? parameters, ReadOnlySpan<double> z)
    {
        if (z.Length != Dimension) throw new ArgumentException($"Parameter 'z' has {z.Length} coordinates; expected {Dimension}.", nameof(z));
        var p = parameters ?? PhysiologyParameters.Default;
        int k = 0;
        var zz = z.ToArray();
        double Next() => zz[k++];
        double Ln(double median, double cv) => median * Math.Exp(Math.Sqrt(Math.Log(1 + cv * cv)) * Next());
        static double Clamp(double x, double lo, double hi) => Math.Min(Math.Max(x, lo), hi);

        var sc = p.StemCells with
        {
            HscCount = Clamp(Ln(p.StemCells.HscCount, 0.5), 1e4, 2e5),
            HscDivisionIntervalDays = Clamp(Ln(p.StemCells.HscDivisionIntervalDays, 0.25), 175, 350),
            MppDivisionRatePerDay = Clamp(Ln(p.StemCells.MppDivisionRatePerDay, 0.15), 0.01, 5),
            MppContinueMax = Clamp(p.StemCells.MppContinueMax + 0.03 * Next(), 0.8, 0.97),
        };
        var gr = p.Granulopoiesis with
        {
            AncSetPointE9PerLiter = Clamp(Ln(p.Granulopoiesis.AncSetPointE9PerLiter, 0.3), 0.5, 20),
            BloodHalfLifeHours = Clamp(Ln(p.Granulopoiesis.BloodHalfLifeHours, 0.3), 1, 48),
        };
        double hbShift = Next();
        var er = p.Erythropoiesis with
        {
            HemoglobinSetPointMaleGPerDl = Clamp(p.Erythropoiesis.HemoglobinSetPointMaleGPerDl + hbShift, 5, 22),
            HemoglobinSetPointFemaleGPerDl = Clamp(p.Erythropoiesis.HemoglobinSetPointFemaleGPerDl + hbShift, 5, 22),
            RedCellLifespanDays = Clamp(p.Erythropoiesis.RedCellLifespanDays * (1 + 0.15 * Next()), 70, 200),
        };
        var th = p.Thrombopoiesis with { PlateletSetPointE9PerLiter = Clamp(Ln(p.Thrombopoiesis.PlateletSetPointE9PerLiter, 0.25), 10, 1000) };
        var ly = p.Lymphocytes with
        {
            BSetPointPerMicroliter = Clamp(Ln(p.Lymphocytes.BSetPointPerMicroliter, 0.3), 1, 5000),
            NkSetPointPerMicroliter = Clamp(Ln(p.Lymphocytes.NkSetPointPerMicroliter, 0.3), 1, 5000),
        };
        var ty = p.Thymus with { ThymicShareOfNewNaive = Clamp(Ln(p.Thymus.ThymicShareOfNewNaive, 0.5), 0.01, 0.6) };
        var tc = p.TCells with
        {
            NaiveCd4SetPointPerMicroliter = Clamp(Ln(p.TCells.NaiveCd4SetPointPerMicroliter, 0.3), 1, 5000),
            MemoryCd4SetPointPerMicroliter = Clamp(Ln(p.TCells.MemoryCd4SetPointPerMicroliter, 0.3), 1, 5000),
            TregSetPointPerMicroliter = Clamp(Ln(p.TCells.TregSetPointPerMicroliter, 0.3), 0.1, 1000),
            NaiveCd8SetPointPerMicroliter = Clamp(Ln(p.TCells.NaiveCd8SetPointPerMicroliter, 0.3), 1, 5000),
            MemoryCd8SetPointPerMicroliter = Clamp(Ln(p.TCells.MemoryCd8SetPointPerMicroliter, 0.3), 1, 5000),
            NaiveGainMax = Clamp(Ln(p.TCells.NaiveGainMax, 0.3), 1, 100),
            MemoryCd4GainMax = Clamp(Ln(p.TCells.MemoryCd4GainMax, 0.3), 1, 100),
            MemoryCd8GainMax = Clamp(Ln(p.TCells.MemoryCd8GainMax, 0.3), 1, 100),
        };
        var individual = p with
        {
            StemCells = sc, Granulopoiesis = gr, Erythropoiesis = er, Thrombopoiesis = th, Lymphocytes = ly, Thymus = ty, TCells = tc,
            HomingEfficiency = Clamp(Ln(p.HomingEfficiency, 0.3), 0, 1),
        };
        // The last two coordinates are the autoreactive clone's; a patient without disease does not use them.
        AutoimmunityParameters? auto = null;
        if (AutoimmunityParameters.ForDisease(covariates.Disease) is { } a)
            auto = a with
            {
                BirthOverDeathAtRest = Clamp(Ln(a.BirthOverDeathAtRest, 0.2), 1.05, 100),
                ReferenceBurdenCells = Clamp(Ln(a.ReferenceBurdenCells, 1.0), 1, 1e12),
            };
        return new VirtualPatient(covariates, individual, auto);
    }

    /// <summary>Simulates a virtual patient with the particle's seed to <paramref name="days"/> after infusion.</summary>
    public static PatientCourse Simulate(VirtualPatient patient, IProtocol protocol, ulong seed, int days, PatientSimulationOptions options) =>
        PatientSimulation.Run(patient, protocol, seed, 0, options with { Days = days });

    /// <summary>The first day the simulation records for a protocol (the day before conditioning starts).</summary>
    public static int FirstRecordedDay(IProtocol protocol) => protocol.StartDay - 1;
}
