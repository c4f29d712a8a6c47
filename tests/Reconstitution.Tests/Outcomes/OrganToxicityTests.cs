using Reconstitution.Outcomes;
using Reconstitution.Physiology;
using Reconstitution.Protocols;
using Reconstitution.Tests.Protocols;
using Xunit;
using Xunit.Abstractions;

namespace Reconstitution.Tests.Outcomes;

/// <summary>
/// Regimen-related organ toxicity (docs/model.md §18). Theory: for a reference patient the probability of a severe
/// toxicity of an organ is 1 − e^(−Λ_ref·X^n), X the organ exposure; every proportion is checked within 4 binomial standard
/// errors, and directions (myeloablative above reduced intensity; systemic sclerosis above MS) by the difference of the
/// two cohorts' organ deaths, fixed seeds.
/// </summary>
public sealed class OrganToxicityTests(ITestOutputHelper output)
{
    private static DefinedProtocol CyOnly(double perDay, int days) => new(new ProtocolDefinition("cy-" + perDay * days)
    {
        Conditioning = [.. Enumerable.Range(0, days).Select(i => new ConditioningDose(ConditioningAgent.Cyclophosphamide, perDay, -5 + i))],
        Graft = new GraftDefinition(GraftSource.PeripheralBlood, DonorType.Self, 5e6),
    });

    private static int SevereEvents(IProtocol protocol, int n, ulong seed, PatientSimulationOptions options, string organ)
    {
        int count = 0;
        for (int i = 0; i < n; i++)
        {
            var course = PatientSimulation.Run(PatientCovariates.Default, protocol, seed, i, options);
            if (course.Events.Any(e => e.Kind == "organToxicity" && e.Detail!.StartsWith(organ, StringComparison.Ordinal))) count++;
        }
        return count;
    }

    private void AssertBinomial(string what, int events, int n, double p)
    {
        double tolerance = 4 * Math.Sqrt(p * (1 - p) / n);
        output.WriteLine($"{what}: {events}/{n} = {(double)events / n:P1}, theory {p:P1} ± {tolerance:P1}");
        Assert.InRange((double)events / n, p - tolerance, p + tolerance);
    }

    [Fact]
    public void SevereCardiotoxicity_CyclophosphamideDoses_FollowsOneMinusExpOfPowerLawHazard()
    {
        // Λ_ref raised to 0.3 (case fatality 0: nobody dies of it) so that the rate is measurable; reference patient (HR 1).
        var heart = new OrganHazard(0.3, 3.8, 10, 0, 3);
        var options = new PatientSimulationOptions { Days = 10, OrganToxicity = OrganToxicityParameters.Default.With(Organ.Heart, heart) };
        const int n = 300;
        AssertBinomial("Cy 200 mg/kg", SevereEvents(CyOnly(50, 4), n, 21, options, "heart"), n, 1 - Math.Exp(-heart.CumulativeHazard(1)));
        AssertBinomial("Cy 120 mg/kg", SevereEvents(CyOnly(60, 2), n, 22, options, "heart"), n, 1 - Math.Exp(-heart.CumulativeHazard(0.6)));
    }

    [Fact]
    public void OrganToxicity_None_NoOrganEventsOrDeaths()
    {
        var options = new PatientSimulationOptions { Days = 10, OrganToxicity = OrganToxicityParameters.None };
        Assert.Equal(0, SevereEvents(CyOnly(50, 4), 50, 23, options, ""));
    }

    [Fact]
    [Trait("Category", "Calibration")]
    public void TreatmentRelatedMortality_MyeloablativeVersusReducedIntensity_Higher()
    {
        // Bu 12.8 + Cy 120 exposes liver (X = 1.1), lung (0.6) and heart (0.6); Flu + Bu 6.4 exposes liver 0.5 and lung 0.25 only.
        // Expected organ deaths ≈ 3–4 % vs ≈ 0.5 %: z ≈ 3 with 300 patients per arm.
        var covariates = new PatientCovariates { AgeYears = 45 };
        var mac = CohortHelper.Run(BuiltInProtocols.Get("allo-pbsc-mac"), 300, 100, 31, covariates);
        var ric = CohortHelper.Run(BuiltInProtocols.Get("ric-flu-bu-atg"), 300, 100, 32, covariates);
        int OrganDeaths(PatientOutcome[] r) => r.Count(o => o.DeathCause?.StartsWith(DeathCauses.OrganPrefix, StringComparison.Ordinal) == true);
        output.WriteLine($"organ deaths MAC {OrganDeaths(mac)}, RIC {OrganDeaths(ric)}; all deaths MAC {mac.Count(o => o.DeathDay is not null)}, RIC {ric.Count(o => o.DeathDay is not null)}");
        Assert.True(OrganDeaths(mac) > OrganDeaths(ric));
        Assert.True(mac.Count(o => o.DeathDay is not null) > ric.Count(o => o.DeathDay is not null));
    }

