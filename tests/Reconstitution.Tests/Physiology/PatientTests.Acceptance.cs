using Reconstitution.Compartments;
using Reconstitution.Physiology;
using Reconstitution.Randomness;
using Xunit;

namespace Reconstitution.Tests.Physiology;

/// <summary>The acceptance list of the physiology issue (docs/model.md §13 checks on the C# model).</summary>
public sealed partial class PatientTests
{
    private static Patient NewPatient(PatientCovariates c, ulong seed = 1, double start = 0, PhysiologyParameters? p = null) =>
        new(PhysiologyModel.Create(c, p), RandomStream.Create(seed, 7), null, start);

    // Normal adult ranges of physiology.md §2 (Mayo Clinic; lymphocyte subsets as in docs/model.md §13.1).
    private static readonly (Measure Measure, double Low, double High)[] NormalRanges =
    [
        (Measure.Anc, 2.0, 7.5), (Measure.Platelets, 150, 450), (Measure.Wbc, 3.5, 10.5), (Measure.Lymphocytes, 1.3, 4.0),
        (Measure.Cd4, 440, 1496), (Measure.Cd8, 270, 918), (Measure.B, 140, 476), (Measure.Nk, 160, 544),
    ];

    [Theory]
    [InlineData(40, BiologicalSex.Male, 70)]
    [InlineData(25, BiologicalSex.Female, 60)]
    [InlineData(65, BiologicalSex.Male, 90)]
    public void RunTo_HealthyAdultFiveYears_EveryReadoutStaysInNormalRangeWithNormalProduction(double age, BiologicalSex sex, double weight)
    {
        var patient = NewPatient(new PatientCovariates { AgeYears = age, Sex = sex, WeightKg = weight });
        patient.RunTo(5 * 365, 5);
        var tr = patient.Trajectory;
        var (hbLow, hbHigh) = sex == BiologicalSex.Male ? (13.5, 17.5) : (12.0, 15.5);
        for (int i = 0; i < tr.Count; i++)
        {
            foreach (var (m, lo, hi) in NormalRanges)
                Assert.InRange(tr[i, m], lo, hi);
            Assert.InRange(tr[i, Measure.Hb], hbLow, hbHigh);
            Assert.Equal(0, tr[i, Measure.DonorChimerism]);
            Assert.Equal(0, tr[i, Measure.DiseaseActivity]);
        }
        // Daily production (physiology.md §2, for a 70 kg adult; pools scale with blood volume): neutrophils
        // 5–10×10¹⁰, red cells ≈ 2×10¹¹, platelets ≈ 1–2×10¹¹ (Harker 1.7×10¹¹).
        var (n, r, pl) = patient.Model.Production(patient.System.Counts);
        double perSeventyKg = 70 / weight;
        double neutrophils = n * perSeventyKg, red = r * perSeventyKg, platelets = pl * perSeventyKg;
        Assert.InRange(neutrophils, 5e10, 1e11);
        Assert.InRange(red, 1.5e11, 2.5e11);
        Assert.InRange(platelets, 1e11, 2.5e11);
        Assert.InRange(patient.Readouts.StemCells, 1e4, 1e5);
    }

