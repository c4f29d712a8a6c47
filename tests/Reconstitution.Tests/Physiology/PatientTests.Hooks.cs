using Reconstitution.Compartments;
using Reconstitution.Kernel;
using Reconstitution.Numerics;
using Reconstitution.Physiology;
using Reconstitution.Randomness;
using Xunit;

namespace Reconstitution.Tests.Physiology;

public sealed partial class PatientTests
{
    [Fact]
    public void Readouts_DefaultSteadyState_EqualSetPointsInClinicalUnits()
    {
        var model = PhysiologyModel.Create(PatientCovariates.Default);
        var r = model.Readouts(new Patient(model, RandomStream.Create(1)).System.Counts);
        Assert.Equal(4.0, r.AncE9PerLiter, 9);
        Assert.Equal(15.0, r.HemoglobinGPerDl, 9);
        Assert.Equal(250, r.PlateletsE9PerLiter, 6);
        Assert.Equal(790, r.Cd4PerMicroliter, 6); // naive 400 + memory 350 + Treg 40
        Assert.Equal(450, r.Cd8PerMicroliter, 6);
        Assert.Equal(300, r.BCellsPerMicroliter, 6);
        Assert.Equal(250, r.NkCellsPerMicroliter, 6);
        Assert.Equal((790 + 450 + 300 + 250) * 1.05 / 1000, r.LymphocytesE9PerLiter, 9);
        Assert.Equal(4.0 + 0.45 + r.LymphocytesE9PerLiter + 0.2, r.WbcE9PerLiter, 9);
        Assert.Equal(4.9 * 70 * 0.070 / 4.9 / 1.0, model.BloodVolumeLiters, 9); // 70 mL/kg
        Assert.Equal(4e4, r.StemCells, 6);
        Assert.Equal(100 * 40.0 / 790, r.TregPercentOfCd4, 9);
    }

    [Fact]
    public void Readouts_ReadAgainAfterAChangeAtTheSameTimeOrAnAdvance_DescribeTheNewCounts()
    {
        // The readouts are computed once per state and reused while the counts stay as they were; any change (a hook at the
        // same time, an advance) must show in the next read, equal to the readouts computed afresh from the counts.
        var model = PhysiologyModel.Create(PatientCovariates.Default);
        var patient = new Patient(model, RandomStream.Create(3));
        var before = patient.Readouts;
        Assert.Equal(before, patient.Readouts);
        patient.TransfuseRedCells(2e12);
        Assert.True(patient.Readouts.HemoglobinGPerDl > before.HemoglobinGPerDl + 0.1);
        Assert.Equal(model.Readouts(patient.System.Counts), patient.Readouts);
        patient.ApplyKill(KillGroup.TCells, 0.5);
        var killed = patient.Readouts;
        Assert.True(killed.Cd4PerMicroliter < 0.6 * before.Cd4PerMicroliter, $"CD4 {killed.Cd4PerMicroliter}");
        Assert.Equal(model.Readouts(patient.System.Counts), killed);
        patient.AdvanceTo(2);
        Assert.Equal(model.Readouts(patient.System.Counts), patient.Readouts);
        Assert.NotEqual(killed.HemoglobinGPerDl, patient.Readouts.HemoglobinGPerDl);
    }

