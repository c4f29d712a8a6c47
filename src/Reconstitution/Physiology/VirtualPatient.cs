using MathNet.Numerics.Distributions;
using Reconstitution.Randomness;

namespace Reconstitution.Physiology;

/// <summary>
/// One member of a virtual cohort: covariates with individually drawn parameters, so that a cohort is
/// not a set of clones (docs/model.md §8). Immutable and thread-safe.
/// </summary>
/// <param name="Covariates">The patient's covariates.</param>
/// <param name="Parameters">The individual physiology parameters.</param>
/// <param name="Autoimmunity">The individual autoreactive-clone parameters, or null without disease.</param>
/// <remarks>Use it to simulate one patient with between-patient variability (cohorts draw one per patient); use <see cref="PatientCovariates"/> alone for a typical patient.</remarks>
public sealed record VirtualPatient(PatientCovariates Covariates, PhysiologyParameters Parameters, AutoimmunityParameters? Autoimmunity)
{
    /// <summary>
    /// Draws individual parameters around <paramref name="parameters"/> with the distributions of
    /// docs/model.md §8 (log-normal unless stated; medians are the given values): LT-HSC number CV 0.5
    /// truncated to 10⁴–2×10⁵; HSC division interval CV 0.25 within 175–350 days; ANC set point CV 0.3;
    /// platelet set point CV 0.25; haemoglobin set point normal, SD 1 g/dL; red-cell lifespan normal, CV 0.15
    /// (at least 70 days); neutrophil half-life CV 0.3; thymic output (thymic share of new naive T cells) CV 0.5;
    /// homeostatic gains CV 0.3; homing CV 0.3 (at most 1); MPP division rate CV 0.15; MPP continue maximum
    /// normal, SD 0.03, within 0.8–0.97; lymphocyte-subset set points CV 0.3 each; disease birth/death ratio
    /// CV 0.2 (above 1.05) and reference burden CV 1.0.
    /// </summary>
    /// <param name="covariates">The patient's covariates.</param>
    /// <param name="parameters">The population parameters (medians); null for the defaults.</param>
    /// <param name="random">The patient's random stream (e.g. derived from seed and patient index).</param>
    /// <param name="autoimmunity">The population autoreactive-clone parameters (medians); null for <see cref="AutoimmunityParameters.ForDisease"/>. Ignored without disease.</param>
    /// <returns>The virtual patient.</returns>
    public static VirtualPatient Draw(PatientCovariates covariates, PhysiologyParameters? parameters, RandomStream random, AutoimmunityParameters? autoimmunity = null)
    {
        ArgumentNullException.ThrowIfNull(random);
        return FromStandardNormals(covariates, parameters, () => Normal.Sample(random, 0, 1), autoimmunity);
    }

    /// <summary>The number of standard-normal draws one virtual patient may take (the last two only with disease).</summary>
    internal const int StandardNormalCount = 23;

    /// <summary>
    /// The virtual patient that <see cref="Draw"/> makes from the standard-normal values <paramref name="nextStandardNormal"/>
    /// returns, in order: with independent N(0, 1) values the patients are distributed as <see cref="Draw"/>'s (forecasting
    /// gives its own coordinates, so that its sampler knows the prior density).
    /// </summary>
    internal static VirtualPatient FromStandardNormals(PatientCovariates covariates, PhysiologyParameters? parameters, Func<double> nextStandardNormal,
        AutoimmunityParameters? autoimmunity = null)
    {
        ArgumentNullException.ThrowIfNull(covariates);
        var p = parameters ?? PhysiologyParameters.Default;
        double Next() => nextStandardNormal();
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
        AutoimmunityParameters? auto = null;
        if (covariates.Disease != AutoimmuneDisease.None && (autoimmunity ?? AutoimmunityParameters.ForDisease(covariates.Disease)) is { } a)
            auto = a with
            {
                BirthOverDeathAtRest = Clamp(Ln(a.BirthOverDeathAtRest, 0.2), 1.05, 100),
                ReferenceBurdenCells = Clamp(Ln(a.ReferenceBurdenCells, 1.0), 1, 1e12),
            };
        return new VirtualPatient(covariates, individual, auto);
    }

    /// <summary>Builds this patient's model.</summary>
    /// <returns>The model.</returns>
    public PhysiologyModel CreateModel() => CreateModel(1);

    /// <summary>Builds this patient's model tracing <paramref name="allogeneicUnits"/> allogeneic units (see <see cref="PhysiologyModel.Create"/>).</summary>
    /// <param name="allogeneicUnits">Allogeneic units, 0–4.</param>
    /// <returns>The model.</returns>
    public PhysiologyModel CreateModel(int allogeneicUnits) => PhysiologyModel.Create(Covariates, Parameters, Autoimmunity, allogeneicUnits);
}
