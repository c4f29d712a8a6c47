namespace Reconstitution.Forecasting;

/// <summary>
/// An observations file that cannot be used: the message names the file, the line, the field and what is allowed,
/// e.g. <c>counts.csv, line 7, field 'value': -0.2 is negative; counts are ≥ 0</c>.
/// </summary>
/// <remarks>Catch it where a user's observations file is read (CLI exit code 2); observations built in C# report bad values with <see cref="ArgumentException"/> instead.</remarks>
public sealed class ObservationFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="source">The file name (or another label of the text read).</param>
    /// <param name="line">The 1-based line number, or 0 when the problem is the file as a whole.</param>
    /// <param name="field">The column name (<c>day</c>, <c>measure</c>, <c>value</c>), or null.</param>
    /// <param name="problem">What is wrong and what is allowed.</param>
    public ObservationFormatException(string source, int line, string? field, string problem)
        : base(Describe(source, line, field, problem))
    {
        Source = source;
        Line = line;
        Field = field;
    }

    /// <summary>The file name (or label) read.</summary>
    public new string Source { get; }

    /// <summary>The 1-based line number; 0 for a problem with the file as a whole (e.g. no observations).</summary>
    public int Line { get; }

    /// <summary>The column, or null.</summary>
    public string? Field { get; }

    private static string Describe(string source, int line, string? field, string problem) =>
        source + (line > 0 ? $", line {line}" : "") + (field is null ? "" : $", field '{field}'") + ": " + problem;
}
