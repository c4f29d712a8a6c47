using Reconstitution.Cohorts;
using Reconstitution.Physiology;
using Reconstitution.Protocols;
using Reconstitution.Sensitivity;
using Xunit;

namespace Reconstitution.Tests.Sensitivity;

public sealed class ParameterCatalogueTests
{
    private static readonly CohortSpecification Baseline = new(BuiltInProtocols.Get("auto-cy-atg"));

    [Fact]
    public void All_EveryNote_NamesAParameterOfTheRecords()
    {
        var names = ParameterCatalogue.All.Select(p => p.Name).ToHashSet();
        var stale = ParameterNotes.All.Keys.Where(k => !names.Contains(k)).ToArray();
        Assert.True(stale.Length == 0, "Notes for parameters the records no longer have (renamed or removed): " + string.Join(", ", stale));
    }

    [Fact]
    public void All_EveryParameter_HasANoteWithUnitSourceAndRange()
    {
        var missing = ParameterCatalogue.All.Where(p => !ParameterNotes.All.ContainsKey(p.Name)).Select(p => p.Name).ToArray();
        Assert.True(missing.Length == 0, "Parameters without a catalogue note (add a row to ParameterNotes.cs): " + string.Join(", ", missing));
        Assert.All(ParameterCatalogue.All, p =>
        {
            Assert.False(string.IsNullOrWhiteSpace(p.Source), p.Name);
            Assert.True(p.PlausibleMaximum > p.PlausibleMinimum, $"{p.Name}: empty range [{p.PlausibleMinimum}, {p.PlausibleMaximum}]");
        });
        Assert.Equal(ParameterCatalogue.All.Count, ParameterCatalogue.All.Select(p => p.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void All_PhysiologyAndRiskDefaults_LieInTheirPlausibleRanges()
    {
        Assert.All(ParameterCatalogue.All.Where(p => p.Group != "protocol"), p =>
            Assert.True(p.Default >= p.PlausibleMinimum && p.Default <= p.PlausibleMaximum, $"{p.Name}: default {p.Default} outside [{p.PlausibleMinimum}, {p.PlausibleMaximum}]"));
    }

    // Both ends of every range are values the model accepts: the record's own check passes and the cross-parameter
    // constraints (PhysiologyParameters.Validate) hold, so a design never fails half-way.
    [Fact]
    public void Apply_BothEndsOfEveryRange_AreAcceptedByTheModel()
    {
        Assert.All(ParameterCatalogue.All, p =>
        {
            foreach (double v in new[] { p.PlausibleMinimum, p.PlausibleMaximum })
            {
                var spec = p.Apply(Baseline, v);
                ParameterCatalogue.Validate(spec.Simulation);
            }
        });
    }

    [Fact]
    public void Apply_PhysiologyParameter_ChangesACopyAndLeavesTheDefaultsAlone()
    {
        var p = ParameterCatalogue.Find("granulopoiesis.progenitor.divisionRatePerDay")!;
        var spec = p.Apply(Baseline, 2.5);
        Assert.Equal(2.5, spec.Simulation.Parameters!.Granulopoiesis.Progenitor.DivisionRatePerDay);
        Assert.Equal(1.5, PhysiologyParameters.Default.Granulopoiesis.Progenitor.DivisionRatePerDay);
        Assert.Equal(PhysiologyParameters.Default.Erythropoiesis, spec.Simulation.Parameters.Erythropoiesis);
        var both = ParameterCatalogue.Find("homingEfficiency")!.Apply(spec, 0.3);
        Assert.Equal(0.3, both.Simulation.Parameters!.HomingEfficiency);
        Assert.Equal(2.5, both.Simulation.Parameters.Granulopoiesis.Progenitor.DivisionRatePerDay);
    }

    [Fact]
    public void Apply_RiskAndIntegerParameters_SetTheRecordValue()
    {
        var risk = ParameterCatalogue.Find("risks.acuteGvhdMaxPerDay")!.Apply(Baseline, 0.02);
        Assert.Equal(0.02, risk.Simulation.Risks.AcuteGvhdMaxPerDay);
        var stages = ParameterCatalogue.Find("stemCells.mppStages")!;
        Assert.True(stages.IsInteger);
        Assert.Equal(9, stages.Apply(Baseline, 8.6).Simulation.Parameters!.StemCells.MppStages);
    }

    // Every parameter record of the options is reached: physiology, risks and the autoreactive clone (a record added to
    // PatientSimulationOptions later joins by itself), each with at least one parameter.
    [Fact]
    public void All_EveryOptionRecord_HasParametersUnderItsName()
    {
        var groups = OptionRecord.All().Select(r => r.Group).ToArray();
        Assert.Equal("physiology", groups[0]);
        Assert.Contains("risks", groups);
        Assert.Contains("autoimmunity", groups);
        Assert.All(OptionRecord.All(), r => Assert.Contains(ParameterCatalogue.All, p => p.Group == r.Group && p.Name.StartsWith(r.Prefix, StringComparison.Ordinal)));
        Assert.DoesNotContain(ParameterCatalogue.All, p => p.Name.StartsWith("solver.", StringComparison.Ordinal));
    }

    [Fact]
    public void Apply_AutoimmunityParameter_StartsFromTheCohortsDiseaseDefaults()
    {
        var p = ParameterCatalogue.Find("autoimmunity.deathPerDay")!;
        Assert.Equal(0.05, p.Default);
        var ms = p.Apply(Baseline, 0.1).Simulation.Autoimmunity!;
        Assert.Equal(AutoimmunityParameters.ForDisease(AutoimmuneDisease.MultipleSclerosis)! with { DeathPerDay = 0.1 }, ms);
        var sscCohort = Baseline with { Covariates = Baseline.Covariates with { Disease = AutoimmuneDisease.SystemicSclerosis } };
        var ssc = p.Apply(sscCohort, 0.1).Simulation.Autoimmunity!;
        Assert.Equal(AutoimmunityParameters.ForDisease(AutoimmuneDisease.SystemicSclerosis)! with { DeathPerDay = 0.1 }, ssc);
        var both = ParameterCatalogue.Find("autoimmunity.birthOverDeathAtRest")!.Apply(p.Apply(Baseline, 0.1), 1.2).Simulation.Autoimmunity!;
        Assert.Equal((0.1, 1.2), (both.DeathPerDay, both.BirthOverDeathAtRest));
    }

    [Fact]
    public void Apply_AutoimmunityParameterWithoutDisease_RefusesNamingIt()
    {
        var none = Baseline with { Covariates = Baseline.Covariates with { Disease = AutoimmuneDisease.None } };
        var ex = Assert.Throws<InvalidOperationException>(() => ParameterCatalogue.Find("autoimmunity.deathPerDay")!.Apply(none, 0.1));
        Assert.Contains("autoimmunity.deathPerDay", ex.Message);
        Assert.Contains("None", ex.Message);
    }

    // Every non-zero entry of the default agent table is a parameter with that default; the zero entries are not.
    [Fact]
    public void All_AgentTable_EveryNonZeroEntryIsAParameter()
    {
        var table = ConditioningAgentEffects.Default;
        foreach (var agent in Enum.GetValues<ConditioningAgent>())
            foreach (var group in Enum.GetValues<KillGroup>())
            {
                double k = table.LogKillPerUnit(agent, group);
                var p = ParameterCatalogue.Find(AgentNotes.LogKillName(agent, group));
                if (k == 0) Assert.Null(p);
                else Assert.Equal(k, p!.Default);
                if (table.Antibody(agent, group) is { } ab)
                    Assert.Equal(ab.HalfLifeDays, ParameterCatalogue.Find(AgentNotes.AntibodyName(agent, group, "halfLifeDays"))!.Default);
            }
        Assert.Equal("per mg/kg", ParameterCatalogue.Find("agent.cyclophosphamide.logKillPerUnit.autoreactive")!.Unit);
        Assert.True(ParameterCatalogue.Find("agent.rituximab.antibody.bCells.ec50") is { Unit: "mg/m2", IsAssumption: true });
    }

    [Fact]
    public void All_OrganToxicityWeights_EveryNonZeroWeightIsAParameterThatChangesTheAgentsDefinition()
    {
        var table = ConditioningAgentEffects.Default;
        foreach (var agent in Enum.GetValues<ConditioningAgent>())
            foreach (var organ in Enum.GetValues<Organ>())
            {
                double w = table.OrganToxicityPerUnit(agent, organ);
                var p = ParameterCatalogue.Find(AgentNotes.OrganToxicityName(agent, organ));
                if (w == 0) { Assert.Null(p); continue; }
                Assert.Equal(w, p!.Default);
                Assert.InRange(w, p.PlausibleMinimum, p.PlausibleMaximum);
            }
        // Applying a value copies the table: the cohort's busulfan definition carries it, the defaults stay.
        var liver = ParameterCatalogue.Find("agent.busulfan.organToxicity.liver")!;
        Assert.Equal("reference exposures per mg/kg", liver.Unit);
        var changed = liver.Apply(new CohortSpecification(BuiltInProtocols.Get("allo-pbsc-mac")), 0.1);
        Assert.Equal(0.1, changed.Simulation.Effects.Definition(ConditioningAgent.Busulfan).OrganToxicityPerUnit(Organ.Liver));
        Assert.Equal(1.0 / 12.8, ConditioningAgentEffects.Default.Definition(ConditioningAgent.Busulfan).OrganToxicityPerUnit(Organ.Liver));
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => liver.Apply(new CohortSpecification(BuiltInProtocols.Get("allo-pbsc-mac")), 101));
        Assert.Contains("agent.busulfan.organToxicity.liver", ex.Message);
    }

    [Fact]
    public void Apply_AgentParameters_ChangeOneEntryOfACopiedTable()
    {
        var kill = ParameterCatalogue.Find("agent.cyclophosphamide.logKillPerUnit.tCells")!.Apply(Baseline, 0.02);
        Assert.Equal(0.02, kill.Simulation.Effects.LogKillPerUnit(ConditioningAgent.Cyclophosphamide, KillGroup.TCells));
        Assert.Equal(0.02, kill.Simulation.Effects.Definition(ConditioningAgent.Cyclophosphamide).LogKillPerUnit(KillGroup.TCells));
        Assert.Equal(0.0102, ConditioningAgentEffects.Default.LogKillPerUnit(ConditioningAgent.Cyclophosphamide, KillGroup.TCells));
        Assert.Equal(ConditioningAgentEffects.Default.LogKillPerUnit(ConditioningAgent.Cyclophosphamide, KillGroup.BCells),
            kill.Simulation.Effects.LogKillPerUnit(ConditioningAgent.Cyclophosphamide, KillGroup.BCells));
        var atg = ParameterCatalogue.Find("agent.rabbitAtg.antibody.tCells.halfLifeDays")!.Apply(kill, 8);
        Assert.Equal(new AntibodyEffect(0.2 / 6, 0, 8), atg.Simulation.Effects.Antibody(ConditioningAgent.RabbitAtg, KillGroup.TCells));
        Assert.Equal(0.02, atg.Simulation.Effects.LogKillPerUnit(ConditioningAgent.Cyclophosphamide, KillGroup.TCells));
    }

    [Fact]
    public void Apply_AgentValueTheAgentRefuses_ThrowsNamingThePublicName()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => ParameterCatalogue.Find("agent.rabbitAtg.antibody.tCells.halfLifeDays")!.Apply(Baseline, 0));
        Assert.StartsWith("Parameter 'agent.rabbitAtg.antibody.tCells.halfLifeDays': ", ex.Message);
        var kill = Assert.Throws<ArgumentOutOfRangeException>(() => ParameterCatalogue.Find("agent.busulfan.logKillPerUnit.hsc")!.Apply(Baseline, -1));
        Assert.Contains("agent.busulfan.logKillPerUnit.hsc", kill.Message);
    }

