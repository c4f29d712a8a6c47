namespace Reconstitution.Cli.Lab;

/// <summary>One message for one form field (its key, e.g. <c>graft.cd34PerKg</c>), shown next to the field.</summary>
/// <param name="Field">The field's key; <c>upload</c> for the protocol file, empty for the page as a whole.</param>
/// <param name="Message">What is wrong and what is allowed.</param>
/// <param name="Line">For a protocol file, the 1-based line; otherwise null.</param>
/// <param name="Column">For a protocol file, the 1-based column; otherwise null.</param>
internal sealed record FieldError(string Field, string Message, int? Line = null, int? Column = null);

/// <summary>Input from a lab page was refused; <see cref="Errors"/> says which fields and why (answered with HTTP 400).</summary>
internal sealed class LabInputException : Exception
{
    public LabInputException(IReadOnlyList<FieldError> errors)
        : base(string.Join(" ", errors.Select(e => e.Message)))
    {
        Errors = errors;
    }

    public LabInputException(string field, string message)
        : this([new FieldError(field, message)])
    {
    }

    public IReadOnlyList<FieldError> Errors { get; }

    /// <summary>The HTTP status to answer with (400, or 413 for a body that is too large).</summary>
    public int StatusCode { get; init; } = 400;
}
