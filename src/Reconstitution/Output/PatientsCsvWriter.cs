using System.Text;
using Reconstitution.Cohorts;
using Reconstitution.Outcomes;
using Reconstitution.Physiology;

namespace Reconstitution.Output;

/// <summary>
/// Writes <c>patients.csv</c>: one row per patient with its covariates, every outcome and the lymphocyte subsets on
/// the <see cref="PatientRecord.LymphocyteDays"/> (columns in docs/outputs.md). Not thread-safe; a cohort sink.
/// </summary>
/// <remarks>
/// The header is written and flushed first and every row is flushed when written, so a run stopped by Ctrl+C
/// leaves a valid file of the finished patients. Numbers are invariant shortest round-trip ("R"), so the file
/// reproduces the records exactly; empty cells mean "did not happen" or "not reached".
/// </remarks>
public sealed class PatientsCsvWriter : ICohortSink, IDisposable
{
    private readonly TextWriter _writer;
    private readonly bool _ownsWriter;
    private readonly StringBuilder _row = new(512);
    private readonly PendingFile? _file;

    /// <summary>The columns after the lymphocyte columns (disease response, docs/outputs.md §Disease response).</summary>
    internal static readonly string[] AppendedColumns = ["response", "responseDay", "relapse", "lossOfResponseDay", "graftFailureCause", "dominantUnit", "dominantUnitReached90Day", "karnofskyScore"];

    /// <summary>The column names, in order.</summary>
    public static IReadOnlyList<string> Columns { get; } = BuildColumns();

    /// <summary>Creates (or replaces) a file and writes the header.</summary>
    /// <remarks>
    /// The rows go to a temporary file beside <paramref name="path"/> (<see cref="AtomicFile"/>), which <see cref="Dispose"/>
    /// renames over <paramref name="path"/>: the file appears, complete, when the writer is disposed, and a process killed
    /// before that leaves only the temporary file.
    /// </remarks>
    /// <param name="path">The file's path.</param>
    public PatientsCsvWriter(string path)
        : this(AtomicFile.Create(path))
    {
    }

    private PatientsCsvWriter(PendingFile file)
        : this(new StreamWriter(file.Stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true), ownsWriter: true)
    {
        _file = file;
    }

