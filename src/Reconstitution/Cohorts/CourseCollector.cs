using Reconstitution.Outcomes;

namespace Reconstitution.Cohorts;

/// <summary>
/// A sink that keeps every patient's full course, trajectory included: use it only when you want them all in memory
/// (a single patient, a small cohort, a notebook). Not thread-safe (a cohort calls it from one thread).
/// </summary>
/// <remarks>Use it for a handful of patients you want to plot or inspect one by one. For cohort statistics use <see cref="CohortSummaryBuilder"/>, whose memory does not grow with trajectories.</remarks>
public sealed class CourseCollector : ICohortSink
{
    private readonly List<PatientCourse> _courses = [];

    /// <summary>The courses received, in patient-index order.</summary>
    public IReadOnlyList<PatientCourse> Courses => _courses;

    /// <inheritdoc/>
    public void Accept(PatientRecord record, PatientCourse course)
    {
        ArgumentNullException.ThrowIfNull(course);
        _courses.Add(course);
    }
}