    [Fact]
    public void ApplyKill_SingleChemotherapyPulse_NeutrophilNadirInSecondWeekAndAllLineagesRecover()
    {
        var patient = NewPatient(PatientCovariates.Default);
        var baseline = patient.Readouts;
        // The design check's pulse (model.md §13.3): 5 % of cycling marrow cells survive, 90 % of HSC.
        (KillGroup, double)[] pulse =
        [
            (KillGroup.Hsc, 0.9), (KillGroup.ShortTermStemCells, 0.5), (KillGroup.Mpp, 0.2), (KillGroup.Progenitors, 0.05),
            (KillGroup.Mitotic, 0.05), (KillGroup.PostMitotic, 0.9), (KillGroup.Thymocytes, 0.2), (KillGroup.TCells, 0.7),
            (KillGroup.Treg, 0.7), (KillGroup.BCells, 0.5), (KillGroup.NkCells, 0.7),
        ];
        foreach (var (g, s) in pulse) patient.ApplyKill(g, s);
        patient.RunTo(180);
        var tr = patient.Trajectory;
        var anc = tr.Values(Measure.Anc);
        int nadirDay = 0;
        for (int d = 1; d < anc.Length; d++) if (anc[d] < anc[nadirDay]) nadirDay = d;
        Assert.InRange(nadirDay, 7, 14);
        Assert.True(anc[nadirDay] < 0.5 * baseline.AncE9PerLiter, $"nadir {anc[nadirDay]}");
        foreach (var m in new[] { Measure.Anc, Measure.Hb, Measure.Platelets, Measure.Wbc })
        {
            double min = double.MaxValue;
            foreach (double v in tr.Values(m)) min = Math.Min(min, v);
            Assert.True(min < 0.97 * baseline.Get(m), $"{m} did not fall");
            Assert.True(tr[tr.Count - 1, m] >= 0.9 * baseline.Get(m), $"{m} recovered only to {tr[tr.Count - 1, m]} of {baseline.Get(m)}");
        }
        // Lymphocytes (T cells live years) recover more slowly: back in the normal range and still rising.
        var lymph = tr.Values(Measure.Lymphocytes);
        Assert.True(lymph[5] < 0.9 * baseline.LymphocytesE9PerLiter, "lymphocytes did not fall");
        Assert.InRange(lymph[^1], 1.3, baseline.LymphocytesE9PerLiter);
        Assert.True(lymph[^1] > lymph[^61], "lymphocytes not rising");
    }

    /// <summary>Cy-like lymphodepletion (days −5…−2), rabbit-ATG-like extra death from day −5, CD34-selected autologous graft on day 0 (model.md §13.4).</summary>
    private static ReadoutTrajectory Lymphodepletion(double age, AutoimmuneDisease disease = AutoimmuneDisease.None, ulong seed = 3)
    {
        var patient = NewPatient(new PatientCovariates { AgeYears = age, Disease = disease }, seed, start: -6);
        (KillGroup, double)[] cy =
        [
            (KillGroup.Hsc, 0.95), (KillGroup.ShortTermStemCells, 0.5), (KillGroup.Mpp, 0.3), (KillGroup.Progenitors, 0.3),
            (KillGroup.Mitotic, 0.3), (KillGroup.PostMitotic, 0.9), (KillGroup.Thymocytes, 0.3), (KillGroup.TCells, 0.6),
            (KillGroup.Treg, 0.85), (KillGroup.BCells, 0.3), (KillGroup.NkCells, 0.4), (KillGroup.Autoreactive, 0.6), (KillGroup.Thymus, 0.97),
        ];
        for (int day = -5; day <= -2; day++)
        {
            patient.AdvanceTo(day);
            if (day == -5)
            {
                patient.StartExtraDeath(KillGroup.TCells, 0.2, 6);
                patient.StartExtraDeath(KillGroup.Treg, 0.2, 6);
                patient.StartExtraDeath(KillGroup.NkCells, 0.1, 6);
                patient.StartExtraDeath(KillGroup.Autoreactive, 0.2, 6);
            }
            foreach (var (g, s) in cy) patient.ApplyKill(g, s);
        }
        patient.AdvanceTo(0);
        patient.InfuseGraft(GraftComposition.PeripheralBlood, 5e6, CellOrigin.Host, tCellDepletionLogs: 4);
        patient.RunTo(730);
        return patient.Trajectory;
    }

    private static double DaysToReach(ReadoutTrajectory tr, Measure m, double threshold, int consecutive = 7)
    {
        int run = 0;
        for (int i = 0; i < tr.Count; i++)
        {
            run = tr[i, m] >= threshold ? run + 1 : 0;
            if (run == consecutive) return tr.Days[i - consecutive + 1];
        }
        return double.PositiveInfinity;
    }

    [Fact]
    public void StartExtraDeath_LymphodepletionAndAutograft_NkFirstThenBAndCd8_Cd4SlowestAndSlowerWithAge()
    {
        var young = Lymphodepletion(25);
        var old = Lymphodepletion(65);
        double nk = DaysToReach(young, Measure.Nk, 160), b = DaysToReach(young, Measure.B, 140);
        double cd8 = DaysToReach(young, Measure.Cd8, 270), cd4 = DaysToReach(young, Measure.Cd4, 440);
        Assert.True(nk < b && nk < cd8, $"NK {nk}, B {b}, CD8 {cd8}");
        Assert.True(cd4 > b && cd4 > cd8, $"CD4 {cd4}, B {b}, CD8 {cd8}");
        Assert.True(double.IsFinite(cd4), "CD4 never recovered within two years");
        double cd4Old = DaysToReach(old, Measure.Cd4, 440);
        Assert.True(cd4Old > cd4, $"CD4 recovery at 65 y ({cd4Old} d) not slower than at 25 y ({cd4} d)");
        // Naive CD4 at two years depends on the thymus: clearly lower in the older patient.
        Assert.True(old[old.Count - 1, Measure.Cd4] < young[young.Count - 1, Measure.Cd4]);
    }

