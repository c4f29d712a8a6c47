namespace Reconstitution.Cohorts;

/// <summary>How a cohort run ended. Immutable.</summary>
/// <param name="Finished">Patients finished and delivered to every sink (patients 0 … Finished − 1).</param>
/// <param name="Requested">Patients requested.</param>
/// <param name="Cancelled">Whether the run was cancelled before every patient finished.</param>
/// <param name="Elapsed">Wall-clock time of the run.</param>
/// <remarks>Returned by <see cref="Cohort.Run"/> and its variants; the outcomes themselves reach the sinks you passed (<see cref="CohortSummaryBuilder"/>, <see cref="CourseCollector"/>). Check <c>Cancelled</c> before treating a summary as the whole cohort.</remarks>
public sealed record CohortRunResult(int Finished, int Requested, bool Cancelled, TimeSpan Elapsed);
