using Reconstitution.Cohorts;
using Reconstitution.Kernel;
using Reconstitution.Outcomes;
using Reconstitution.Physiology;
using Reconstitution.Protocols;
using Reconstitution.Randomness;

namespace Reconstitution.Tests.Outcomes;

public class PatientAllocationTests
{
    [Theory]
    [InlineData("auto-cy-atg", 100, 5)]   // the autoreactive clone fires ≈ 700 times in days 100–300
    [InlineData("ric-flu-bu-atg", 40, 4)] // host stem cells fire ≈ 170 times, each restarting the integrator
    public void Run_AfterEngraftment_AllocatesNothingPerFiringRestartOrObservation(string protocolName, double fromDay, ulong seed)
    {
        // A patient with multiple sclerosis as PatientSimulation.Run wires one (kernel, daily observation, treatment context
        // with its supportive care, clinical course), run past the transplant's one-off work (doses, infusion, the first
        // firing of each transition), then to day 300: exact firings of the autoreactive clone and (ric-flu-bu-atg) of host
        // stem cells that restart the integrator, integrator steps, daily observations and clinical steps, none of which
        // may allocate.
        var protocol = BuiltInProtocols.Get(protocolName);
        var options = PatientSimulationOptions.Default;
        var covariates = (CovariateDistribution.Default with { Disease = AutoimmuneDisease.MultipleSclerosis }).Draw(RandomStream.Create(seed, 0, "covariates"));
        var model = VirtualPatient.Draw(covariates, options.Parameters, RandomStream.Create(seed, 0, "patient"), options.Autoimmunity)
            .CreateModel(protocol.AllogeneicUnits);
        var person = new Patient(model, RandomStream.Create(seed, 0, "physiology"), options.Solver, protocol.StartDay - 1);
        var sim = new Simulation(protocol.StartDay - 1);
        sim.AddAdvancer(person);
        var context = new TreatmentContext(sim, person, RandomStream.Create(seed, 0, "treatment"), options.Effects);
        person.ObserveDaily(sim, 300);
        protocol.Schedule(context);
        var course = new ClinicalCourse(context, options.Risks, options.GraftFailure, options.OrganToxicity, RandomStream.Create(seed, 0, "clinical"));
        sim.Process(course.Run(sim, 300), "clinical");
        sim.Run(fromDay);
        var solver = (Reconstitution.Compartments.Solvers.HybridSolver)person.System.Solver;
        long firings = solver.DiscreteFirings, steps = solver.Integrator.AcceptedSteps, restarts = solver.Restarts;
        long before = GC.GetAllocatedBytesForCurrentThread();
        sim.Run(300);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(context.IsAlive, "the patient died; pick another seed");
        Assert.Equal(300, person.Trajectory.Days[^1]);
        Assert.True(solver.DiscreteFirings - firings > 100, $"{solver.DiscreteFirings - firings} firings");
        Assert.True(solver.Integrator.AcceptedSteps - steps > 20, $"{solver.Integrator.AcceptedSteps - steps} steps");
        Assert.True(protocolName != "ric-flu-bu-atg" || solver.Restarts - restarts > 100, $"{solver.Restarts - restarts} restarts");
        Assert.Equal(0, allocated);
    }
}
