using MathNet.Numerics.Distributions;
using Reconstitution.Forecasting;
using Reconstitution.Physiology;
using Reconstitution.Randomness;

namespace Reconstitution.Tests.Forecasting;

public sealed class PatientModelAdapterTests
{
    /// <summary>
    /// The forecaster's prior, written through standard-normal coordinates, must be the cohort's between-patient
    /// variability (VirtualPatient.Draw). Two-sample Kolmogorov–Smirnov per parameter, n = 3000 each: under equal
    /// distributions P(D > c·√(2/n)) ≈ 2·exp(−2c²); c = 2.5 gives 7.5×10⁻⁶ per parameter, so a failure means the two
    /// draws differ (e.g. Draw changed and the adapter was not updated).
    /// </summary>
    [Fact]
    public void Patient_StandardNormalCoordinates_HaveTheDistributionOfVirtualPatientDraw()
    {
        const int n = 3000;
        var covariates = new PatientCovariates { Disease = AutoimmuneDisease.MultipleSclerosis };
        var drawn = new VirtualPatient[n];
        var mapped = new VirtualPatient[n];
        for (int i = 0; i < n; i++)
        {
            drawn[i] = VirtualPatient.Draw(covariates, null, RandomStream.Create(11, i, "patient"));
            var random = RandomStream.Create(12, i, "z");
            var z = new double[PatientModelAdapter.Dimension];
            for (int k = 0; k < z.Length; k++) z[k] = Normal.Sample(random, 0, 1);
            mapped[i] = PatientModelAdapter.Patient(covariates, null, z);
        }
        var parameters = new (string Name, Func<VirtualPatient, double> Get)[]
        {
            ("HscCount", v => v.Parameters.StemCells.HscCount),
            ("HscDivisionIntervalDays", v => v.Parameters.StemCells.HscDivisionIntervalDays),
            ("MppDivisionRatePerDay", v => v.Parameters.StemCells.MppDivisionRatePerDay),
            ("MppContinueMax", v => v.Parameters.StemCells.MppContinueMax),
            ("AncSetPoint", v => v.Parameters.Granulopoiesis.AncSetPointE9PerLiter),
            ("NeutrophilHalfLife", v => v.Parameters.Granulopoiesis.BloodHalfLifeHours),
            ("HbSetPointMale", v => v.Parameters.Erythropoiesis.HemoglobinSetPointMaleGPerDl),
            ("RedCellLifespan", v => v.Parameters.Erythropoiesis.RedCellLifespanDays),
            ("PlateletSetPoint", v => v.Parameters.Thrombopoiesis.PlateletSetPointE9PerLiter),
            ("NkSetPoint", v => v.Parameters.Lymphocytes.NkSetPointPerMicroliter),
            ("ThymicShare", v => v.Parameters.Thymus.ThymicShareOfNewNaive),
            ("NaiveCd4SetPoint", v => v.Parameters.TCells.NaiveCd4SetPointPerMicroliter),
            ("MemoryCd8GainMax", v => v.Parameters.TCells.MemoryCd8GainMax),
            ("Homing", v => v.Parameters.HomingEfficiency),
            ("BirthOverDeath", v => v.Autoimmunity!.BirthOverDeathAtRest),
            ("ReferenceBurden", v => v.Autoimmunity!.ReferenceBurdenCells),
        };
        double limit = 2.5 * Math.Sqrt(2.0 / n);
        foreach (var (name, get) in parameters)
        {
            double d = KolmogorovSmirnov(drawn.Select(get).ToArray(), mapped.Select(get).ToArray());
            Assert.True(d < limit, $"{name}: KS distance {d:0.0000} ≥ {limit:0.0000}");
        }
        // Every individual parameter set is valid for the model.
        foreach (var v in mapped.Take(50)) v.Parameters.Validate();
    }

    [Fact]
    public void Patient_NoDisease_HasNoClone()
    {
        var z = new double[PatientModelAdapter.Dimension];
        Assert.Null(PatientModelAdapter.Patient(PatientCovariates.Default, null, z).Autoimmunity);
        Assert.Throws<ArgumentException>(() => PatientModelAdapter.Patient(PatientCovariates.Default, null, new double[3]));
    }

    private static double KolmogorovSmirnov(double[] a, double[] b)
    {
        Array.Sort(a);
        Array.Sort(b);
        int i = 0, j = 0;
        double d = 0;
        while (i < a.Length && j < b.Length)
        {
            double x = Math.Min(a[i], b[j]);
            while (i < a.Length && a[i] <= x) i++;
            while (j < b.Length && b[j] <= x) j++;
            d = Math.Max(d, Math.Abs((double)i / a.Length - (double)j / b.Length));
        }
        return d;
    }
}
