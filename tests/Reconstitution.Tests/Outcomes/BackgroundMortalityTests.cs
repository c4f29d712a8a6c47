using Reconstitution.Cohorts;
using Reconstitution.Outcomes;
using Reconstitution.Physiology;
using Reconstitution.Protocols;
using Reconstitution.Randomness;
using Reconstitution.Tests.Cohorts;

namespace Reconstitution.Tests.Outcomes;

/// <summary>Background mortality from the SSA 2022 period life table (issue 20).</summary>
public class BackgroundMortalityTests
{
    [Theory]
    [InlineData(40, BiologicalSex.Male, 0.003353)]
    [InlineData(40, BiologicalSex.Female, 0.001803)]
    [InlineData(80, BiologicalSex.Male, 0.060660)]
    [InlineData(90, BiologicalSex.Female, 0.135805)]
    public void HazardPerYear_AtTabulatedAge_ReproducesTableQ(double age, BiologicalSex sex, double q)
    {
        Assert.Equal(q, -double.ExpM1(-BackgroundMortality.HazardPerYear(age, sex)), 9);
    }

    [Fact]
    public void HazardPerYear_RisesWithAgeAfterThirtyAndIsHigherForMen()
    {
        for (double age = 30; age < 110; age += 0.5)
        {
            Assert.True(BackgroundMortality.HazardPerYear(age + 0.5, BiologicalSex.Male) > BackgroundMortality.HazardPerYear(age, BiologicalSex.Male), $"age {age}");
            Assert.True(BackgroundMortality.HazardPerYear(age, BiologicalSex.Male) > BackgroundMortality.HazardPerYear(age, BiologicalSex.Female), $"age {age}");
        }
    }

    [Fact]
    public void DiesOn_ManyDays_MatchesLifeTableSurvivalWithinFourStandardErrors()
    {
        // Theory: a 60-year-old woman survives ten years with probability S = exp(−∫ μ), with μ from the table. Simulating
        // the daily trials for n = 4000 women, the surviving fraction has standard error √(S(1 − S)/n).
        var woman = PatientCovariates.Default with { AgeYears = 60, Sex = BiologicalSex.Female };
        double integral = 0;
        for (int d = 0; d < 3652; d++) integral += BackgroundMortality.HazardPerYear(60 + (d + 0.5) / 365.25, BiologicalSex.Female) / 365.25;
        double expected = Math.Exp(-integral);
        const int n = 4000;
        var random = Reconstitution.Randomness.RandomStream.Create(7, 0, "background-test");
        int alive = 0;
        for (int i = 0; i < n; i++)
        {
            bool died = false;
            for (int d = 0; d < 3652 && !died; d++) died = BackgroundMortality.DiesOn(woman, d, random);
            if (!died) alive++;
        }
        double se = Math.Sqrt(expected * (1 - expected) / n);
        Assert.InRange(alive / (double)n, expected - 4 * se, expected + 4 * se);
    }

    [Fact]
    public void Run_CenturyHorizon_PatientDiesOfBackgroundCauseBeforeAge130()
    {
        // Without background mortality every patient of a 36,500-day run lived past 100; with it, an 80-year-old dies.
        var old = PatientCovariates.Default with { AgeYears = 80 };
        var course = PatientSimulation.Run(old, BuiltInProtocols.Get("none"), 4, 0, new PatientSimulationOptions { Days = 36_500 });
        Assert.NotNull(course.Outcome.DeathDay);
        Assert.True(course.Outcome.DeathDay < 50 * 365, $"died on day {course.Outcome.DeathDay}");
        Assert.Equal(BackgroundMortality.Cause, course.Outcome.DeathCause);
    }

    [Fact]
    public void Bands_CenturyHorizon_DailyForTwoYearsThenMonthly()
    {
        var bands = new TrajectoryBands(-8, 36_500);
        Assert.True(bands.IsSampled(730) && bands.IsSampled(760) && bands.IsSampled(36_500));
        Assert.False(bands.IsSampled(731) || bands.IsSampled(36_499));
        int sampled = bands.SampledDays.Count();
        Assert.Equal(739 + (36_500 - 730) / 30 + 1, sampled);
    }

    [Fact]
    public void DiesOn_EveryAge_DecidesAsTheDaysProbabilityComputedEveryDay()
    {
        // DiesOn computes the day's probability only when the draw falls below a bound valid at every age; the decisions must be
        // those of u < 1 − e^(−μ(age)/365.25) with the same draws. Old ages (95–110) make deaths frequent enough to test both sides.
        foreach (var sex in new[] { BiologicalSex.Male, BiologicalSex.Female })
        {
            foreach (double startAge in new[] { 0.0, 35.0, 95.0, 110.0, 120.0 })
            {
                var covariates = PatientCovariates.Default with { AgeYears = startAge, Sex = sex };
                RandomStream fast = RandomStream.Create(7, (long)startAge, "background"), direct = RandomStream.Create(7, (long)startAge, "background");
                int deaths = 0;
                for (int day = 0; day < 20_000; day++)
                {
                    double hazardPerDay = BackgroundMortality.HazardPerYear(startAge + day / 365.25, sex) / 365.25;
                    bool expected = direct.NextDouble() < -double.ExpM1(-hazardPerDay);
                    Assert.Equal(expected, BackgroundMortality.DiesOn(covariates, day, fast));
                    if (expected) deaths++;
                }
                if (startAge >= 95) Assert.True(deaths > 10, $"{sex} from {startAge}: {deaths} deaths, too few to test the exact side");
            }
        }
    }

    [Fact]
    public void MaxProbabilityPerDay_BoundsTheDailyProbabilityAtEveryAge()
    {
        for (double age = 0; age <= 1000; age += 0.01)
        {
            foreach (var sex in new[] { BiologicalSex.Male, BiologicalSex.Female })
            {
                double p = -double.ExpM1(-BackgroundMortality.HazardPerYear(age, sex) / 365.25);
                Assert.True(p < BackgroundMortality.MaxProbabilityPerDay, $"{sex} at {age}: {p} ≥ {BackgroundMortality.MaxProbabilityPerDay}");
            }
        }
    }
}

/// <summary>A death before infusion (day −2, during conditioning) counts at day 0 in every estimator (found by a 20,000-patient run).</summary>
public class EarlyDeathEndpointTests
{
    [Fact]
    public void FromRecords_DeathBeforeDayZero_SummarisedAtDayZero()
    {
        var records = new[]
        {
            CohortTestData.Record(0, CohortTestData.Outcome(death: -2)),
            CohortTestData.Record(1, CohortTestData.Outcome(neutro: 12)),
        };
        var summary = CohortSummary.FromRecords("test", 100, 1, records, 2);
        Assert.Equal(2, summary.Patients);
        Assert.Equal(0.5, CohortSummary.ValueAt(summary.TreatmentRelatedMortality, "day100") ?? double.NaN, 9);
    }
}