    /// <summary>Writes to a text writer and writes the header.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="ownsWriter">Whether <see cref="Dispose"/> disposes the writer.</param>
    public PatientsCsvWriter(TextWriter writer, bool ownsWriter = false)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _writer = writer;
        _ownsWriter = ownsWriter;
        _writer.Write(string.Join(',', Columns));
        _writer.Write('\n');
        _writer.Flush();
    }

    /// <summary>Rows written.</summary>
    public int Count { get; private set; }

    /// <inheritdoc/>
    public void Accept(PatientRecord record, PatientCourse course) => Write(record);

    /// <summary>Writes one row and flushes it.</summary>
    /// <param name="record">The patient.</param>
    public void Write(PatientRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var o = record.Outcome;
        var c = record.Covariates;
        var r = _row.Clear();
        void Add(string s) => r.Append(s).Append(',');
        Add(CsvFormat.Int(record.Index));
        Add(CsvFormat.Exact(c.AgeYears));
        Add(c.Sex == BiologicalSex.Female ? "female" : "male");
        Add(CsvFormat.Exact(c.WeightKg));
        Add(DiseaseNames.Of(c.Disease));
        Add(CsvFormat.Text(o.Protocol));
        Add(CsvFormat.Exact(o.LastDay));
        Add(CsvFormat.Bool(o.Grafted));
        Add(CsvFormat.Exact(o.Cd34PerKgInfused));
        Add(o.NeverNeutropenic ? CsvFormat.NotApplicable : CsvFormat.Int(o.NeutrophilEngraftmentDay));
        Add(o.NeverThrombocytopenic ? CsvFormat.NotApplicable : CsvFormat.Int(o.PlateletEngraftmentDay));
        Add(CsvFormat.Bool(o.PrimaryGraftFailure));
        Add(CsvFormat.Exact(o.AncNadirE9PerLiter));
        Add(CsvFormat.Exact(o.PlateletNadirE9PerLiter));
        Add(CsvFormat.Exact(o.HemoglobinNadirGPerDl));
        Add(CsvFormat.Int(o.DaysAncBelow0_5));
        Add(CsvFormat.Int(o.DaysPlateletsBelow20));
        Add(CsvFormat.Int(o.DaysPlateletsBelow10));
        Add(CsvFormat.Int(o.RedCellUnits));
        Add(CsvFormat.Int(o.PlateletTransfusions));
        Add(CsvFormat.Int(o.Infections));
        Add(CsvFormat.Int(o.AcuteGvhdDay));
        Add(CsvFormat.Int(o.ChronicGvhdDay));
        Add(CsvFormat.Int(o.RejectionDay));
        Add(CsvFormat.Exact(o.DonorChimerismDay30Percent));
        Add(CsvFormat.Exact(o.DonorChimerismDay100Percent));
        Add(CsvFormat.Exact(o.DonorChimerismLastPercent));
        Add(CsvFormat.Exact(o.DonorTCellChimerismLastPercent));
        Add(CsvFormat.Bool(o.HasDisease));
        Add(CsvFormat.Exact(o.AutoreactiveBeforeCells));
        Add(CsvFormat.Exact(o.GraftAutoreactiveCells));
        Add(CsvFormat.Exact(o.AutoreactiveNadirCells));
        Add(CsvFormat.Int(o.AutoreactiveEradicationDay));
        Add(CsvFormat.Int(o.RelapseDay));
        Add(CsvFormat.Int(o.DeathDay));
        Add(CsvFormat.Text(o.DeathCause));
        foreach (double v in record.Lymphocytes) Add(CsvFormat.Exact(v));
        Add(o.Responded is { } responded ? CsvFormat.Bool(responded) : CsvFormat.NotApplicable);
        Add(CsvFormat.Int(o.ResponseDay));
        Add(o.RelapsedAfterResponse is { } relapsed ? CsvFormat.Bool(relapsed) : CsvFormat.NotApplicable);
        Add(CsvFormat.Int(o.LossOfResponseDay));
        Add(CsvFormat.Text(o.GraftFailureCause));
        Add(CsvFormat.Int(o.DominantUnit));
        Add(CsvFormat.Int(o.DominantUnitDay));
        Add(CsvFormat.Exact(c.KarnofskyScore));
        r.Length--; // the last comma
        r.Append('\n');
        _writer.Write(r);
        _writer.Flush();
        Count++;
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

    private static string[] BuildColumns()
    {
        var columns = new List<string>
        {
            "patient", "ageYears", "sex", "weightKg", "disease", "protocol", "lastDay", "grafted", "cd34PerKgInfused",
            "neutrophilEngraftmentDay", "plateletEngraftmentDay", "primaryGraftFailure",
            "ancNadir", "plateletNadir", "hbNadir", "daysAncBelow0_5", "daysPlateletsBelow20", "daysPlateletsBelow10",
            "redCellUnits", "plateletTransfusions", "infections", "acuteGvhdDay", "chronicGvhdDay", "rejectionDay",
            "donorChimerismDay30", "donorChimerismDay100", "donorChimerismLast", "donorTCellChimerismLast",
            "hasDisease", "autoreactiveBefore", "graftAutoreactive", "autoreactiveNadir", "autoreactiveEradicationDay", "relapseDay",
            "deathDay", "deathCause",
        };
        foreach (int day in PatientRecord.LymphocyteDays)
            foreach (var m in PatientRecord.LymphocyteSubsets)
                columns.Add(MeasureNames.Of(m) + "Day" + day);
        columns.AddRange(AppendedColumns);
        return [.. columns];
    }
}
