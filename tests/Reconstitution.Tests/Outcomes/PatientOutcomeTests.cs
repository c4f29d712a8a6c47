using Reconstitution.Outcomes;
using Reconstitution.Physiology;
using Reconstitution.Protocols;
using Reconstitution.Tests.Protocols;
using Xunit;

namespace Reconstitution.Tests.Outcomes;

public sealed class PatientOutcomeTests
{
    [Fact]
    public void HaltMsLike_MultipleSclerosis_RelapseFreeNear87Percent()
    {
        // Nash 2017: relapse-free 87 % at 5 years after BEAM + rabbit ATG + CD34-selected graft. Relapse (docs/model.md §7.1) needs
        // regrowth from the few surviving autoreactive cells, which takes < 2 years at the clone's net growth rate, so 2 years of
        // simulation already show the 5-year fraction in the model. Binomial SE with n = 40: √(0.87·0.13/40) ≈ 0.053; ±4 SE.
        var ms = new PatientCovariates { AgeYears = 35, Disease = AutoimmuneDisease.MultipleSclerosis };
        var r = CohortHelper.Run(BuiltInProtocols.Get("auto-beam-atg-cd34"), 40, 730, 41, ms);
        double relapseFree = r.Count(o => o.RelapseDay is null) / 40.0;
        Assert.InRange(relapseFree, 0.87 - 4 * 0.053, 1.0);
        // Every relapse-free patient either eradicated the clone or still sits far below the pre-treatment burden.
        Assert.All(r.Where(o => o.RelapseDay is null), o => Assert.True(o.AutoreactiveEradicationDay is not null || o.AutoreactiveNadirCells < o.AutoreactiveBeforeCells));
        Assert.All(r, o => Assert.True(o.AutoreactiveNadirCells < 0.01 * o.AutoreactiveBeforeCells));
    }

    [Fact]
    public void AllogeneicGraft_MultipleSclerosis_GraftVersusAutoimmunityEradicatesTheClone()
    {
        var ms = new PatientCovariates { AgeYears = 35, Disease = AutoimmuneDisease.MultipleSclerosis };
        // Organ toxicity off: this checks the graft-versus-autoimmunity kill, and a myeloablative regimen's early organ deaths
        // (docs/model.md §18) would end some courses before the clone is gone.
        var r = CohortHelper.Run(BuiltInProtocols.Get("allo-pbsc-mac"), 12, 400, 42, ms, new PatientSimulationOptions { OrganToxicity = OrganToxicityParameters.None });
        Assert.True(r.Count(o => o.AutoreactiveEradicationDay is not null) >= 10, string.Join(",", r.Select(o => o.AutoreactiveEradicationDay)));
        Assert.All(r, o => Assert.Equal(0, o.GraftAutoreactiveCells)); // allogeneic grafts carry no host autoreactive cells
    }

    [Fact]
    public void Summarize_RelapseAndEradication_FollowTheDefinitions()
    {
        // A hand-made disease course: DAI 0.75 before, falls to 0.2, back to 0.6 on day 40 (≥ 2/3·0.75 = 0.5) → relapse on day 40.
        var trajectory = new ReadoutTrajectory();
        for (int day = -2; day <= 60; day++)
        {
            double dai = day < 0 ? 0.75 : day < 40 ? 0.2 : 0.6;
            trajectory.Add(day, new ClinicalReadouts { AncE9PerLiter = 4, PlateletsE9PerLiter = 250, HemoglobinGPerDl = 14, DiseaseActivity = dai, AutoreactiveCells = 10 });
        }
        var context = NewContext();
        var o = PatientSimulation.Summarize("x", trajectory, context, new ClinicalRecord(), hasDisease: true, autoBefore: 1e6, daiBefore: 0.75);
        Assert.Equal(40, o.RelapseDay);
        Assert.Null(o.AutoreactiveEradicationDay);

        var cured = new ReadoutTrajectory();
        for (int day = -2; day <= 60; day++)
            cured.Add(day, new ClinicalReadouts { AncE9PerLiter = 4, PlateletsE9PerLiter = 250, HemoglobinGPerDl = 14, DiseaseActivity = day < 0 ? 0.75 : 0.01, AutoreactiveCells = day < 20 ? 5 : 0 });
        var c = PatientSimulation.Summarize("x", cured, NewContext(), new ClinicalRecord(), true, 1e6, 0.75);
        Assert.Null(c.RelapseDay);
        Assert.Equal(20, c.AutoreactiveEradicationDay);
        Assert.Equal(0, c.AutoreactiveNadirCells);
    }

    [Fact]
    public void Summarize_NadirsAndDaysBelowThresholds_CountFromDayZero()
    {
        var trajectory = new ReadoutTrajectory();
        for (int day = -3; day <= 30; day++)
        {
            double anc = day is >= 2 and < 12 ? 0.1 : 3.0;       // 10 days < 0.5
            double plt = day is >= 5 and < 11 ? 8 : day is >= 3 and < 14 ? 15 : 200; // 11 days < 20, 6 days < 10
            trajectory.Add(day, new ClinicalReadouts { AncE9PerLiter = anc, PlateletsE9PerLiter = plt, HemoglobinGPerDl = 10 });
        }
        var o = PatientSimulation.Summarize("x", trajectory, NewContext(), new ClinicalRecord(), false, 0, 0);
        Assert.Equal(10, o.DaysAncBelow0_5);
        Assert.Equal(11, o.DaysPlateletsBelow20);
        Assert.Equal(6, o.DaysPlateletsBelow10);
        Assert.Equal(0.1, o.AncNadirE9PerLiter);
        Assert.Equal(8, o.PlateletNadirE9PerLiter);
        Assert.Equal(12, o.NeutrophilEngraftmentDay);
        Assert.Equal(14, o.PlateletEngraftmentDay);
        Assert.False(o.PrimaryGraftFailure); // no graft given
    }

    [Fact]
    public void ClinicalRisks_BadValue_ThrowsNamingTheParameter()
    {
        var options = new PatientSimulationOptions { Risks = ClinicalRiskParameters.Default with { InfectionPerNeutropenicDay = -1 } };
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => PatientSimulation.Run(PatientCovariates.Default, BuiltInProtocols.Get("none"), 1, 0, options));
        Assert.Contains("InfectionPerNeutropenicDay", e.Message);
    }

    private static TreatmentContext NewContext()
    {
        var model = PhysiologyModel.Create(PatientCovariates.Default);
        var sim = new Reconstitution.Kernel.Simulation(0);
        var patient = new Patient(model, Reconstitution.Randomness.RandomStream.Create(1), null, 0);
        return new TreatmentContext(sim, patient, Reconstitution.Randomness.RandomStream.Create(2), ConditioningAgentEffects.Default);
    }
}
