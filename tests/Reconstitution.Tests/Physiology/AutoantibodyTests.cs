using Reconstitution.Outcomes;
using Reconstitution.Physiology;
using Reconstitution.Protocols;
using Xunit;
using Xunit.Abstractions;

namespace Reconstitution.Tests.Physiology;

/// <summary>
/// Antibody-mediated disease (docs/model.md §19): short-lived plasma cells S and long-lived ones L, fed by the clone A,
/// secrete the autoantibody, which decays with the IgG half-life.
/// </summary>
public sealed class AutoantibodyTests(ITestOutputHelper output)
{
    // A user agent that removes the autoreactive clone only (e^(−1000) leaves no cell): the source of new plasma cells stops.
    private static readonly ConditioningAgentDefinition CloneDepletion = new("clone-depletion", "dose", 1,
        new Dictionary<KillGroup, double> { [KillGroup.Autoreactive] = 1000 });

    private static PatientCourse Run(AutoimmuneDisease disease, IProtocol protocol, int days) =>
        PatientSimulation.Run(new PatientCovariates { Disease = disease }, protocol, 3, 0,
            new PatientSimulationOptions { Days = days, BetweenPatientVariability = false, OrganToxicity = OrganToxicityParameters.None });

    /// <summary>
    /// Theory: with the clone gone at t₀, S(τ) = S₀e^(−d_S τ), L(τ) = L₀e^(−d_L τ) and Ab' = S + L − k·Ab, so the antibody relative to
    /// its steady state Ab₀ = (S₀ + L₀)/k is r(τ) = e^(−kτ) + k·Σ_j f_j (e^(−d_j τ) − e^(−kτ))/(k − d_j), f_S = 1 − f, f_L = f (the
    /// long-lived share). The network integrates S, L and Ab as ODEs (relative tolerance ≤ 10⁻⁴) and the clone's demographic noise
    /// before t₀ is ≈ 1/√A* ≈ 10⁻³ of A*, so 1 % of r bounds the difference.
    /// </summary>
    [Theory]
    [InlineData(AutoimmuneDisease.SystemicLupusErythematosus)]
    [InlineData(AutoimmuneDisease.ImmuneThrombocytopenia)]
    public void Autoantibody_AfterCloneDepletion_FallsWithPlasmaCellAndIgGHalfLives(AutoimmuneDisease disease)
    {
        var protocol = new DefinedProtocol(new ProtocolDefinition("deplete") { Conditioning = [new ConditioningDose(CloneDepletion, 1, -1)] });
        var course = Run(disease, protocol, 400);
        var p = AutoimmunityParameters.ForDisease(disease)!;
        double k = Math.Log(2) / p.AntibodyHalfLifeDays, dS = Math.Log(2) / p.ShortLivedPlasmaCellHalfLifeDays, dL = p.PlasmaCellDeathPerDay;
        double f = p.LongLivedAntibodyShare;
        double Theory(double tau) => Math.Exp(-k * tau)
            + k * ((1 - f) * (Math.Exp(-dS * tau) - Math.Exp(-k * tau)) / (k - dS) + f * (Math.Exp(-dL * tau) - Math.Exp(-k * tau)) / (k - dL));
        var days = course.Trajectory.Days;
        var ab = course.Trajectory.Values(Measure.Autoantibody);
        var clone = course.Trajectory.Values(Measure.Autoreactive);
        Assert.Equal(1, ab[0], 2); // before the kill: the steady state
        foreach (int day in new[] { 3, 10, 30, 60, 120, 240, 400 })
        {
            int i = Array.IndexOf(days.ToArray(), (double)day);
            Assert.Equal(0, clone[i]);
            double expected = Theory(day - (-1));
            output.WriteLine($"day {day}: model {ab[i]:F4}, theory {expected:F4}");
            Assert.InRange(ab[i], expected * 0.99, expected * 1.01);
        }
    }

    [Fact]
    public void Autoantibody_TCellDiseaseAndNoDisease_ZeroAndSteadyForAntibodyDisease()
    {
        var none = BuiltInProtocols.Get("none");
        Assert.All(Run(AutoimmuneDisease.MultipleSclerosis, none, 30).Trajectory.Values(Measure.Autoantibody).ToArray(), v => Assert.Equal(0, v));
        Assert.All(Run(AutoimmuneDisease.AutoimmuneHemolyticAnemia, none, 30).Trajectory.Values(Measure.Autoantibody).ToArray(), v => Assert.InRange(v, 0.98, 1.02));
    }

    [Fact]
    public void Conditioning_CyclophosphamideAtgRituximab_LeavesLongLivedPlasmaCellAntibody()
    {
        // Cy spares non-dividing long-lived plasma cells (post-mitotic log-kill 0.0021/mg/kg: 66 % survive 200 mg/kg), ATG and
        // rituximab do not touch them: on day 60 the antibody still carries at least f·0.66·e^(−d_L·65) of its level (Hoyer 2004).
        var course = Run(AutoimmuneDisease.SystemicLupusErythematosus, BuiltInProtocols.Get("auto-cy-atg"), 60);
        var p = AutoimmunityParameters.ForDisease(AutoimmuneDisease.SystemicLupusErythematosus)!;
        double floor = p.LongLivedAntibodyShare * Math.Exp(-0.0021 * 200) * Math.Exp(-p.PlasmaCellDeathPerDay * 65);
        double day60 = course.Trajectory.Values(Measure.Autoantibody)[^1];
        output.WriteLine($"day 60 autoantibody {day60:F3}, long-lived floor {floor:F3}");
        Assert.True(day60 >= floor * 0.99, $"{day60} < {floor}");
        Assert.True(day60 < 1);
    }
}
