using System.Diagnostics;
using Reconstitution.Outcomes;
using Reconstitution.Randomness;
using Reconstitution.Validation;

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
        return RunRange(specification, 0, specification.Patients, sinks, progress, cancellationToken);
    }

    /// <summary>
    /// Runs the patients with indices <paramref name="firstPatient"/> … <paramref name="firstPatient"/> + <paramref name="patientCount"/> − 1
    /// of the cohort: one shard of it. Each patient is exactly the patient of that index in a run of the whole cohort
    /// (its streams derive from (seed, index)), so the records of contiguous shards, concatenated, are the records of
    /// the whole run.
    /// </summary>
    /// <param name="specification">The whole cohort (its <see cref="CohortSpecification.Patients"/> is the total).</param>
    /// <param name="firstPatient">The first global patient index, in [0, Patients].</param>
    /// <param name="patientCount">How many patients, in [0, Patients − firstPatient].</param>
    /// <param name="sinks">Receivers of each patient, called in index order on the calling thread.</param>
    /// <param name="progress">Receives the number of patients of this range delivered so far; may be null.</param>
    /// <param name="cancellationToken">Stops the run; what finished is kept.</param>
    /// <returns>How the run ended (<see cref="CohortRunResult.Requested"/> is <paramref name="patientCount"/>).</returns>
    public static CohortRunResult RunRange(CohortSpecification specification, int firstPatient, int patientCount, IReadOnlyList<ICohortSink> sinks, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(specification);
        ArgumentNullException.ThrowIfNull(sinks);
        Guard.InRange(firstPatient, 0, specification.Patients, nameof(firstPatient));
        Guard.InRange(patientCount, 0, specification.Patients - firstPatient, nameof(patientCount));
        specification.Covariates.Validate();
        var options = specification.Simulation with { Days = specification.Days, Cancellation = cancellationToken };
        var protocol = specification.Protocol;
        ulong seed = specification.Seed;
        var clock = Stopwatch.StartNew();

        int finished = 0;
        bool cancelled = false;
        try
        {
            OrderedParallelRunner.Run(
                patientCount,
                specification.Threads,
                i => new FinishedPatient(SimulateValidated(specification.Covariates, protocol, seed, firstPatient + i, options)),
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
        return new CohortRunResult(finished, patientCount, cancelled, clock.Elapsed);
    }

    /// <summary>Simulates patient <paramref name="index"/> of a cohort exactly as <see cref="Run"/> does.</summary>
    /// <param name="covariates">The covariate distribution.</param>
    /// <param name="protocol">The protocol.</param>
    /// <param name="seed">The cohort seed.</param>
    /// <param name="index">The patient index, ≥ 0.</param>
    /// <param name="options">Simulation options (their <c>Days</c> is the horizon).</param>
    /// <returns>The record and the course.</returns>
    /// <exception cref="ArgumentException">The covariate distribution is inconsistent (<see cref="CovariateDistribution.Validate"/>).</exception>
    public static (PatientRecord Record, PatientCourse Course) Simulate(CovariateDistribution covariates, Protocols.IProtocol protocol, ulong seed, int index, PatientSimulationOptions options)
    {
        ArgumentNullException.ThrowIfNull(covariates);
        covariates.Validate(); // a named error for mismatched lists, not an index error inside the draw
        return SimulateValidated(covariates, protocol, seed, index, options);
    }

    // A finished patient as the runner carries it: a class, so that the runner's code is its shared instantiation over
    // reference types, which ReadyToRun precompiles. Over the (record, course) value tuple it was JIT-compiled fully
    // optimised at the start of every run (≈ 2.3 KB of code; generic over a framework value type, outside the version bubble).
    private sealed class FinishedPatient((PatientRecord Record, PatientCourse Course) patient)
    {
        public PatientRecord Record { get; } = patient.Record;
        public PatientCourse Course { get; } = patient.Course;
    }

    // Simulate for a distribution already validated (once per run, not once per patient).
    private static (PatientRecord Record, PatientCourse Course) SimulateValidated(CovariateDistribution covariates, Protocols.IProtocol protocol, ulong seed, int index, PatientSimulationOptions options)
    {
        var cov = covariates.Draw(RandomStream.Create(seed, index, "covariates"));
        var course = PatientSimulation.Run(cov, protocol, seed, index, options);
        return (PatientRecord.From(index, cov, course), course);
    }
}
