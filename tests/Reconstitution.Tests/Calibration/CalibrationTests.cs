using Reconstitution.Outcomes;
using Reconstitution.Physiology;
using Reconstitution.Protocols;
using Reconstitution.Tests.Protocols;
using Xunit;
using Xunit.Abstractions;

namespace Reconstitution.Tests.Calibration;

/// <summary>
/// Every row of ../shared/reference/calibration.md that the model can address, run as cohorts of the built-in protocols on
/// defaults (45-year-old men with between-patient variability, fixed seeds). Rows the model cannot address: the healthy steady
/// state is checked by the physiology acceptance tests (PatientTests.Acceptance); the dose directions by DirectionTests; the
/// HALT-MS event-free survival counts MRI activity and disability progression, which the model does not have.
/// <para>Tolerances. Engraftment medians use the calibration bands of issue 5 (±2 days neutrophils, ±3 platelets). The median of
/// n patients has a standard error ≈ 1.25·σ/√n; with σ ≈ 2–4 days and n = 60 that is 0.3–0.6 days, so each band is ≥ 3 standard
/// errors wide and the test checks the model, not its sampling noise. Proportions (relapse, survival, GVHD, transfusion-free)
/// are compared with the published figure by a two-sample z-statistic: |p̂ − p| ≤ 3·√(p̂(1−p̂)/n + p(1−p)/m), n the simulated
/// and m the trial's patients (both are samples), with p(1−p) floored at 1/n so that 0 % and 100 % keep a width.</para>
/// <para>Rows that are known misses (docs/protocols.md, calibration) assert the current behaviour within its own sampling band
/// and say so, so that a regression or a fix is noticed.</para>
/// <para>The five-year disease-outcome rows take ≈ 2–4 s each in Release and carry Trait("Category", "Calibration"); the
/// engraftment and transfusion rows are fast.</para>
/// </summary>
public sealed class CalibrationTests(ITestOutputHelper output)
{
    private const int N = 60;

    private static DefinedProtocol With(string name, Func<ProtocolDefinition, ProtocolDefinition> change) =>
        new(change(BuiltInProtocols.Get(name).Definition));

    /// <summary>HALT-MS conditioning with Ergene's graft: autologous blood stem cells, median 11.5×10⁶ CD34+/kg, unmanipulated.</summary>
    private static DefinedProtocol Ergene(double? plateletTrigger) => With("auto-beam-atg-cd34", d => d with
    {
        Name = "auto-beam-ergene",
        Graft = new GraftDefinition(GraftSource.PeripheralBlood, DonorType.Self, 11.5e6),
        SupportiveCare = d.SupportiveCare with { PlateletTransfusionBelowPerNanoliter = plateletTrigger },
    });

    private static double Median(IEnumerable<int?> days) => CohortHelper.Median(days);

    private static double MedianOf(IEnumerable<int> values) => CohortHelper.Median(values.Select(v => (int?)v));

    private void AssertProportion(string what, int events, int n, double published, int trialPatients)
    {
        double p = (double)events / n;
        double model = Math.Max(p * (1 - p), 1.0 / n), trial = Math.Max(published * (1 - published), 1.0 / trialPatients);
        double tolerance = 3 * Math.Sqrt(model / n + trial / trialPatients);
        output.WriteLine($"{what}: {events}/{n} = {p:P1} vs {published:P1} (±{tolerance:P1})");
        Assert.True(Math.Abs(p - published) <= tolerance, $"{what}: {events}/{n} = {p:P1}, published {published:P1} (tolerance ±{tolerance:P1})");
    }

    [Fact]
    public void Autologous_ErgeneGraft_NeutrophilMedian10()
    {
        var r = CohortHelper.Run(Ergene(10), N, 40, 101);
        double anc = Median(r.Select(o => o.NeutrophilEngraftmentDay));
        output.WriteLine($"neutrophils {anc}, platelets {Median(r.Select(o => o.PlateletEngraftmentDay))}");
        Assert.InRange(anc, 10 - 2, 10 + 2);
    }

