namespace Reconstitution.Protocols;

/// <summary>
/// A protocol file could not be read: malformed JSON, an unknown or missing field, or a value out of
/// range. The message names the file, line, column and field.
/// </summary>
/// <remarks>Catch it around <see cref="ProtocolFile.Read"/>/<see cref="ProtocolFile.Parse(string, string)"/> to show a user where their file is wrong.</remarks>
public sealed class ProtocolFileException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="source">The file name or other label of the JSON source.</param>
    /// <param name="line">The 1-based line of the offending token.</param>
    /// <param name="column">The 1-based column (in characters) of the offending token.</param>
    /// <param name="field">The JSON path of the field, e.g. <c>conditioning[2].dose</c>; empty for the document.</param>
    /// <param name="problem">What is wrong and what is allowed.</param>
    /// <param name="inner">The underlying exception, if any.</param>
    public ProtocolFileException(string source, int line, int column, string field, string problem, Exception? inner = null)
        : base(Format(source, line, column, field, problem), inner)
    {
        Source = source;
        Line = line;
        Column = column;
        Field = field;
        Problem = problem;
    }

    /// <summary>The file name or label of the JSON source.</summary>
    public new string Source { get; }

    /// <summary>The 1-based line.</summary>
    public int Line { get; }

    /// <summary>The 1-based column, in characters.</summary>
    public int Column { get; }

    /// <summary>The JSON path of the field; empty for the whole document.</summary>
    public string Field { get; }

    /// <summary>What is wrong and what is allowed.</summary>
    public string Problem { get; }

    private static string Format(string source, int line, int column, string field, string problem) =>
        field.Length == 0 ? $"{source}:{line}:{column}: {problem}" : $"{source}:{line}:{column}: field '{field}': {problem}";
}