    [Fact]
    public void GraftVersusHostParameters_DonorTCellsRemoveHostTCellsAndTheCloneAtTheSetRates()
    {
        // Theory (docs/model.md §17): host T and NK compartments get the extra death rate k·IS·a·D/(D + half), D the donor T cells,
        // k = AlloimmunityParameters.GraftVersusHostMaxPerDay, a the unit's alloreactivity, half the whole-body count of
        // GraftVersusHostHalfPerMicroliter; the clone gets gva.rate·D/(D + H). With D = H the clone's factor is 1/2; over 2 days the extra
        // survival is e^(−rate·2) against the same patient without the kill (same donor T cells, same feedback; the pools are large and
        // deterministic). The tolerance (1 %) covers the small feedback differences two days bring.
        string[] t = ["N4", "M4", "R", "N8", "M8"];
        double donorT = 0, half = 0;
        Patient Make(double alloreactivity, double gva)
        {
            var p = NewPatient(new PatientCovariates { Disease = AutoimmuneDisease.MultipleSclerosis });
            donorT = 0;
            foreach (string x in t) { p.System.SetCount("d" + x, p.GetCount("h" + x)); donorT += p.GetCount("h" + x); }
            half = p.Model.Parameters.Alloimmunity.GraftVersusHostHalfPerMicroliter * p.Model.BloodVolumeLiters * 1e6 / p.Model.Parameters.Lymphocytes.BloodFractionTAndB;
            p.System.SetParameter(ModelSignals.UnitParameter(0, ModelSignals.UnitFields[ModelSignals.UnitAlloreactivity]), alloreactivity);
            p.System.SetParameter(ModelSignals.GvaRateParameter, gva);
            p.AdvanceTo(2);
            return p;
        }
        var control = Make(0, 0);
        var killed = Make(2, 0.4);
        double rate = PhysiologyParameters.Default.Alloimmunity.GraftVersusHostMaxPerDay * 2 * donorT / (donorT + half);
        foreach (string x in t)
            Assert.Equal(Math.Exp(-rate * 2), killed.GetCount("h" + x) / control.GetCount("h" + x), 0.01);
        // NK cells are killed at the same rate, but their fast IL-15-like homeostatic proliferation replaces part of the loss within
        // two days: the surviving share lies between the pure kill and half of it.
        double nk = killed.GetCount("hNK") / control.GetCount("hNK"), pure = Math.Exp(-rate * 2);
        Assert.InRange(nk, pure, 1 - (1 - pure) / 2);
        foreach (string x in t) Assert.Equal(1, killed.GetCount("d" + x) / control.GetCount("d" + x), 0.01); // donor T cells are not targets
        // The clone's factor D/(D + H(t)) rises from 1/2 as the host T cells fall as e^(−rate·t): ∫₀² = 2 + ln((1 + e^(−2·rate))/2)/rate.
        double exposure = 2 + Math.Log((1 + Math.Exp(-2 * rate)) / 2) / rate;
        Assert.Equal(Math.Exp(-0.4 * exposure), killed.GetCount("A") / control.GetCount("A"), 0.02);
    }

    [Fact]
    public void Readouts_HalfOfNeutrophilsDonor_ChimerismFiftyPercent()
    {
        var patient = NewPatient(PatientCovariates.Default);
        double hostNb = patient.GetCount("hNB");
        patient.System.SetCount("dNB", hostNb);
        Assert.Equal(50, patient.Readouts.DonorChimerismPercent, 9);
        Assert.Equal(2 * 4.0, patient.Readouts.AncE9PerLiter, 9);
        Assert.Equal(50, patient.Readouts.Get(Measure.DonorChimerism), 9);
    }

    [Fact]
    public void Readouts_HeavierPatient_SameConcentrationsLargerPools()
    {
        var light = PhysiologyModel.Create(new PatientCovariates { WeightKg = 50 });
        var heavy = PhysiologyModel.Create(new PatientCovariates { WeightKg = 100 });
        var rl = light.Readouts(new Patient(light, RandomStream.Create(1)).System.Counts);
        var rh = heavy.Readouts(new Patient(heavy, RandomStream.Create(1)).System.Counts);
        Assert.Equal(rl.AncE9PerLiter, rh.AncE9PerLiter, 9);
        Assert.Equal(rl.Cd4PerMicroliter, rh.Cd4PerMicroliter, 6);
        Assert.Equal(2 * light.Network.Compartments[light.Network.CompartmentIndex("hNB")].InitialCount,
            heavy.Network.Compartments[heavy.Network.CompartmentIndex("hNB")].InitialCount, 0);
        Assert.Equal(rl.StemCells, rh.StemCells); // HSC number does not scale with weight (Abkowitz 2002)
    }