    [Fact]
    public void Autologous_ErgeneGraft_PlateletMedian13()
    {
        // Without prophylactic transfusions the recovery itself is on time (±3 of 13). KNOWN MISS with the default prophylactic
        // trigger (< 10×10⁹/L): about half the patients get one transfusion around day 9–10 and the ASTCT rule (no transfusion in
        // the 7 days before) then puts their engraftment at day 16–18; the median is ≈ 17. Asserted within 3 days of that.
        // Source check: Ergene 2007 defines platelet engraftment as > 20×10⁹/L without a transfusion-free window, and Wandt's
        // nadir (< 10 for a median of 3 days, therapeutic policy) means a < 10 trigger transfuses most patients around day 9,
        // so the ASTCT window and Ergene's 13 cannot both hold with a prophylactic trigger (docs/protocols.md, third pass).
        var untransfused = CohortHelper.Run(Ergene(null), N, 40, 102);
        var prophylactic = CohortHelper.Run(Ergene(10), N, 40, 102);
        double a = Median(untransfused.Select(o => o.PlateletEngraftmentDay)), b = Median(prophylactic.Select(o => o.PlateletEngraftmentDay));
        output.WriteLine($"platelet engraftment: no prophylaxis {a}, prophylaxis < 10: {b}");
        Assert.InRange(a, 13 - 3, 13 + 3);
        Assert.InRange(b, 17 - 3, 17 + 3);
    }

    [Fact]
    public void Autologous_Wandt_PlateletNadirAndTransfusions()
    {
        // Wandt 2006 (therapeutic policy: transfusion for bleeding, which the model does not have): platelets < 20 for a median of
        // 6 days and < 10 for 3 days; median one transfusion, a third of patients none. Days below thresholds are compared without
        // prophylactic transfusions (±2 days: the median of small whole-day counts has SE ≈ 0.4 days at n = 60); transfusions
        // under the default prophylactic trigger (< 10), which the therapeutic policy approximates from above.
        var untransfused = CohortHelper.Run(Ergene(null), N, 40, 103);
        var prophylactic = CohortHelper.Run(Ergene(10), N, 40, 103);
        double below20 = MedianOf(untransfused.Select(o => o.DaysPlateletsBelow20)), below10 = MedianOf(untransfused.Select(o => o.DaysPlateletsBelow10));
        double transfusions = MedianOf(prophylactic.Select(o => o.PlateletTransfusions));
        output.WriteLine($"days < 20: {below20}, days < 10: {below10}, transfusions median {transfusions}");
        Assert.InRange(below20, 6 - 2, 6 + 2);
        Assert.InRange(below10, 3 - 2, 3 + 2);
        Assert.Equal(1, transfusions);
        AssertProportion("no platelet transfusion", prophylactic.Count(o => o.PlateletTransfusions == 0), N, 1.0 / 3, 105);
    }

    /// <summary>
    /// One-sided 95 % Clopper–Pearson upper bound of a binomial proportion with <paramref name="events"/> of <paramref name="n"/>:
    /// the largest true proportion that would still give this few events with probability ≥ 5 %.
    /// </summary>
    private static double UpperBound95(int events, int n) => events >= n ? 1 : MathNet.Numerics.Distributions.Beta.InvCDF(events + 1, n - events, 0.95);

    [Fact]
    public void HighDoseCyclophosphamide_WithAutologousGraft_AtLeast98PercentReachAncBelow0_5()
    {
        // Issue 14: after Cy 200 mg/kg + rabbit ATG nearly every patient becomes profoundly neutropenic (Blood 2009;114:3412: every
        // one of 124 patients given Cy 50 mg/kg × 4 had ANC < 0.5, for 4–23 days). Asserted: the one-sided 95 % upper bound of the
        // share that never falls below 0.5 is under 2 % (240 patients: at most one such patient passes), i.e. the cohort shows
        // ≥ 98 % at the 5 % level. With the former post-mitotic kill (0.0021 per mg/kg) 19 of 200 never fell below 0.5.
        var r = CohortHelper.Run(BuiltInProtocols.Get("auto-cy-atg"), 240, 30, 115);
        int never = r.Count(o => o.AncNadirE9PerLiter >= 0.5);
        double nadir = MedianOf(r.Select(o => (int)Math.Round(1000 * o.AncNadirE9PerLiter))) / 1000;
        output.WriteLine($"never < 0.5: {never}/{r.Length} (upper 95 % bound {UpperBound95(never, r.Length):P2}); median nadir {nadir} ×10⁹/L");
        Assert.True(UpperBound95(never, r.Length) < 0.02, $"{never}/{r.Length} patients never had ANC < 0.5 (upper 95 % bound {UpperBound95(never, r.Length):P2}, must be < 2 %)");
        Assert.InRange(nadir, 0, 0.2);
    }

