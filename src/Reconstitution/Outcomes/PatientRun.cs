using Reconstitution.Kernel;
using Reconstitution.Physiology;
using Reconstitution.Protocols;

namespace Reconstitution.Outcomes;

/// <summary>
/// One patient's simulation between its set-up (<see cref="PatientSimulation.Start"/>) and its summary
/// (<see cref="PatientSimulation.Finish"/>): the kernel, the patient and the treatment, ready to run to <see cref="StopTime"/>.
/// </summary>
/// <remarks>
/// <see cref="PatientSimulation.Run(VirtualPatient, IProtocol, ulong, long, PatientSimulationOptions?)"/> is Start, one
/// <see cref="Simulation.Run(double)"/> to <see cref="StopTime"/>, and Finish. Profiling code runs the simulation in segments
/// instead, reading the solver's counters in between, and still gets exactly the patient a cohort gets.
/// </remarks>
/// <param name="VirtualPatient">The virtual patient simulated.</param>
/// <param name="Protocol">The protocol's name.</param>
/// <param name="Person">The simulated patient (compartments, solver, daily readouts).</param>
/// <param name="Simulation">The kernel that runs the patient, the protocol and the clinical course.</param>
/// <param name="Context">The treatment's record (graft, doses, transfusions, death).</param>
/// <param name="Course">The clinical hazards' process.</param>
/// <param name="StopTime">The time to run the simulation to (day): half a day past the last observed day, so its events are processed.</param>
/// <param name="AutoreactiveBefore">Autoreactive cells before treatment.</param>
/// <param name="DiseaseActivityBefore">Disease activity before treatment.</param>
/// <param name="GraftFailure">The graft-failure criteria the summary applies.</param>
internal sealed record PatientRun(VirtualPatient VirtualPatient, string Protocol, Patient Person, Simulation Simulation, TreatmentContext Context,
    ClinicalCourse Course, double StopTime, double AutoreactiveBefore, double DiseaseActivityBefore, GraftFailureCriteria GraftFailure);
