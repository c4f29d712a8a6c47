using Reconstitution.Cli;
using Reconstitution.Cli.Lab;
using Reconstitution.Cohorts;
using Reconstitution.Physiology;
using Reconstitution.Protocols;

namespace Reconstitution.Tests.Lab;

public class CohortFormTests
{
    private static readonly IProtocol Protocol = BuiltInProtocols.Get("auto-cy-atg");

    [Fact]
    public void Read_Defaults_AreTheCommandLinesCohort()
    {
        var spec = CohortForm.Read(new FormReader(CohortForm.DefaultValues()), LabLimits.Default, Protocol);
        Assert.Equal(CovariateDistribution.Default, spec.Covariates);
        Assert.Equal((CommonOptions.DefaultSeed, CommonOptions.DefaultDays, 100), (spec.Seed, spec.Days, spec.Patients));
    }

    [Fact]
    public void Read_ChosenValues_SetDiseaseAgesSizeDaysAndSeed()
    {
        var v = CohortForm.DefaultValues();
        (v["disease"], v["ageMeanYears"], v["ageMinYears"], v["ageMaxYears"], v["patients"], v["days"], v["seed"]) = ("itp", "30", "20", "40", "2000", "1825", "42");
        var spec = CohortForm.Read(new FormReader(v), LabLimits.Default, Protocol);
        Assert.Equal(AutoimmuneDisease.ImmuneThrombocytopenia, spec.Covariates.Disease);
        Assert.Equal((30.0, 20.0, 40.0), (spec.Covariates.AgeMeanYears, spec.Covariates.AgeMinYears, spec.Covariates.AgeMaxYears));
        Assert.Equal((2000, 1825, 42UL), (spec.Patients, spec.Days, spec.Seed));
    }

    [Fact]
    public void Read_BadValues_OneMessagePerField()
    {
        var v = CohortForm.DefaultValues();
        (v["disease"], v["ageMinYears"], v["ageMaxYears"], v["patients"], v["days"], v["seed"]) = ("flu", "50", "30", "2001", "0", "-1");
        var errors = Assert.Throws<LabInputException>(() => CohortForm.Read(new FormReader(v), LabLimits.Default, Protocol)).Errors.ToDictionary(e => e.Field, e => e.Message);
        Assert.Equal(["ageMaxYears", "days", "disease", "patients", "seed"], errors.Keys.Order());
        Assert.Equal("Patients: 2001 is too large; allowed a whole number from 1 to 2000.", errors["patients"]);
        Assert.Contains("below the youngest age (50)", errors["ageMaxYears"]);
        Assert.Contains("'flu' is not one of", errors["disease"]);
    }
}