    [Fact]
    public void HighDoseCyclophosphamide_WithoutGraft_NeutropeniaOfNineDays()
    {
        // The calibration source of the post-mitotic kill (docs/model.md §10.1): Cy 50 mg/kg days −5…−2 without stem cells, G-CSF
        // from 6 days after the last dose (day +4): ANC < 0.5 for a median of 9 (4–23) days, ANC ≥ 0.5 again a median of 13 days
        // after the last dose (day +11), every patient neutropenic (124 patients; Blood 2009;114(22):3412). Medians of whole days,
        // 120 patients: SE ≈ 0.4 days, so ±2 days is ≥ 4 SE.
        var p = With("auto-cy-atg", d => d with
        {
            Name = "hicy-no-graft",
            Graft = null,
            Conditioning = [.. d.Conditioning.Where(c => c.Definition.BuiltInAgent == ConditioningAgent.Cyclophosphamide)],
            SupportiveCare = d.SupportiveCare with { GcsfStartDay = 4 },
        });
        var r = CohortHelper.Run(p, 2 * N, 40, 116);
        double days = MedianOf(r.Select(o => o.DaysAncBelow0_5));
        int never = r.Count(o => o.AncNadirE9PerLiter >= 0.5);
        output.WriteLine($"days ANC < 0.5: median {days}; never < 0.5: {never}/{r.Length}");
        Assert.InRange(days, 9 - 2, 9 + 2);
        Assert.True(UpperBound95(never, r.Length) < 0.03, $"{never}/{r.Length} never had ANC < 0.5");
    }

    [Fact]
    public void AllogeneicBloodStemCells_Myeloablative_MediansNeutrophil14Platelet18()
    {
        var r = CohortHelper.Run(BuiltInProtocols.Get("allo-pbsc-mac"), N, 45, 104);
        double anc = Median(r.Select(o => o.NeutrophilEngraftmentDay)), plt = Median(r.Select(o => o.PlateletEngraftmentDay));
        output.WriteLine($"neutrophils {anc}, platelets {plt}, failures {r.Count(o => o.PrimaryGraftFailure)}");
        Assert.InRange(anc, 14 - 2, 14 + 2);
        Assert.InRange(plt, 18 - 3, 18 + 3);
        Assert.True(r.Count(o => o.PrimaryGraftFailure) <= 3);
    }

    [Fact]
    public void ReducedIntensity_FluBuAtg_KnownMisses()
    {
        // Slavin 1998: neutrophils 15 (10–32), platelets 12 (0–35). KNOWN MISSES (docs/protocols.md): with stem-cell-selective
        // busulfan the host's maturing cells run out and the recovery waits for the graft, which (ciclosporin alone, as in Slavin:
        // no methotrexate delay to add) engrafts on
        // ≈ day 12 (one day short of the ±2 band); the fixed platelet consumption puts the platelet median at ≈ 16. Asserted: within
        // 3 days of those (the earlier model gave neutrophils on day 9). The platelet median is the same without prophylactic
        // transfusion: Slavin's nadirs were shallower (ANC never < 0.1 in 9/26, platelets never < 20 in 4/26), ours are not.
        var r = CohortHelper.Run(BuiltInProtocols.Get("ric-flu-bu-atg"), N, 45, 105);
        double anc = Median(r.Select(o => o.NeutrophilEngraftmentDay)), plt = Median(r.Select(o => o.PlateletEngraftmentDay));
        output.WriteLine($"neutrophils {anc}, platelets {plt}");
        Assert.InRange(anc, 12 - 3, 12 + 3);
        Assert.InRange(plt, 16 - 3, 16 + 3);
    }

