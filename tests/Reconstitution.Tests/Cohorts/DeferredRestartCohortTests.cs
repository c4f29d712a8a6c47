using Reconstitution.Cohorts;
using Reconstitution.Compartments.Solvers;
using Reconstitution.Output;
using Reconstitution.Outcomes;
using Reconstitution.Physiology;
using Reconstitution.Protocols;
using Reconstitution.Randomness;

namespace Reconstitution.Tests.Cohorts;

/// <summary>
/// The deferral of negligible restarts (<see cref="Reconstitution.Compartments.SolverOptions.HybridDeferNegligibleRestarts"/>) in cohorts:
/// the cohorts of <see cref="CohortInvarianceTests"/> run with it (it is a default solver option, not read from the
/// environment), and the cord protocol, whose donor stem cells' firings it defers, stays byte-identical across thread counts.
/// </summary>
public class DeferredRestartCohortTests
{
    [Fact]
    public void DefaultCohortOptions_CordPatient_DefersItsDonorStemCellFirings()
    {
        var protocol = BuiltInProtocols.Get("cord-single-mac");
        var options = new CohortSpecification(protocol).Simulation with { Days = 60 };
        Assert.True((options.Solver ?? Patient.DefaultSolverOptions).HybridDeferNegligibleRestarts);
        var covariates = CovariateDistribution.Default.Draw(RandomStream.Create(20261204, 0, "covariates"));
        var run = PatientSimulation.Start(PatientSimulation.Draw(covariates, 20261204, 0, options), protocol, 20261204, 0, options);
        run.Simulation.Run(run.StopTime);
        var solver = (HybridSolver)run.Person.System.Solver;
        Assert.True(solver.DefersRestarts);
        Assert.True(solver.DeferredFirings > 20, $"{solver.DeferredFirings} firings deferred, {solver.Restarts} restarts");
        Assert.True(solver.Restarts < solver.DeferredFirings / 4, $"{solver.DeferredFirings} firings deferred, {solver.Restarts} restarts");
    }

    [Fact]
    public void Run_CordOneVersusTwoThreads_ByteIdenticalPatientsCsvAndSummary()
    {
        var one = RunToText(Cord(threads: 1));
        var two = RunToText(Cord(threads: 2));
        Assert.Equal(one.Patients, two.Patients);
        Assert.Equal(one.Summary, two.Summary);
    }

    private static CohortSpecification Cord(int threads) =>
        new(BuiltInProtocols.Get("cord-single-mac")) { Patients = 6, Days = 100, Threads = threads, Seed = 7 };

    private static (string Patients, string Summary) RunToText(CohortSpecification spec)
    {
        var text = new StringWriter();
        var builder = new CohortSummaryBuilder(spec);
        using (var writer = new PatientsCsvWriter(text))
            Cohort.Run(spec, [writer, builder]);
        return (text.ToString(), builder.Build().ToJson());
    }
}
