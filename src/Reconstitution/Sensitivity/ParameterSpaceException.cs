namespace Reconstitution.Sensitivity;

/// <summary>A parameter-space file is malformed or names something unknown; the message reads <c>file:line:column: field 'f': problem</c>.</summary>
/// <remarks>Catch it where a user's space file is read (CLI exit code 2); a space built in C# reports bad values with <see cref="ArgumentException"/> instead.</remarks>
public sealed class ParameterSpaceException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="source">The file name or label.</param>
    /// <param name="line">The 1-based line.</param>
    /// <param name="column">The 1-based column.</param>
    /// <param name="field">The JSON path of the field, e.g. <c>parameters[2].min</c>; empty for the document.</param>
    /// <param name="problem">What is wrong and what is allowed.</param>
    /// <param name="inner">The underlying exception, if any.</param>
    public ParameterSpaceException(string source, int line, int column, string field, string problem, Exception? inner = null)
        : base(field.Length == 0 ? $"{source}:{line}:{column}: {problem}" : $"{source}:{line}:{column}: field '{field}': {problem}", inner)
    {
        File = source;
        Line = line;
        Column = column;
        Field = field;
        Problem = problem;
    }

    /// <summary>The file name or label.</summary>
    public string File { get; }

    /// <summary>The 1-based line.</summary>
    public int Line { get; }

    /// <summary>The 1-based column, in characters.</summary>
    public int Column { get; }

    /// <summary>The JSON path of the field; empty for the document.</summary>
    public string Field { get; }

    /// <summary>What is wrong and what is allowed.</summary>
    public string Problem { get; }
}
