using Reconstitution.Outcomes;
using Reconstitution.Physiology;
using Reconstitution.Protocols;
using Xunit;

namespace Reconstitution.Tests.Outcomes;

public sealed class AutoimmunityOverrideTests
{
    private static readonly PatientCovariates Ms = new() { AgeYears = 35, Disease = AutoimmuneDisease.MultipleSclerosis };
    private static readonly AutoimmunityParameters Override = new() { ReferenceBurdenCells = 1e5, DeathPerDay = 0.1, BirthOverDeathAtRest = 1.3 };

    private static PatientCourse Run(PatientCovariates covariates, AutoimmunityParameters? autoimmunity, bool variability, long index = 0) =>
        PatientSimulation.Run(covariates, BuiltInProtocols.Get("auto-cy-atg"), 5, index,
            new PatientSimulationOptions { Days = 1, Autoimmunity = autoimmunity, BetweenPatientVariability = variability });

    [Fact]
    public void Run_OverrideWithoutVariability_IsThePatientsCloneAndSetsItsBurden()
    {
        var course = Run(Ms, Override, variability: false);
        Assert.Equal(Override, course.Patient.Autoimmunity);
        // Untreated steady state: the clone sits at its reference burden (docs/model.md §7), so a 10× smaller reference gives a
        // 10× smaller clone before conditioning.
        double reference = Run(Ms, null, variability: false).Outcome.AutoreactiveBeforeCells;
        Assert.Equal(10, reference / course.Outcome.AutoreactiveBeforeCells, 1e-6 * 10);
    }

    // With variability the override is the median the patient's values are drawn around: the same standard normals (same seed
    // and index) scale the override's birth/death ratio as they scale the disease default's; the death rate is not drawn.
    [Fact]
    public void Run_OverrideWithVariability_IsTheMedianOfTheDraw()
    {
        for (long index = 0; index < 5; index++)
        {
            var mine = Run(Ms, Override, variability: true, index).Patient.Autoimmunity!;
            var own = Run(Ms, null, variability: true, index).Patient.Autoimmunity!;
            Assert.Equal(0.1, mine.DeathPerDay);
            if (mine.BirthOverDeathAtRest > 1.05 && own.BirthOverDeathAtRest > 1.05)
                Assert.Equal(own.BirthOverDeathAtRest / 1.5, mine.BirthOverDeathAtRest / 1.3, 1e-12);
            Assert.Equal(own.ReferenceBurdenCells / 1e6, mine.ReferenceBurdenCells / 1e5, 1e-9);
        }
    }

    [Fact]
    public void Run_OverrideWithoutDisease_IsIgnored()
    {
        var none = Ms with { Disease = AutoimmuneDisease.None };
        Assert.Null(Run(none, Override, variability: false).Patient.Autoimmunity);
        Assert.Null(Run(none, Override, variability: true).Patient.Autoimmunity);
    }
}
