using Reconstitution.Outcomes;
using Reconstitution.Physiology;
using Reconstitution.Protocols;
using Xunit;
using Xunit.Abstractions;

namespace Reconstitution.Tests.Outcomes;

/// <summary>
/// Death from the disease itself (docs/model.md §20.1). Theory: with the disease untreated its relative activity D stays at
/// its steady state 1, so each day is a Bernoulli trial with p = 1 − e^(−μ/365.25) and the share dying of the disease within
/// the first N days (days 0 … N, no competing hazard) is 1 − e^(−μ(N + 1)/365.25): checked within 4 binomial standard errors.
/// Conditioning that removes the clone removes most of that hazard (a direction, same seeds).
/// </summary>
public sealed class DiseaseMortalityTests(ITestOutputHelper output)
{
    // Only the disease can kill: no background deaths, no first-year infections (the untreated patient is never neutropenic).
    private static PatientSimulationOptions Options(double sscPerYear, int days) =>
        Options(DiseaseMortalityParameters.Default with { SystemicSclerosisPerYear = sscPerYear }, days);

    private static PatientSimulationOptions Options(DiseaseMortalityParameters mortality, int days) => new()
    {
        Days = days,
        Risks = ClinicalRiskParameters.Default with { BackgroundMortality = false, InfectionPerDayOtherwise = 0, DiseaseMortality = mortality },
    };

    private static readonly PatientCovariates Ssc = new() { Disease = AutoimmuneDisease.SystemicSclerosis };

    private static int DiseaseDeaths(IProtocol protocol, int n, ulong seed, PatientSimulationOptions options) =>
        Enumerable.Range(0, n).Count(i => PatientSimulation.Run(Ssc, protocol, seed, i, options).Outcome.DeathCause == DeathCauses.Disease);

    [Fact]
    public void DiseaseDeath_Untreated_FollowsTheConstantHazardOfTheUntreatedActivity()
    {
        const int n = 200, days = 365;
        const double perYear = 1; // raised from 0.023 so that the rate is measurable with 200 patients
        int deaths = DiseaseDeaths(BuiltInProtocols.Get("none"), n, 51, Options(perYear, days));
        double p = 1 - Math.Exp(-perYear * (days + 1) / 365.25), tolerance = 4 * Math.Sqrt(p * (1 - p) / n);
        output.WriteLine($"untreated SSc at {perYear}/year: {deaths}/{n}, theory {p:P1} ± {tolerance:P1}");
        Assert.InRange(deaths / (double)n, p - tolerance, p + tolerance);
    }

    [Fact]
    public void DiseaseDeath_AfterConditioningRemovesTheClone_FarRarerThanUntreated()
    {
        // Cy 200 mg/kg + ATG leaves D well below 1 from the first weeks (the clone is killed; the antibody share 0.3 decays with
        // the plasma cells), so over 180 days the disease kills far fewer than the ≈ 39 % of untreated patients at 1/year.
        const int n = 100, days = 180;
        var options = Options(1, days) with { OrganToxicity = OrganToxicityParameters.None };
        int untreated = DiseaseDeaths(BuiltInProtocols.Get("none"), n, 52, options);
        int treated = DiseaseDeaths(BuiltInProtocols.Get("auto-cy-atg"), n, 52, options);
        output.WriteLine($"disease deaths in {days} days: untreated {untreated}/{n}, auto-cy-atg {treated}/{n}");
        Assert.True(treated * 2 < untreated, $"treated {treated}, untreated {untreated}");
    }

    [Fact]
    public void DiseaseDeath_None_NeverProduced()
    {
        // Contrast: at 1/year about 28 % of 20 untreated patients die of the disease within 120 days (P(none) ≈ 0.001), so
        // None producing no death shows the switch, not chance.
        Assert.True(DiseaseDeaths(BuiltInProtocols.Get("none"), 20, 53, Options(1, 120)) > 0, "the contrast produced no disease death");
        Assert.Equal(0, DiseaseDeaths(BuiltInProtocols.Get("none"), 20, 53, Options(DiseaseMortalityParameters.None, 120)));
    }

    [Fact]
    public void PerYear_EveryDisease_DefaultRateAndNoneForNoDisease()
    {
        var d = DiseaseMortalityParameters.Default;
        Assert.Equal(0, d.PerYear(AutoimmuneDisease.None));
        Assert.Equal(0.023, d.PerYear(AutoimmuneDisease.SystemicSclerosis));
        Assert.Equal(0.002, d.PerYear(AutoimmuneDisease.MultipleSclerosis));
        foreach (var disease in Enum.GetValues<AutoimmuneDisease>().Where(x => x != AutoimmuneDisease.None))
        {
            Assert.InRange(d.PerYear(disease), 1e-4, 0.1);
            Assert.Equal(0, DiseaseMortalityParameters.None.PerYear(disease));
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => d.PerYear((AutoimmuneDisease)99));
    }

    [Theory]
    [InlineData(-0.01)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void SystemicSclerosisPerYear_OutOfRange_ThrowsNamingTheProperty(double value)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => DiseaseMortalityParameters.Default with { SystemicSclerosisPerYear = value });
        Assert.Contains(nameof(DiseaseMortalityParameters.SystemicSclerosisPerYear), ex.Message);
    }

    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(0.75, 1.0)]
    [InlineData(0.5, 1.0 / 3)]
    [InlineData(0.9, 3.0)]
    public void RelativeActivity_IndexOfD_ReturnsD(double dai, double d)
    {
        // DAI = D/(D + 1/3) (docs/model.md §19): the inverse returns D, 1 at the untreated steady state.
        Assert.Equal(d, DiseaseMortalityParameters.RelativeActivity(dai), 12);
    }

    [Fact]
    public void DeathCauses_DiseaseAndGraftFailure_ListedAndOnlyDiseaseNotTreatmentRelated()
    {
        Assert.Contains(DeathCauses.Disease, DeathCauses.All);
        Assert.Contains(DeathCauses.GraftFailure, DeathCauses.All);
        Assert.False(DeathCauses.IsTreatmentRelated(DeathCauses.Disease));
        Assert.True(DeathCauses.IsTreatmentRelated(DeathCauses.GraftFailure));
    }
}
