using System.Globalization;
using System.Text;
using Reconstitution.Cohorts;
using Reconstitution.Outcomes;
using Reconstitution.Physiology;

namespace Reconstitution.Output;

/// <summary>
/// Writes <c>trajectory.csv</c> in tidy form: <c>patient,day,measure,value</c>, one row per recorded day and
/// <see cref="Measure"/> (names from <see cref="MeasureNames"/>, units in docs/outputs.md). Not thread-safe; a cohort sink.
/// </summary>
/// <remarks>
/// Values have six significant digits. Rows are written per patient and flushed after each patient, so a stopped
/// run leaves whole patients. <see cref="MaxPatients"/> limits the file to the first patients (a 1,000-patient,
/// two-year cohort would otherwise write about nine million rows).
/// </remarks>
public sealed class TrajectoryCsvWriter : ICohortSink, IDisposable
{
    private readonly TextWriter _writer;
    private readonly bool _ownsWriter;
    private readonly StringBuilder _buffer = new(1 << 16);
    private readonly PendingFile? _file;

    /// <summary>Creates (or replaces) a file and writes the header.</summary>
    /// <remarks>
    /// The rows go to a temporary file beside <paramref name="path"/> (<see cref="AtomicFile"/>), which <see cref="Dispose"/>
    /// renames over <paramref name="path"/>: the file appears, complete, when the writer is disposed.
    /// </remarks>
    /// <param name="path">The file's path.</param>
    /// <param name="maxPatients">Write only patients with index below this; default all.</param>
    public TrajectoryCsvWriter(string path, int maxPatients = int.MaxValue)
        : this(AtomicFile.Create(path), maxPatients)
    {
    }

    private TrajectoryCsvWriter(PendingFile file, int maxPatients)
        : this(new StreamWriter(file.Stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true), maxPatients, ownsWriter: true)
    {
        _file = file;
    }

    /// <summary>Writes to a text writer and writes the header.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="maxPatients">Write only patients with index below this; default all.</param>
    /// <param name="ownsWriter">Whether <see cref="Dispose"/> disposes the writer.</param>
    public TrajectoryCsvWriter(TextWriter writer, int maxPatients = int.MaxValue, bool ownsWriter = false)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentOutOfRangeException.ThrowIfNegative(maxPatients);
        _writer = writer;
        _ownsWriter = ownsWriter;
        MaxPatients = maxPatients;
        _writer.Write("patient,day,measure,value\n");
        _writer.Flush();
    }

    /// <summary>Only patients with an index below this are written.</summary>
    public int MaxPatients { get; }

    /// <inheritdoc/>
    public void Accept(PatientRecord record, PatientCourse course)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(course);
        if (record.Index >= MaxPatients) return;
        Write(record.Index, course.Trajectory);
    }

    /// <summary>Writes one patient's trajectory and flushes it.</summary>
    /// <param name="patient">The patient's index.</param>
    /// <param name="trajectory">The trajectory.</param>
    public void Write(int patient, ReadoutTrajectory trajectory)
    {
        ArgumentNullException.ThrowIfNull(trajectory);
        var inv = CultureInfo.InvariantCulture;
        string id = patient.ToString(inv);
        var days = trajectory.Days;
        var measures = MeasureNames.All;
        for (int i = 0; i < days.Length; i++)
        {
            string day = Math.Round(days[i], 6).ToString("R", inv);
            for (int m = 0; m < measures.Count; m++)
            {
                _buffer.Append(id).Append(',').Append(day).Append(',').Append(MeasureNames.Of(measures[m])).Append(',')
                       .Append(CsvFormat.Compact(trajectory[i, measures[m]])).Append('\n');
            }
            // Per-unit chimerism (unitChimerism1, unitChimerism2 …) only when the model traced two or more allogeneic units.
            for (int u = 0; u < trajectory.UnitCount; u++)
            {
                _buffer.Append(id).Append(',').Append(day).Append(",unitChimerism").Append(u + 1).Append(',')
                       .Append(CsvFormat.Compact(trajectory.UnitChimerism(u)[i])).Append('\n');
            }
            if (_buffer.Length > 1 << 16)
            {
                _writer.Write(_buffer);
                _buffer.Clear();
            }
        }
        _writer.Write(_buffer);
        _buffer.Clear();
        _writer.Flush();
    }

    /// <summary>Flushes and, if owned, closes the writer; a writer created with a path moves its file into place.</summary>
    public void Dispose()
    {
        _writer.Flush();
        if (_ownsWriter) _writer.Dispose();
        if (_file is null) return;
        _file.Commit();
        _file.Dispose();
    }
}
