using Reconstitution.Outcomes;
using Reconstitution.Physiology;
using Reconstitution.Protocols;
using Xunit;
using Xunit.Abstractions;

namespace Reconstitution.Tests.Outcomes;

/// <summary>
/// Deaths in prolonged aplasia are attributed to the graft once it has failed (docs/model.md §20.2): after myeloablation
/// (Bu 12.8 + Cy 120 mg/kg) a graft of 10³ CD34+/kg never engrafts; a death of prolonged aplasia on or after day +30 is
/// <c>graftFailure</c>, one before it <c>aplasia</c>; without a graft every such death is <c>aplasia</c>. Fixed seeds.
/// </summary>
public sealed class GraftFailureDeathTests(ITestOutputHelper output)
{
    private static DefinedProtocol Myeloablative(GraftDefinition? graft) => new(new ProtocolDefinition(graft is null ? "bucy-no-graft" : "bucy-tiny-graft")
    {
        Conditioning = [.. Enumerable.Range(0, 4).Select(i => new ConditioningDose(ConditioningAgent.Busulfan, 3.2, -7 + i)),
            new ConditioningDose(ConditioningAgent.Cyclophosphamide, 60, -3), new ConditioningDose(ConditioningAgent.Cyclophosphamide, 60, -2)],
        Graft = graft,
    });

    // The aplasia hazard raised (0.03 → 0.15 a day) so that deaths fall on both sides of day +30; organ toxicity and other causes off.
    private static readonly PatientSimulationOptions Options = new()
    {
        Days = 60,
        OrganToxicity = OrganToxicityParameters.None,
        Risks = ClinicalRiskParameters.Default with { AplasiaDeathPerDay = 0.15, FatalInfectionProbabilityNeutropenic = 0, BackgroundMortality = false },
    };

    private static List<PatientOutcome> AplasiaDeaths(IProtocol protocol, int n, ulong seed) =>
        [.. Enumerable.Range(0, n).Select(i => PatientSimulation.Run(PatientCovariates.Default, protocol, seed, i, Options).Outcome)
            .Where(o => o.DeathCause is DeathCauses.Aplasia or DeathCauses.GraftFailure)];

    [Fact]
    public void AplasiaDeath_FailedGraft_GraftFailureFromTheFailureDayAndAplasiaBefore()
    {
        var deaths = AplasiaDeaths(Myeloablative(new GraftDefinition(GraftSource.PeripheralBlood, DonorType.Self, 1e3)), 40, 61);
        output.WriteLine(string.Join(", ", deaths.Select(d => $"{d.DeathCause} day {d.DeathDay}")));
        Assert.Contains(deaths, d => d.DeathCause == DeathCauses.GraftFailure);
        Assert.Contains(deaths, d => d.DeathCause == DeathCauses.Aplasia);
        Assert.All(deaths, d => Assert.Equal(d.DeathDay >= GraftFailureCriteria.Default.AdultSourceDay ? DeathCauses.GraftFailure : DeathCauses.Aplasia, d.DeathCause));
    }

    [Fact]
    public void AplasiaDeath_NoGraft_AlwaysAplasia()
    {
        var deaths = AplasiaDeaths(Myeloablative(null), 20, 62);
        Assert.NotEmpty(deaths);
        Assert.All(deaths, d => Assert.Equal(DeathCauses.Aplasia, d.DeathCause));
    }
}