    [Fact]
    public void Create_ParameterOverride_ChangesSetPointAndStaysThere()
    {
        var p = PhysiologyParameters.Default with
        {
            Granulopoiesis = PhysiologyParameters.Default.Granulopoiesis with { AncSetPointE9PerLiter = 6.0 },
            TCells = PhysiologyParameters.Default.TCells with { NaiveCd4SetPointPerMicroliter = 600 },
        };
        var patient = NewPatient(new PatientCovariates { Sex = BiologicalSex.Female }, p: p);
        Assert.Equal(6.0, patient.Readouts.AncE9PerLiter, 9);
        Assert.Equal(13.5, patient.Readouts.HemoglobinGPerDl, 9);
        Assert.Equal(990, patient.Readouts.Cd4PerMicroliter, 6);
        patient.AdvanceTo(200);
        Assert.InRange(patient.Readouts.AncE9PerLiter, 5.8, 6.2);
        Assert.InRange(patient.Readouts.Cd4PerMicroliter, 970, 1010);
    }

    [Fact]
    public void Create_NicheRegrowthOverride_ChangesRecoveryAfterNicheDamage()
    {
        // Logistic regrowth dN/dt = r·N·(1 − N/N*)-like: with r = 0 a damaged niche stays damaged; with a
        // larger r it recovers further in the same time. The default sits between.
        double NicheAfter(double r)
        {
            var p = PhysiologyParameters.Default with
            {
                StemCells = PhysiologyParameters.Default.StemCells with { NicheRegrowthPerDay = r },
            };
            var patient = NewPatient(PatientCovariates.Default, p: p);
            patient.ApplyKill(KillGroup.Niche, 0.2);
            double damaged = patient.GetCount("Niche");
            patient.AdvanceTo(60);
            return patient.GetCount("Niche") / damaged;
        }
        double none = NicheAfter(0), standard = NicheAfter(0.01), fast = NicheAfter(0.05);
        Assert.Equal(1.0, none, 6);
        Assert.True(standard > 1.05, $"default regrowth should recover the niche (ratio {standard})");
        Assert.True(fast > standard, $"faster regrowth should recover more ({fast} vs {standard})");
    }

