using Reconstitution.Monitoring;
using Reconstitution.Physiology;

namespace Reconstitution.Outcomes;

/// <summary>One simulated patient's course: the daily readout trajectory, the event list and the outcome. Immutable after creation.</summary>
/// <param name="Patient">The virtual patient simulated.</param>
/// <param name="Trajectory">Daily readouts (days relative to infusion; morning counts before transfusions).</param>
/// <param name="Events">Events in time order: conditioning, infusion, transfusions, G-CSF, infections, GVHD, rejection, death.</param>
/// <param name="Outcome">The outcome.</param>
/// <remarks>What <see cref="PatientSimulation"/> returns for one patient; cohorts summarise many as <c>PatientRecord</c>s instead of keeping courses.</remarks>
[TypeFormatterSource(PreferredMimeTypes = ["text/html"])]
public sealed record PatientCourse(VirtualPatient Patient, ReadoutTrajectory Trajectory, IReadOnlyList<LogEntry> Events, PatientOutcome Outcome);