    /// <summary>
    /// Branching-process theory: a linear birth–death clone with birth b &gt; death d started from n cells
    /// goes extinct with probability (d/b)ⁿ (P§1.8). At the Treg set point and far below the antigen
    /// limit the model's clone has b/d = BirthOverDeathAtRest = 1.5, so (d/b)ⁿ = (2/3)ⁿ. Each patient runs
    /// until the clone is extinct or reaches 20 cells (extinction after that has probability (2/3)²⁰ ≈ 3×10⁻⁴,
    /// negligible against the tolerance).
    /// Tolerance: 4 standard errors of a binomial proportion of N runs.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void AutoreactiveClone_FewSurvivors_EradicationFractionMatchesBranchingProcess(int survivors)
    {
        const int runs = 300;
        var model = PhysiologyModel.Create(new PatientCovariates { Disease = AutoimmuneDisease.MultipleSclerosis });
        int a = model.Network.CompartmentIndex("A");
        int extinct = 0;
        for (int r = 0; r < runs; r++)
        {
            var patient = new Patient(model, RandomStream.Create(2024, (ulong)survivors, (ulong)r));
            patient.System.SetCount(a, survivors);
            double t = 0;
            while (true)
            {
                t += 20;
                patient.AdvanceTo(t);
                double count = patient.System.GetCount(a);
                if (count == 0) { extinct++; break; }
                if (count >= 20 || t > 2000) break;
            }
        }
        double theory = Math.Pow(2.0 / 3.0, survivors);
        double se = Math.Sqrt(theory * (1 - theory) / runs);
        Assert.InRange((double)extinct / runs, theory - 4 * se, theory + 4 * se);
    }

    [Theory]
    [InlineData(AutoimmuneDisease.MultipleSclerosis)]
    [InlineData(AutoimmuneDisease.SystemicSclerosis)]
    [InlineData(AutoimmuneDisease.SystemicLupusErythematosus)]
    [InlineData(AutoimmuneDisease.RheumatoidArthritis)]
    [InlineData(AutoimmuneDisease.AutoimmuneHemolyticAnemia)]
    [InlineData(AutoimmuneDisease.ImmuneThrombocytopenia)]
    public void RunTo_UntreatedDiseaseOneYear_ShowsItsSignature(AutoimmuneDisease disease)
    {
        var healthy = NewPatient(PatientCovariates.Default);
        healthy.AdvanceTo(365);
        var patient = NewPatient(new PatientCovariates { Disease = disease });
        patient.AdvanceTo(365);
        var r = patient.Readouts;
        var h = healthy.Readouts;
        Assert.Equal(0, h.DiseaseActivity);
        Assert.InRange(r.DiseaseActivity, 0.6, 0.9); // 0.75 for the reference patient (model.md §7)
        switch (disease)
        {
            case AutoimmuneDisease.AutoimmuneHemolyticAnemia:
                Assert.InRange(r.HemoglobinGPerDl, 8.5, 11.0); // design check (model.md §13.5) 9.8
                Assert.InRange(r.PlateletsE9PerLiter, 100, 450);
                break;
            case AutoimmuneDisease.ImmuneThrombocytopenia:
                Assert.InRange(r.PlateletsE9PerLiter, 15, 60); // design check (model.md §13.5) 33
                Assert.True(r.HemoglobinGPerDl > 13.5);
                break;
            default:
                Assert.InRange(r.HemoglobinGPerDl, h.HemoglobinGPerDl - 0.2, h.HemoglobinGPerDl + 0.2);
                Assert.InRange(r.PlateletsE9PerLiter, 0.95 * h.PlateletsE9PerLiter, 1.05 * h.PlateletsE9PerLiter);
                Assert.True(r.AutoreactiveCells > 1e5);
                break;
        }
    }
}
