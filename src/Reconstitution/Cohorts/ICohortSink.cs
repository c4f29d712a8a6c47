using Reconstitution.Outcomes;

namespace Reconstitution.Cohorts;

/// <summary>
/// Receives each finished patient of a cohort, in patient-index order, on the thread that called
/// <see cref="Cohort.Run"/>: writers of <c>patients.csv</c> and <c>trajectory.csv</c>, the summary builder, or your own.
/// </summary>
/// <remarks>
/// A sink must not keep the <see cref="PatientCourse"/> unless it means to (its trajectory is the large part), so a
/// cohort's memory does not grow with the number of patients.
/// </remarks>
public interface ICohortSink
{
    /// <summary>Receives one patient.</summary>
    /// <param name="record">The patient's record (small).</param>
    /// <param name="course">The patient's full course, including the daily trajectory.</param>
    void Accept(PatientRecord record, PatientCourse course);
}