    [Fact]
    public void Parameters_FormerConstants_AreOverridableAndValidated()
    {
        var p = PhysiologyParameters.Default;
        Assert.Equal(1.0, p.Thymus.CrowdingDeathPerDay);
        Assert.Equal(0.01, p.StemCells.NicheRegrowthPerDay);
        Assert.Equal(2.0, p.Lymphocytes.HomeostaticGainHill);
        Assert.Equal(2.0, p.Granulopoiesis.ExogenousGainFactor);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => p.Granulopoiesis with { ExogenousGainFactor = 0.5 });
        Assert.Contains("ExogenousGainFactor", ex.Message);
        Assert.Contains("0.5", ex.Message);
        // Derived constants are solved from the set points, so a changed crowding rate keeps the steady state.
        var altered = NewPatient(PatientCovariates.Default, p: p with { Thymus = p.Thymus with { CrowdingDeathPerDay = 0.5 } });
        double cd4 = altered.Readouts.Cd4PerMicroliter;
        altered.AdvanceTo(365);
        Assert.InRange(altered.Readouts.Cd4PerMicroliter, 0.98 * cd4, 1.02 * cd4);
    }

    [Fact]
    public void Covariates_BadValues_ThrowNamingParameterAndValue()
    {
        var w = Assert.Throws<ArgumentOutOfRangeException>(() => new PatientCovariates { WeightKg = -3 });
        Assert.Contains("WeightKg", w.Message);
        Assert.Contains("-3", w.Message);
        var a = Assert.Throws<ArgumentOutOfRangeException>(() => new PatientCovariates { AgeYears = 130 });
        Assert.Contains("AgeYears", a.Message);
        Assert.Contains("130", a.Message);
        var d = Assert.Throws<ArgumentOutOfRangeException>(() => PhysiologyModel.Create(new PatientCovariates { Disease = (AutoimmuneDisease)42 }));
        Assert.Contains("Disease", d.Message);
        Assert.Contains("42", d.Message);
        var k = Assert.Throws<ArgumentOutOfRangeException>(() => NewPatient(PatientCovariates.Default).ApplyKill(KillGroup.Hsc, 1.5));
        Assert.Contains("survivingFraction", k.Message);
        var g = Assert.Throws<ArgumentException>(() => NewPatient(PatientCovariates.Default).StartExtraDeath(KillGroup.Hsc, 0.1, 6));
        Assert.Contains("Hsc", g.Message);
    }

    [Fact]
    public void Create_RefusesExactlyTheUndefinedDiseasesAndSexes_AsEnumIsDefined()
    {
        // PhysiologyModel.Create checks the disease and sex by range (no Enum.IsDefined): it must agree with Enum.IsDefined
        // below, at and past the members, so a member added with a gap or after the last fails here.
        foreach (int i in new[] { int.MinValue, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, int.MaxValue })
        {
            var disease = (AutoimmuneDisease)i;
            if (Enum.IsDefined(disease)) Assert.NotNull(PhysiologyModel.Create(new PatientCovariates { Disease = disease }));
            else Assert.Throws<ArgumentOutOfRangeException>(() => PhysiologyModel.Create(new PatientCovariates { Disease = disease }));
            var sex = (BiologicalSex)i;
            if (Enum.IsDefined(sex)) Assert.NotNull(PhysiologyModel.Create(new PatientCovariates { Sex = sex }));
            else Assert.Throws<ArgumentOutOfRangeException>(() => PhysiologyModel.Create(new PatientCovariates { Sex = sex }));
        }
    }

    [Fact]
    public void ApplyKill_StemCells_ThinnedBinomiallyToWholeCells()
    {
        // E[survivors] = n·s, Var = n·s(1−s): over 200 patients the mean is within 4 standard errors.
        const int runs = 200;
        const double s = 0.01;
        double sum = 0;
        for (int i = 0; i < runs; i++)
        {
            var patient = NewPatient(PatientCovariates.Default, seed: (ulong)i);
            patient.ApplyKill(KillGroup.Hsc, s);
            double h = patient.GetCount("hH");
            Assert.Equal(Math.Floor(h), h);
            sum += h;
        }
        double n = 4e4, se = Math.Sqrt(n * s * (1 - s) / runs);
        Assert.InRange(sum / runs, n * s - 4 * se, n * s + 4 * se);
        var p2 = NewPatient(PatientCovariates.Default);
        p2.ApplyKill(KillGroup.BCells, 0);
        Assert.Equal(0, p2.GetCount("hB"));
    }

    [Fact]
    public void StartExtraDeath_DecayingRate_RemovesExpectedShareOfNkCells()
    {
        // Extra death k·2^(−t/t½) alone over 3 days leaves exp(−∫) with ∫ = k·t½/ln2·(1 − 2^(−3/t½)); marrow input and the
        // IL-15-like homeostatic response only add cells (at most (input + 4·proliferation)·3 d ≈ 0.25 of the pool).
        var control = NewPatient(PatientCovariates.Default);
        var patient = NewPatient(PatientCovariates.Default);
        double nk0 = patient.GetCount("hNK");
        patient.StartExtraDeath(KillGroup.NkCells, 0.5, 3);
        Assert.Equal(0.5, patient.ExtraDeathRate(KillGroup.NkCells), 12);
        patient.AdvanceTo(3);
        Assert.Equal(0.25, patient.ExtraDeathRate(KillGroup.NkCells), 9);
        double survival = Math.Exp(-0.5 * 3 / Math.Log(2) * 0.5);
        Assert.InRange(patient.GetCount("hNK") / nk0, survival, survival + 0.25);
        patient.AdvanceTo(30);
        control.AdvanceTo(30);
        Assert.True(patient.GetCount("hNK") < control.GetCount("hNK"));
        patient.StopExtraDeath(KillGroup.NkCells);
        Assert.Equal(0, patient.ExtraDeathRate(KillGroup.NkCells));
    }

    [Fact]
    public void ExtraDeathRate_AfterRedose_EqualsTheSolversSignalFormulaBitForBit()
    {
        // The public rate and the re-dose's remaining concentration use the decay the solver's signal uses (PowerOfTwo.Of), so
        // the reported rate is the rate the cells see: E_max·C/(C + EC50), C = (C₀·2^(−(t₁ − t₀)/t½) + dose)·2^(−(t − t₁)/t½).
        var patient = NewPatient(PatientCovariates.Default);
        double t0 = patient.TimeDays;
        patient.StartExtraDeath(KillGroup.NkCells, 1.5, 4, 0.5, 3);
        patient.AdvanceTo(t0 + 2.3);
        double t1 = patient.TimeDays;
        patient.StartExtraDeath(KillGroup.NkCells, 1.5, 1, 0.5, 3);
        double redosed = 4 * PowerOfTwo.Of(-(t1 - t0) / 3) + 1;
        for (int i = 1; i <= 40; i++)   // forty times: Math.Pow(2, x) differs from PowerOfTwo.Of(x) in the last bit for some
        {
            patient.AdvanceTo(t1 + i * 0.37);
            double c = redosed * PowerOfTwo.Of(-Math.Max(0, patient.TimeDays - t1) / 3);
            Assert.Equal(BitConverter.DoubleToInt64Bits(1.5 * c / (c + 0.5)), BitConverter.DoubleToInt64Bits(patient.ExtraDeathRate(KillGroup.NkCells)));
        }
    }

    [Fact]
    public void InfuseGraft_AllogeneicPbscAfterMyeloablation_EngraftsWithFullDonorChimerism()
    {
        var patient = NewPatient(new PatientCovariates { AgeYears = 45 }, seed: 5, start: -8);
        for (int day = -7; day <= -2; day++)
        {
            patient.AdvanceTo(day);
            foreach (var (g, s) in new (KillGroup, double)[] { (KillGroup.Hsc, 0.1), (KillGroup.ShortTermStemCells, 0.1), (KillGroup.Mpp, 0.2),
                (KillGroup.Progenitors, 0.25), (KillGroup.Mitotic, 0.25), (KillGroup.PostMitotic, 0.85), (KillGroup.Thymocytes, 0.3),
                (KillGroup.TCells, 0.4), (KillGroup.Treg, 0.4), (KillGroup.BCells, 0.4), (KillGroup.NkCells, 0.5), (KillGroup.Thymus, 0.9) })
                patient.ApplyKill(g, s);
        }
        patient.AdvanceTo(0);
        var cells = patient.InfuseGraft(GraftComposition.PeripheralBlood, 6e6, CellOrigin.Donor);
        Assert.InRange(cells.Hsc, 500, 760); // Binomial(1260, 0.5)
        patient.RunTo(120);
        double engraftment = DaysToReach(patient.Trajectory, Measure.Anc, 0.5, 3);
        Assert.InRange(engraftment, 8, 20); // design check (model.md §13.2) 11 without methotrexate; clinical 14 with (Champlin 2000)
        Assert.True(patient.Readouts.DonorChimerismPercent > 99);
        Assert.True(patient.Readouts.PlateletsE9PerLiter > 50);
    }

    [Fact]
    public void TransfuseAndGcsf_RaiseHemoglobinPlateletsAndNeutrophils()
    {
        var patient = NewPatient(PatientCovariates.Default);
        var before = patient.Readouts;
        double unit = 2e12;
        patient.TransfuseRedCells(unit);
        patient.TransfusePlatelets(3e11);
        var after = patient.Readouts;
        Assert.Equal(unit * 29.5e-12 / patient.Model.BloodVolumeLiters / 10, after.HemoglobinGPerDl - before.HemoglobinGPerDl, 9);
        Assert.Equal(3e11 * (2.0 / 3.0) / patient.Model.BloodVolumeLiters / 1e9, after.PlateletsE9PerLiter - before.PlateletsE9PerLiter, 6);
        var control = NewPatient(PatientCovariates.Default);
        var treated = NewPatient(PatientCovariates.Default);
        treated.ApplyGcsf(0.5);
        control.AdvanceTo(3);
        treated.AdvanceTo(3);
        Assert.True(treated.Readouts.AncE9PerLiter > 1.2 * control.Readouts.AncE9PerLiter,
            $"G-CSF ANC {treated.Readouts.AncE9PerLiter}, control {control.Readouts.AncE9PerLiter}");
    }

    [Fact]
    public void ObserveDaily_AttachedToKernel_RecordsEveryDayAndSeesEventsAtTheirTime()
    {
        var sim = new Simulation(-1);
        var patient = NewPatient(PatientCovariates.Default, start: -1);
        sim.AddAdvancer(patient);
        patient.ObserveDaily(sim, 10);
        sim.Schedule(0, () => patient.ApplyKill(KillGroup.Progenitors, 0.01));
        sim.Run(10);
        var tr = patient.Trajectory;
        Assert.Equal(12, tr.Count);
        for (int i = 0; i < tr.Count; i++) Assert.Equal(-1 + i, tr.Days[i], 9);
        Assert.True(tr[tr.Count - 1, Measure.Anc] < tr[0, Measure.Anc]);
    }

    [Fact]
    public void Draw_VirtualCohort_PatientsDifferAndSameSeedRepeats()
    {
        var c = new PatientCovariates { Disease = AutoimmuneDisease.MultipleSclerosis };
        var a = VirtualPatient.Draw(c, null, RandomStream.Create(9, 1));
        var b = VirtualPatient.Draw(c, null, RandomStream.Create(9, 2));
        var a2 = VirtualPatient.Draw(c, null, RandomStream.Create(9, 1));
        Assert.NotEqual(a.Parameters.StemCells.HscCount, b.Parameters.StemCells.HscCount);
        Assert.NotEqual(a.Autoimmunity!.ReferenceBurdenCells, b.Autoimmunity!.ReferenceBurdenCells);
        Assert.Equal(a.Parameters, a2.Parameters);
        // Every drawn patient has a valid steady state that stays in a plausible band for a year.
        for (ulong i = 0; i < 5; i++)
        {
            var v = VirtualPatient.Draw(PatientCovariates.Default, null, RandomStream.Create(11, i));
            var patient = new Patient(v.CreateModel(), RandomStream.Create(11, i, 1));
            var r0 = patient.Readouts;
            patient.AdvanceTo(365);
            Assert.InRange(patient.Readouts.AncE9PerLiter, 0.9 * r0.AncE9PerLiter, 1.1 * r0.AncE9PerLiter);
            Assert.InRange(patient.Readouts.HemoglobinGPerDl, r0.HemoglobinGPerDl - 0.5, r0.HemoglobinGPerDl + 0.5);
        }
    }
}