    [Fact]
    public void CordBlood_SingleAndDouble_MediansNeutrophil24And23_WithGraftFailure()
    {
        // Ruggeri 2014 (single, 24) and Barker 2005 (double, 23 (15–41)); cord units vary in dose (CV 0.6 single, 0.45 double) and
        // some recipients carry donor-specific anti-HLA antibodies, so some grafts fail (clinically ≈ 10–20 % for single units;
        // asserted: at least one failure in 120 patients and at most 25 %).
        var single = CohortHelper.Run(BuiltInProtocols.Get("cord-single-mac"), 2 * N, 50, 106);
        var dbl = CohortHelper.Run(BuiltInProtocols.Get("cord-double-mac"), N, 50, 107);
        double s = Median(single.Select(o => o.NeutrophilEngraftmentDay)), d = Median(dbl.Select(o => o.NeutrophilEngraftmentDay));
        int failures = single.Count(o => o.PrimaryGraftFailure);
        output.WriteLine($"single {s} (failures {failures}/{single.Length}), double {d} (failures {dbl.Count(o => o.PrimaryGraftFailure)}/{dbl.Length})");
        Assert.InRange(s, 24 - 2, 24 + 2);
        Assert.InRange(d, 23 - 2, 23 + 2);
        Assert.InRange(failures, 1, single.Length / 4);
    }

    [Fact]
    [Trait("Category", "Calibration")]
    public void HaltMs_BeamAtgCd34Selected_FiveYearRelapseFree87Percent()
    {
        // Nash 2017: relapse-free 87 % at 5 years (24 patients). Relapse is the model's definition (docs/model.md §7.1); patients who
        // died are not relapse-free.
        var ms = new PatientCovariates { AgeYears = 45, Disease = AutoimmuneDisease.MultipleSclerosis };
        var r = CohortHelper.Run(BuiltInProtocols.Get("auto-beam-atg-cd34"), 100, 1826, 108, ms);
        AssertProportion("HALT-MS relapse-free", r.Count(o => o.RelapseDay is null && o.DeathDay is null), r.Length, 0.87, 24);
    }

    [Fact]
    [Trait("Category", "Calibration")]
    public void Mist_CyAtgUnselected_ProgressionAbout3Of55AndNoDeaths()
    {
        // Burt 2019: progression 3/55 over a median follow-up of ≈ 3 years; no deaths. The unselected graft is mobilised with
        // cyclophosphamide (lower autoreactive share) and rabbit ATG spares Treg (regulatory reset), docs/model.md §10–§11.
        var ms = new PatientCovariates { AgeYears = 35, Disease = AutoimmuneDisease.MultipleSclerosis };
        var r = CohortHelper.Run(BuiltInProtocols.Get("auto-cy-atg"), 100, 1096, 109, ms);
        AssertProportion("MIST progression", r.Count(o => o.RelapseDay is not null), r.Length, 3.0 / 55, 55);
        AssertProportion("MIST deaths", r.Count(o => o.DeathDay is not null), r.Length, 0, 55);
    }

    [Fact]
    [Trait("Category", "Calibration")]
    public void Scot_TbiCyAtgCd34Selected_EventFree79PercentAt54Months()
    {
        // Sullivan 2018: event-free survival (alive without relapse/progression) 79 % at 54 months (36 patients in the transplant arm).
        var ssc = new PatientCovariates { AgeYears = 45, Disease = AutoimmuneDisease.SystemicSclerosis };
        var r = CohortHelper.Run(BuiltInProtocols.Get("auto-tbi-cy-atg-cd34"), 100, 1643, 110, ssc);
        AssertProportion("SCOT event-free", r.Count(o => o.RelapseDay is null && o.DeathDay is null), r.Length, 0.79, 36);
    }

