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
internal sealed class PatientRun
{
    internal PatientRun(VirtualPatient patient, string protocol, Patient person, Simulation simulation, TreatmentContext context, ClinicalCourse course,
        double end, double autoreactiveBefore, double diseaseActivityBefore, GraftFailureCriteria graftFailure)
    {
        VirtualPatient = patient;
        Protocol = protocol;
        Person = person;
        Simulation = simulation;
        Context = context;
        Course = course;
        StopTime = end + 0.5;
        AutoreactiveBefore = autoreactiveBefore;
        DiseaseActivityBefore = diseaseActivityBefore;
        GraftFailure = graftFailure;
    }

    /// <summary>The virtual patient simulated.</summary>
    public VirtualPatient VirtualPatient { get; }

    /// <summary>The protocol's name.</summary>
    public string Protocol { get; }

    /// <summary>The simulated patient (compartments, solver, daily readouts).</summary>
    public Patient Person { get; }

    /// <summary>The kernel that runs the patient, the protocol and the clinical course.</summary>
    public Simulation Simulation { get; }

    /// <summary>The treatment's record (graft, doses, transfusions, death).</summary>
    public TreatmentContext Context { get; }

    /// <summary>The clinical hazards' process.</summary>
    public ClinicalCourse Course { get; }

    /// <summary>The time to run the simulation to (day): half a day past the last observed day, so its events are processed.</summary>
    public double StopTime { get; }

    /// <summary>Autoreactive cells before treatment.</summary>
    public double AutoreactiveBefore { get; }

    /// <summary>Disease activity before treatment.</summary>
    public double DiseaseActivityBefore { get; }

    /// <summary>The graft-failure criteria the summary applies.</summary>
    public GraftFailureCriteria GraftFailure { get; }
}
