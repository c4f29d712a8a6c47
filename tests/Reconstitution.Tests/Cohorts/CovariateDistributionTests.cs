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
        var c = new PatientCovariates { AgeYears = 33, WeightKg = 61.5, Sex = BiologicalSex.Female, Disease = AutoimmuneDisease.SystemicSclerosis, KarnofskyScore = 75 };
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

    [Fact]
    public void Draw_Defaults_KarnofskyScoresFollowTheirFractionsWithinFourStandardErrors()
    {
        // Theory: each patient's score is an independent categorical draw with the documented fractions p_k, so the count of
        // score k over n patients is Binomial(n, p_k): its share has SE = sqrt(p_k(1 − p_k)/n). Every score is one of the levels.
        const int n = 4000;
        var d = CovariateDistribution.Default;
        var counts = new Dictionary<double, int>();
        for (int i = 0; i < n; i++)
        {
            double k = d.Draw(RandomStream.Create(12, i, "covariates")).KarnofskyScore;
            counts[k] = counts.GetValueOrDefault(k) + 1;
        }
        Assert.Subset(new HashSet<double>(d.KarnofskyScores), new HashSet<double>(counts.Keys));
        for (int j = 0; j < d.KarnofskyScores.Count; j++)
        {
            double p = d.KarnofskyFractions[j], se = Math.Sqrt(p * (1 - p) / n);
            Assert.InRange(counts.GetValueOrDefault(d.KarnofskyScores[j]) / (double)n, p - 4 * se, p + 4 * se);
        }
    }

    [Fact]
    public void Draw_KarnofskyAdded_AgeSexAndWeightDrawnAsBefore()
    {
        // The score is drawn after the other covariates from the same stream, so changing its distribution moves nothing else.
        var a = CovariateDistribution.Default.Draw(RandomStream.Create(5, 9, "covariates"));
        var b = (CovariateDistribution.Default with { KarnofskyScores = [40], KarnofskyFractions = [1] }).Draw(RandomStream.Create(5, 9, "covariates"));
        Assert.Equal(a with { KarnofskyScore = 40 }, b);
    }

    [Fact]
    public void Validate_KarnofskyFractionsNotSummingToOne_ThrowsNamingTheProperty()
    {
        var d = CovariateDistribution.Default with { KarnofskyFractions = [0.5, 0.25, 0.1, 0.1] };
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => d.Validate());
        Assert.Contains("KarnofskyFractions", ex.Message);
    }

    [Fact]
    public void Validate_KarnofskyLengthsDiffer_ThrowsNamingBoth()
    {
        var d = CovariateDistribution.Default with { KarnofskyFractions = [0.5, 0.5] };
        var ex = Assert.Throws<ArgumentException>(() => d.Validate());
        Assert.Contains("KarnofskyScores", ex.Message);
        Assert.Contains("KarnofskyFractions", ex.Message);
    }

    [Theory]
    [InlineData(5.0)]
    [InlineData(110.0)]
    [InlineData(double.NaN)]
    public void KarnofskyScores_OutOfRange_ThrowsNamingTheProperty(double score)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => CovariateDistribution.Default with { KarnofskyScores = [score] });
        Assert.Contains("KarnofskyScores", ex.Message);
    }

    [Fact]
    public void KarnofskyFractions_Negative_ThrowsNamingTheProperty()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => CovariateDistribution.Default with { KarnofskyFractions = [1.1, -0.1] });
        Assert.Contains("KarnofskyFractions", ex.Message);
    }
}