    [Fact]
    [Trait("Category", "Calibration")]
    public void Sle_CyAtgCd34Selected_TreatmentRelatedMortality2Percent()
    {
        // Burt 2006: treatment-related mortality 2 % (50 patients), Cy 200 mg/kg + ATG with a CD34-selected graft.
        var sle = new PatientCovariates { AgeYears = 35, Disease = AutoimmuneDisease.SystemicLupusErythematosus };
        var p = With("auto-cy-atg", d => d with { Name = "auto-cy-atg-cd34", Graft = d.Graft! with { Cd34SelectionLogDepletion = 4 } });
        var r = CohortHelper.Run(p, 100, 365, 111, sle);
        AssertProportion("SLE TRM", r.Count(o => o.DeathDay is not null), r.Length, 0.02, 50);
    }

    [Fact]
    [Trait("Category", "Calibration")]
    public void Greco_AllogeneicForAutoimmunity_GvhdAndSurvival()
    {
        // Greco 2019 (EBMT, 128 patients): aGVHD II–IV 21 %, cGVHD 28 % at 5 years, 5-year survival 70 %. The built-in is a sibling
        // bone-marrow graft after Bu/Cy; the EBMT cohort also had unrelated and cord donors and disease deaths. GVHD rows: asserted.
        // Survival: KNOWN MISS (≈ 85–90 % with sibling donors; ≈ 72 % with matched unrelated donors); asserted below 95 % (late
        // mortality from chronic GVHD and late infections is present) and within 3 standard errors of the model's own figure.
        var ms = new PatientCovariates { AgeYears = 30, Disease = AutoimmuneDisease.MultipleSclerosis };
        var r = CohortHelper.Run(BuiltInProtocols.Get("allo-bm-mac"), 100, 1826, 112, ms);
        AssertProportion("aGVHD II-IV", r.Count(o => o.AcuteGvhdDay is not null), r.Length, 0.21, 128);
        AssertProportion("cGVHD", r.Count(o => o.ChronicGvhdDay is not null), r.Length, 0.28, 128);
        int alive = r.Count(o => o.DeathDay is null);
        output.WriteLine($"5-year survival {alive}/{r.Length}");
        Assert.InRange(alive, 75, 94);
    }
    [Fact]
    [Trait("Category", "Calibration")]
    public void Greco_DonorMixOfTheEbmtCohort_FiveYearSurvival70()
    {
        // Greco 2019 reports one survival for a donor mix: of 128 patients, 7 syngeneic and 46 matched related (53, run as sibling
        // bone marrow), 51 unrelated (matched-unrelated bone marrow), 15 haploidentical (mismatched bone marrow), 9 cord blood
        // (cord-single-mac). The same protocols run on that mix, patient numbers as in the trial; asserted: 5-year survival within
        // 3 standard errors of the two-sample difference with 70 % (the mix, not a per-protocol setting; the sibling-only figure
        // is the known miss above). Not modelled: deaths from the autoimmune disease itself (Greco PFS 59 %).
        var ms = new PatientCovariates { AgeYears = 30, Disease = AutoimmuneDisease.MultipleSclerosis };
        DefinedProtocol Bm(DonorType donor) => With("allo-bm-mac", d => d with { Name = "allo-bm-" + donor, Graft = new GraftDefinition(d.Graft!.Source, donor, d.Graft.Cd34PerKg) });
        (IProtocol protocol, int patients)[] mix =
        [
            (BuiltInProtocols.Get("allo-bm-mac"), 53), (Bm(DonorType.MatchedUnrelated), 51), (Bm(DonorType.Mismatched), 15),
            (BuiltInProtocols.Get("cord-single-mac"), 9),
        ];
        int alive = 0, n = 0, early = 0;
        ulong seed = 113;
        foreach (var (protocol, patients) in mix)
        {
            var r = CohortHelper.Run(protocol, patients, 1826, seed++, ms);
            alive += r.Count(o => o.DeathDay is null);
            early += r.Count(o => o.DeathDay is < 100);
            n += r.Length;
        }
        output.WriteLine($"donor mix: 5-year survival {alive}/{n}, deaths before day 100 {early}/{n} (Greco NRM 12.7 % at 100 days)");
        AssertProportion("5-year survival, donor mix", alive, n, 0.70, 128);
        AssertProportion("death before day 100, donor mix", early, n, 0.127, 128);
    }
}