    [Fact]
    public void Apply_ValueTheRecordRefuses_ThrowsNamingThePublicName()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => ParameterCatalogue.Find("homingEfficiency")!.Apply(Baseline, 1.5));
        Assert.Contains("homingEfficiency", ex.Message);
        Assert.Contains("[0, 1]", ex.Message);
    }

    [Fact]
    public void Find_IsCaseInsensitive_AndUnknownGivesSuggestions()
    {
        Assert.Same(ParameterCatalogue.Find("homingEfficiency"), ParameterCatalogue.Find("HOMINGefficiency"));
        Assert.Null(ParameterCatalogue.Find("mitoticPoolDays"));
        Assert.Contains("granulopoiesis.mitoticPoolDays", ParameterCatalogue.Suggestions("mitoticPoolDays"));
    }

    // The acceptance: every parameter whose default is an assumption has a range.
    [Fact]
    public void All_Assumptions_HaveRangesAndThereAreMany()
    {
        var assumptions = ParameterCatalogue.All.Where(p => p.IsAssumption).ToArray();
        Assert.True(assumptions.Length >= 50, $"only {assumptions.Length} assumptions flagged");
        Assert.All(assumptions, p => Assert.True(p.PlausibleMaximum > p.PlausibleMinimum, p.Name));
    }
}