    [Fact]
    [Trait("Category", "Calibration")]
    public void TreatmentRelatedMortality_SystemicSclerosisVersusMs_HigherOnTheSameRegimen()
    {
        // Cy 200 mg/kg + ATG: the SSc heart (hazard ratio 9) gives ≈ 4 % cardiac deaths against ≈ 0.5 % in MS: z ≈ 3 with 300 each.
        var ssc = CohortHelper.Run(BuiltInProtocols.Get("auto-cy-atg"), 300, 60, 41, new PatientCovariates { AgeYears = 45, Disease = AutoimmuneDisease.SystemicSclerosis });
        var ms = CohortHelper.Run(BuiltInProtocols.Get("auto-cy-atg"), 300, 60, 41, new PatientCovariates { AgeYears = 45, Disease = AutoimmuneDisease.MultipleSclerosis });
        int Deaths(PatientOutcome[] r) => r.Count(o => o.DeathDay is not null);
        int Heart(PatientOutcome[] r) => r.Count(o => o.DeathCause == DeathCauses.OfOrgan(Organ.Heart));
        output.WriteLine($"deaths SSc {Deaths(ssc)} (heart {Heart(ssc)}), MS {Deaths(ms)} (heart {Heart(ms)})");
        Assert.True(Heart(ssc) > Heart(ms));
        Assert.True(Deaths(ssc) > Deaths(ms));
    }

    [Fact]
    public void PatientHazardRatio_AgeAndPerformance_MultiplyPerDecadeAndPer10Points()
    {
        var p = OrganToxicityParameters.Default;
        Assert.Equal(1, p.PatientHazardRatio(PatientCovariates.Default), 12);
        double r = p.PatientHazardRatio(new PatientCovariates { AgeYears = 60, KarnofskyScore = 70 });
        Assert.Equal(Math.Pow(p.AgeHazardRatioPerDecade, 2) * Math.Pow(p.PerformanceHazardRatioPer10Points, 2), r, 12);
        Assert.True(p.PatientHazardRatio(new PatientCovariates { AgeYears = 20, KarnofskyScore = 100 }) < 1);
    }

    [Fact]
    public void Parameters_BadValues_ThrowNamingTheValue()
    {
        var p = OrganToxicityParameters.Default;
        Assert.Throws<ArgumentOutOfRangeException>(() => p.With(Organ.Lung, new OrganHazard(-1, 2, 10, 0.5, 3)));
        Assert.Throws<ArgumentOutOfRangeException>(() => p.With(Organ.Lung, new OrganHazard(0.1, 2, 0, 0.5, 3)));
        Assert.Throws<ArgumentOutOfRangeException>(() => p.With(Organ.Lung, new OrganHazard(0.1, 2, 10, 1.5, 3)));
        Assert.Throws<ArgumentOutOfRangeException>(() => p with { AgeHazardRatioPerDecade = 0.5 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new PatientCovariates { KarnofskyScore = 5 });
        Assert.Throws<ArgumentOutOfRangeException>(() => DiseaseOrganInvolvement.None.With(Organ.Heart, -1));
        Assert.Equal(0.7, p.With(Organ.Lung, new OrganHazard(0.7, 2, 10, 0.5, 3)).Hazard(Organ.Lung).ReferenceCumulativeHazard);
    }

    [Fact]
    public void DeathCauses_Vocabulary_ListsEveryOrganAndTheClinicalCauses()
    {
        Assert.Equal("organ:heart", DeathCauses.OfOrgan(Organ.Heart));
        foreach (var organ in Enum.GetValues<Organ>()) Assert.Contains(DeathCauses.OfOrgan(organ), DeathCauses.All);
        foreach (var cause in new[] { "infection", "aplasia", "gvhd", "graftFailure", "disease", "background" }) Assert.Contains(cause, DeathCauses.All);
        Assert.Equal(DeathCauses.All.Count, DeathCauses.All.Distinct().Count());
        Assert.False(DeathCauses.IsTreatmentRelated(DeathCauses.Background));
        Assert.True(DeathCauses.IsTreatmentRelated(DeathCauses.OfOrgan(Organ.Lung)));
    }
}
