using Reconstitution.Outcomes;
using Reconstitution.Physiology;
using Reconstitution.Protocols;

namespace Reconstitution.Tests.Outcomes;

/// <summary>
/// The daily processes of a patient's run (the observation, which also checks the cancellation, supportive care, the clinical
/// hazards): on a day without a protocol event they cost one queued event, the later ones riding on the observation's timeout
/// (<see cref="Reconstitution.Kernel.Simulation.Repeat"/>), and a cancellation ends the run at the next day's observation,
/// before it records.
/// </summary>
public sealed class DailyProcessesTests
{
    [Theory]
    [InlineData("auto-cy-atg", false)]
    [InlineData("auto-cy-atg", true)]
    [InlineData("allo-pbsc-mac", true)]
    public void Start_QuietDay_LaterDailyProcessesRideOnTheFirst(string protocolName, bool cancellable)
    {
        using var source = new CancellationTokenSource();
        var options = new PatientSimulationOptions { Days = 120, Cancellation = cancellable ? source.Token : CancellationToken.None };
        var run = Start(protocolName, options);
        run.Simulation.Run(60.5); // past conditioning, infusion and the prophylaxis's days
        // Supportive care and clinical hazards ride on the observation, with or without a cancellation (checked by the observation:
        // no process of its own, which made a third rider).
        Assert.Equal(2, run.Simulation._ridingCount);
        int queued = run.Simulation.QueuedEventCount;
        run.Simulation.Run(61.5);
        Assert.Equal(queued, run.Simulation.QueuedEventCount);
        Assert.Equal(61.0, run.Person.Trajectory.Days[^1]);
    }

    [Fact]
    public void Run_CancelledDuringADay_StopsAtTheNextDaysObservation()
    {
        using var source = new CancellationTokenSource();
        var options = new PatientSimulationOptions { Days = 120, Cancellation = source.Token };
        var run = Start("auto-cy-atg", options);
        run.Simulation.Schedule(40.25, source.Cancel);
        Assert.Throws<OperationCanceledException>(() => run.Simulation.Run(run.StopTime));
        Assert.Equal(41.0, run.Simulation.Now);
        Assert.Equal(40.0, run.Person.Trajectory.Days[^1]); // day 41 was not observed
    }

    [Theory]
    [InlineData("auto-cy-atg")]
    [InlineData("allo-pbsc-mac")]
    public void Run_CancellableButNotCancelled_SameCourseAsWithoutCancellation(string protocolName)
    {
        // The check rides in the observation: a token that is never cancelled changes nothing in the course (the trajectory to the
        // bit, the events in their order, the outcome); fails if the check moved an observation or consumed a draw.
        using var source = new CancellationTokenSource();
        var protocol = BuiltInProtocols.Get(protocolName);
        var covariates = new PatientCovariates { Disease = AutoimmuneDisease.MultipleSclerosis };
        var plain = new PatientSimulationOptions { Days = 200 };
        var without = PatientSimulation.Run(covariates, protocol, 11, 5, plain);
        var with = PatientSimulation.Run(covariates, protocol, 11, 5, plain with { Cancellation = source.Token });
        Assert.Equal(without.Trajectory.Days.ToArray(), with.Trajectory.Days.ToArray());
        foreach (var measure in Enum.GetValues<Measure>())
            Assert.Equal(without.Trajectory.Values(measure).ToArray(), with.Trajectory.Values(measure).ToArray());
        Assert.Equal(without.Events, with.Events);
        Assert.Equal(without.Outcome, with.Outcome);
    }

    private static PatientRun Start(string protocolName, PatientSimulationOptions options)
    {
        var protocol = BuiltInProtocols.Get(protocolName);
        var covariates = new PatientCovariates { Disease = AutoimmuneDisease.MultipleSclerosis };
        return PatientSimulation.Start(PatientSimulation.Draw(covariates, 7, 3, options), protocol, 7, 3, options);
    }
}
