using Reconstitution.Outcomes;
using Reconstitution.Physiology;
using Reconstitution.Protocols;

namespace Reconstitution.Tests.Outcomes;

/// <summary>
/// <see cref="PatientSimulation.Start"/> and <see cref="PatientSimulation.Finish"/> are what the work profile
/// (benchmarks/WorkProfile.cs) runs, stopping the kernel at phase boundaries in between: the course must be the cohort's.
/// </summary>
public sealed class PatientRunTests
{
    [Theory]
    [InlineData("auto-cy-atg")]
    [InlineData("allo-pbsc-mac")]
    public void Finish_RunStoppedAtPhaseBoundaries_EqualsRunInOneGo(string protocolName)
    {
        var protocol = BuiltInProtocols.Get(protocolName);
        var covariates = new PatientCovariates { Disease = AutoimmuneDisease.MultipleSclerosis };
        var options = new PatientSimulationOptions { Days = 120 };
        var whole = PatientSimulation.Run(covariates, protocol, 5, 2, options);

        var run = PatientSimulation.Start(PatientSimulation.Draw(covariates, 5, 2, options), protocol, 5, 2, options);
        foreach (double stop in new[] { 0.0, 30, 100 }) run.Simulation.Run(stop);
        run.Simulation.Run(run.StopTime);
        var phased = PatientSimulation.Finish(run);

        Assert.Equal(whole.Outcome, phased.Outcome);
        Assert.Equal(whole.Trajectory.Days.ToArray(), phased.Trajectory.Days.ToArray());
        foreach (var m in Enum.GetValues<Measure>())
            Assert.Equal(whole.Trajectory.Values(m).ToArray(), phased.Trajectory.Values(m).ToArray());
        Assert.Equal(whole.Events, phased.Events);
    }
}
