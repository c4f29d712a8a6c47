using Reconstitution.Outcomes;

namespace Reconstitution.Cohorts;

/// <summary>
/// A sink that keeps every patient's small <see cref="PatientRecord"/> and the cohort's <see cref="TrajectoryBands"/>
/// (bounded memory), and builds the <see cref="CohortSummary"/>. Not thread-safe (a cohort calls it from one thread).
/// </summary>
/// <remarks>The sink to use for cohorts of any size: memory grows by one small record per patient. Use <see cref="CourseCollector"/> instead only when you need every patient's full trajectory, and <see cref="CohortSummary.FromRecords"/> when the records come from files (shards).</remarks>
public sealed class CohortSummaryBuilder : ICohortSink
{
    private readonly List<PatientRecord> _records = [];
    private readonly string _protocol;
    private readonly int _days;
    private readonly ulong _seed;
    private readonly int _requested;

    /// <summary>Creates a builder for a cohort.</summary>
    /// <param name="specification">The cohort.</param>
    public CohortSummaryBuilder(CohortSpecification specification)
    {
        ArgumentNullException.ThrowIfNull(specification);
        _protocol = specification.Protocol.Name;
        _days = specification.Days;
        _seed = specification.Seed;
        _requested = specification.Patients;
        // Bands for this many patients: exact, and kept as floats, when they fit the exact budget (TrajectoryBands.ForPatients).
        Bands = TrajectoryBands.ForPatients(specification.Protocol.StartDay - 1, specification.Days, specification.Patients);
    }

    /// <summary>Patients received so far.</summary>
    public int Count => _records.Count;

    /// <summary>The records received so far, in index order.</summary>
    public IReadOnlyList<PatientRecord> Records => _records;

    /// <summary>The readout bands of the patients received so far.</summary>
    public TrajectoryBands Bands { get; }

    /// <inheritdoc/>
    public void Accept(PatientRecord record, PatientCourse course)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(course);
        _records.Add(record);
        Bands.Add(course.Trajectory);
    }

    /// <summary>The summary of the patients received so far.</summary>
    /// <returns>The summary.</returns>
    /// <exception cref="InvalidOperationException">No patient was received.</exception>
    public CohortSummary Build()
    {
        if (_records.Count == 0) throw new InvalidOperationException("No patient finished, so there is nothing to summarise.");
        return CohortSummary.FromRecords(_protocol, _days, _seed, _records, _requested);
    }
}
