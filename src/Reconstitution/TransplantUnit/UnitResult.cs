using Reconstitution.Output.Charts;

namespace Reconstitution.TransplantUnit;

/// <summary>
/// The result of <see cref="UnitSimulation.Run"/>: every patient's path, the daily occupancy and the summary, with
/// writers for the files <c>unit-patients.csv</c>, <c>unit-occupancy.csv</c>, <c>unit-summary.json</c> and
/// <c>occupancy.svg</c> (columns in docs/outputs.md). Immutable.
/// </summary>
/// <remarks>What a transplant-unit simulation (many patients sharing beds and apheresis) returns. For the clinical outcomes of a cohort without resources use <see cref="Cohorts.Cohort"/>.</remarks>
public sealed class UnitResult
{
    internal UnitResult(UnitSpecification specification, IReadOnlyList<UnitPatientRecord> patients, IReadOnlyList<DailyOccupancy> daily, UnitSummary summary)
    {
        Specification = specification;
        Patients = patients;
        Daily = daily;
        Summary = summary;
    }

    /// <summary>Gets the specification that was run.</summary>
    public UnitSpecification Specification { get; }

    /// <summary>Gets every referred patient's path, in referral order.</summary>
    public IReadOnlyList<UnitPatientRecord> Patients { get; }

    /// <summary>Gets the occupancy of each unit day from day 0 until the last patient left.</summary>
    public IReadOnlyList<DailyOccupancy> Daily { get; }

    /// <summary>Gets the summary.</summary>
    public UnitSummary Summary { get; }

    /// <summary>The patients as CSV (header line first, one row per patient).</summary>
    /// <returns>The CSV text.</returns>
    public string PatientsCsv() => UnitFiles.PatientsCsv(Patients);

    /// <summary>The daily occupancy as CSV (header line first, one row per day).</summary>
    /// <returns>The CSV text.</returns>
    public string OccupancyCsv() => UnitFiles.OccupancyCsv(Daily, Specification.Beds);

    /// <summary>The specification's main settings and the summary as indented JSON (camelCase keys, <c>null</c> for missing values).</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson() => UnitFiles.Json(this);

    /// <summary>The occupancy chart: occupied beds (daily mean and maximum) and patients waiting for a bed, with the bed count.</summary>
    /// <returns>The chart; save it with <see cref="Chart.Save"/>.</returns>
    public Chart OccupancyChart() => UnitFiles.Chart(this);

    /// <summary>Writes <c>unit-patients.csv</c>, <c>unit-occupancy.csv</c>, <c>unit-summary.json</c> and <c>occupancy.svg</c> into a folder (each file atomically).</summary>
    /// <param name="folder">An existing folder.</param>
    /// <returns>The paths written.</returns>
    public IReadOnlyList<string> Save(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        string[] paths = [.. UnitFiles.Names.Select(n => Path.Combine(folder, n))];
        Output.AtomicFile.WriteAllText(paths[0], PatientsCsv());
        Output.AtomicFile.WriteAllText(paths[1], OccupancyCsv());
        Output.AtomicFile.WriteAllText(paths[2], ToJson());
        OccupancyChart().Save(paths[3]);
        return paths;
    }
}
