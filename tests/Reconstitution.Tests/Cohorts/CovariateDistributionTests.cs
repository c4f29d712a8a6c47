using Reconstitution.Cohorts;
using Reconstitution.Physiology;
using Reconstitution.Randomness;

namespace Reconstitution.Tests.Cohorts;

public class CovariateDistributionTests
{
    [Fact]
    public void Draw_Defaults_WithinDocumentedBoundsAndFemaleFractionWithinFourStandardErrors()
    {
        // Theory: sex is Bernoulli(0.6); over n draws the fraction has SE = sqrt(0.6·0.4/n).
        const int n = 4000;
        var d = CovariateDistribution.Default;
        int female = 0;
        for (int i = 0; i < n; i++)
        {
            var c = d.Draw(RandomStream.Create(11, i, "covariates"));
            Assert.InRange(c.AgeYears, 18, 65);
            Assert.InRange(c.WeightKg, 45, 130);
            Assert.Equal(AutoimmuneDisease.MultipleSclerosis, c.Disease);
            if (c.Sex == BiologicalSex.Female) female++;
        }
        double se = Math.Sqrt(0.6 * 0.4 / n);
        Assert.InRange(female / (double)n, 0.6 - 4 * se, 0.6 + 4 * se);
    }

    [Fact]
    public void Draw_SameStream_SameCovariates()
    {
        var d = CovariateDistribution.Default;
        Assert.Equal(d.Draw(RandomStream.Create(3, 17, "covariates")), d.Draw(RandomStream.Create(3, 17, "covariates")));
    }

    [Fact]
    public void Fixed_GivesExactlyTheCovariates()
    {
        var c = new PatientCovariates { AgeYears = 33, WeightKg = 61.5, Sex = BiologicalSex.Female, Disease = AutoimmuneDisease.SystemicSclerosis };
        var d = CovariateDistribution.Fixed(c);
        Assert.Equal(c, d.Draw(RandomStream.Create(1, 0, "covariates")));
    }

    [Fact]
    public void Validate_EmptyAgeRange_ThrowsNamingTheProperty()
    {
        var d = CovariateDistribution.Default with { AgeMinYears = 70, AgeMaxYears = 60 };
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => d.Validate());
        Assert.Contains("AgeMaxYears", ex.Message);
    }

    [Fact]
    public void AgeSd_OutOfRange_ThrowsNamingTheProperty()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => CovariateDistribution.Default with { AgeSdYears = -1 });
        Assert.Contains("AgeSdYears", ex.Message);
    }
}
