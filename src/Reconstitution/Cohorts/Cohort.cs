using System.Diagnostics;
using Reconstitution.Outcomes;
using Reconstitution.Randomness;

namespace Reconstitution.Cohorts;

/// <summary>
/// Runs a virtual cohort on several threads and streams each finished patient, in index order, into sinks.
/// Stateless and thread-safe.
/// </summary>
/// <remarks>
/// <para>
/// Memory is bounded: at most a small window of finished courses (4 per thread, at least 16) waits for delivery,
/// and sinks decide what to keep. Results are identical for any thread count because each patient's random
/// streams derive from (seed, patient index) and sinks see patients in index order.
/// </para>
/// <para>
/// Cancellation: workers take no new patient once the token is cancelled and finish the one they hold; every
/// finished patient of the contiguous prefix 0 … k − 1 is delivered, and <see cref="Run"/> returns with
/// <see cref="CohortRunResult.Cancelled"/> set (it does not throw), so callers close their files normally.
/// </para>
/// </remarks>
public static class Cohort
{
    /// <summary>Runs the cohort.</summary>
    /// <param name="specification">The cohort.</param>
    /// <param name="sinks">Receivers of each patient, called in order on the calling thread.</param>
    /// <param name="progress">Receives the number of patients delivered so far, after each patient; may be null.</param>
    /// <param name="cancellationToken">Stops the run; what finished is kept.</param>
    /// <returns>How the run ended.</returns>
    public static CohortRunResult Run(CohortSpecification specification, IReadOnlyList<ICohortSink> sinks, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(specification);
        ArgumentNullException.ThrowIfNull(sinks);
        specification.Covariates.Validate();
        var options = specification.Simulation with { Days = specification.Days };
        var protocol = specification.Protocol;
        ulong seed = specification.Seed;
        var clock = Stopwatch.StartNew();

        int finished = 0;
        bool cancelled = false;
        try
        {
            OrderedParallelRunner.Run(
                specification.Patients,
                specification.Threads,
                i => Simulate(specification.Covariates, protocol, seed, i, options),
                (i, p) =>
                {
                    foreach (var sink in sinks) sink.Accept(p.Record, p.Course);
                    finished = i + 1;
                    progress?.Report(finished);
                },
                cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            cancelled = true;
        }
        return new CohortRunResult(finished, specification.Patients, cancelled, clock.Elapsed);
    }

    /// <summary>Simulates patient <paramref name="index"/> of a cohort exactly as <see cref="Run"/> does.</summary>
    /// <param name="covariates">The covariate distribution.</param>
    /// <param name="protocol">The protocol.</param>
    /// <param name="seed">The cohort seed.</param>
    /// <param name="index">The patient index, ≥ 0.</param>
    /// <param name="options">Simulation options (their <c>Days</c> is the horizon).</param>
    /// <returns>The record and the course.</returns>
    public static (PatientRecord Record, PatientCourse Course) Simulate(CovariateDistribution covariates, Protocols.IProtocol protocol, ulong seed, int index, PatientSimulationOptions options)
    {
        ArgumentNullException.ThrowIfNull(covariates);
        var cov = covariates.Draw(RandomStream.Create(seed, index, "covariates"));
        var course = PatientSimulation.Run(cov, protocol, seed, index, options);
        return (PatientRecord.From(index, cov, course), course);
    }
}
