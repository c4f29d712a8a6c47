using Reconstitution.Outcomes;
using Reconstitution.Physiology;
using Reconstitution.Protocols;

namespace Reconstitution.Tests.Outcomes;

/// <summary>
/// The daily processes of a patient's run (the cancellation check, the observation, supportive care, the clinical hazards):
/// on a day without a protocol event they cost one queued event, the later ones riding on the first one's timeout
/// (<see cref="Reconstitution.Kernel.Simulation.Repeat"/>), and a cancellation still ends the run on the next day's first event.
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
        // Observation, supportive care and clinical hazards ride on the cancellation check when there is one, else the last two on the observation.
        Assert.Equal(cancellable ? 3 : 2, run.Simulation._ridingCount);
        int queued = run.Simulation.QueuedEventCount;
        run.Simulation.Run(61.5);
        Assert.Equal(queued, run.Simulation.QueuedEventCount);
        Assert.Equal(61.0, run.Person.Trajectory.Days[^1]);
    }

    [Fact]
    public void Run_CancelledDuringADay_StopsAtTheNextDaysFirstEvent()
    {
        using var source = new CancellationTokenSource();
        var options = new PatientSimulationOptions { Days = 120, Cancellation = source.Token };
        var run = Start("auto-cy-atg", options);
        run.Simulation.Schedule(40.25, source.Cancel);
        Assert.Throws<OperationCanceledException>(() => run.Simulation.Run(run.StopTime));
        Assert.Equal(41.0, run.Simulation.Now);
        Assert.Equal(40.0, run.Person.Trajectory.Days[^1]); // day 41 was not observed
    }

    private static PatientRun Start(string protocolName, PatientSimulationOptions options)
    {
        var protocol = BuiltInProtocols.Get(protocolName);
        var covariates = new PatientCovariates { Disease = AutoimmuneDisease.MultipleSclerosis };
        return PatientSimulation.Start(PatientSimulation.Draw(covariates, 7, 3, options), protocol, 7, 3, options);
    }
}
