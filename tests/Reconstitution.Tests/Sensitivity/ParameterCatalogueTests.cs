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
                spec.Simulation.Parameters?.Validate();
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
