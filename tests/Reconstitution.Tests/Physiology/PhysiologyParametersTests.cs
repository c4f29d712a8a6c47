using Reconstitution.Physiology;
using Xunit;

namespace Reconstitution.Tests.Physiology;

public sealed class PhysiologyParametersTests
{
    [Fact]
    public void Default_Validate_DoesNotThrow()
    {
        PhysiologyParameters.Default.Validate();
        GraftComposition.PeripheralBlood.Validate();
        GraftComposition.BoneMarrow.Validate();
        GraftComposition.CordBlood.Validate();
    }

    [Fact]
    public void Default_KeyValues_MatchModelDocument()
    {
        // docs/model.md §12: the values the design was verified with (§13).
        var p = PhysiologyParameters.Default;
        Assert.Equal(4.0e4, p.StemCells.HscCount);
        Assert.Equal(280.0, p.StemCells.HscDivisionIntervalDays);
        Assert.Equal(0.29, p.StemCells.MppDivisionRatePerDay);
        Assert.Equal(8, p.StemCells.MppStages);
        Assert.Equal(0.45, p.Granulopoiesis.Progenitor.SelfRenewalMax);
        Assert.Equal(6.96, p.Erythropoiesis.Progenitor.HillCoefficient);
        Assert.Equal(115.0, p.Erythropoiesis.RedCellLifespanDays);
        Assert.Equal(9.5, p.Thrombopoiesis.PlateletLifespanDays);
        Assert.Equal(0.5, p.HomingEfficiency);
        Assert.Equal(0.4, GraftComposition.CordBlood.HomingFactor);
    }

    [Fact]
    public void Init_OutOfRange_ThrowsNamingTheProperty()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new StemCellParameters { HscCount = -1.0 });
        Assert.Equal("HscCount", ex.ParamName);
        Assert.Contains("-1", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ProgenitorKinetics { SelfRenewalMax = 0.5 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new PatientCovariates { WeightKg = double.NaN });
        Assert.Throws<ArgumentOutOfRangeException>(() => PhysiologyParameters.Default with { HomingEfficiency = 1.5 });
    }

    [Fact]
    public void Validate_SetPointSelfRenewalAboveMaximum_Throws()
    {
        var bad = PhysiologyParameters.Default with
        {
            Granulopoiesis = new GranulopoiesisParameters
            {
                Progenitor = new ProgenitorKinetics { SelfRenewalAtSetPoint = 0.4, SelfRenewalMax = 0.35 },
            },
        };
        Assert.Throws<ArgumentException>(bad.Validate);
    }

    [Fact]
    public void GraftComposition_FractionsAboveOne_Throws()
    {
        var bad = GraftComposition.PeripheralBlood with { GranulocyteProgenitorFraction = 0.95 };
        Assert.Throws<ArgumentException>(bad.Validate);
    }

    [Theory]
    [InlineData(40.0, 1.0)]
    [InlineData(25.0, 1.6)]     // (60 + 3*20) / 75
    [InlineData(65.0, 0.5333)]  // 40 / 75
    [InlineData(80.0, 0.3333)]  // 25 / 75
    public void AgeFactor_FollowsSteinmannEpithelialSpace(double age, double expected)
    {
        Assert.Equal(expected, new ThymusParameters().AgeFactor(age), 3);
    }

    [Fact]
    public void AgeFactor_DecreasesWithAge()
    {
        var t = new ThymusParameters();
        for (double age = 0; age < 110; age += 1)
            Assert.True(t.AgeFactor(age + 1) <= t.AgeFactor(age));
    }

    [Fact]
    public void ForDisease_None_IsNull_OthersAreAntibodyOrT()
    {
        Assert.Null(AutoimmunityParameters.ForDisease(AutoimmuneDisease.None));
        Assert.NotNull(AutoimmunityParameters.ForDisease(AutoimmuneDisease.MultipleSclerosis));
        Assert.True(AutoimmunityParameters.IsAntibodyMediated(AutoimmuneDisease.ImmuneThrombocytopenia));
        Assert.False(AutoimmunityParameters.IsAntibodyMediated(AutoimmuneDisease.MultipleSclerosis));
        Assert.Throws<ArgumentOutOfRangeException>(() => AutoimmunityParameters.ForDisease((AutoimmuneDisease)99));
    }
}