public sealed partial class PatientTests
{
    [Theory]
    [InlineData(OdeMethod.RungeKuttaChebyshev)]
    [InlineData(OdeMethod.RosenbrockW)]
    [InlineData(OdeMethod.StiffnessSwitching)]
    public void DefaultSolver_StabilisedOrImplicitIntegrator_AgreesWithDormandPrinceThroughATransplant(OdeMethod method)
    {
        // The two integrators of the continuous part must give the same mean-field course (within the 10⁻³ tolerance,
        // accumulated over a transplant year): engraftment, nadir and day-120 counts.
        ReadoutTrajectory Run(OdeMethod method)
        {
            var patient = new Patient(PhysiologyModel.Create(new PatientCovariates { AgeYears = 45 }), RandomStream.Create(8),
                Patient.DefaultSolverOptions with { OdeMethod = method, Kind = SolverKind.Ode }, -8);
            for (int day = -7; day <= -2; day++)
            {
                patient.AdvanceTo(day);
                patient.ApplyKill(KillGroup.Mitotic, 0.25);
                patient.ApplyKill(KillGroup.Progenitors, 0.25);
                patient.ApplyKill(KillGroup.Mpp, 0.2);
                patient.ApplyKill(KillGroup.Hsc, 0.1);
            }
            patient.AdvanceTo(0);
            patient.Infuse(GraftCells.FromCd34Dose(GraftComposition.PeripheralBlood, 5e6, 70, 0.5), CellOrigin.Host);
            patient.RunTo(120);
            return patient.Trajectory;
        }
        var tested = Run(method);
        var dp = Run(OdeMethod.DormandPrince45);
        Assert.Equal(dp.Count, tested.Count);
        foreach (var m in new[] { Measure.Anc, Measure.Platelets, Measure.Hb, Measure.Lymphocytes })
            for (int i = 0; i < dp.Count; i++)
                Assert.InRange(tested[i, m], 0.97 * dp[i, m] - 0.02, 1.03 * dp[i, m] + 0.02);
        Assert.Equal(DaysToReach(dp, Measure.Anc, 0.5, 3), DaysToReach(tested, Measure.Anc, 0.5, 3));
    }
}
