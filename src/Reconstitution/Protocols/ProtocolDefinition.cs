using Reconstitution.Validation;

namespace Reconstitution.Protocols;

/// <summary>
/// A transplant protocol as data: conditioning doses, the graft (or none), supportive care and GVHD
/// prophylaxis. This is what a protocol file holds. Immutable.
/// </summary>
/// <remarks>
/// Read and write it with <see cref="ProtocolFile"/>. A definition with no <see cref="Graft"/> is
/// valid: conditioning alone, or no treatment at all (an empty conditioning list), which is the
/// untreated baseline.
/// </remarks>
public sealed record ProtocolDefinition
{
    private readonly string _name;
    private readonly IReadOnlyList<ConditioningDose> _conditioning = [];

    /// <summary>Creates a protocol definition.</summary>
    /// <param name="name">A short, stable name such as <c>auto-cy-atg</c>: letters, digits and hyphens.</param>
    public ProtocolDefinition(string name)
    {
        _name = CheckName(name);
    }

    /// <summary>The protocol's short name.</summary>
    public string Name
    {
        get => _name;
        init => _name = CheckName(value);
    }

    /// <summary>A sentence describing the protocol and its clinical model, or <c>null</c>.</summary>
    public string? Description { get; init; }

    /// <summary>Conditioning doses, in any order (they run by day).</summary>
    public IReadOnlyList<ConditioningDose> Conditioning
    {
        get => _conditioning;
        init => _conditioning = value is null ? throw new ArgumentNullException(nameof(Conditioning)) : [.. value];
    }

    /// <summary>The graft, or <c>null</c> for no graft.</summary>
    public GraftDefinition? Graft { get; init; }

    /// <summary>Supportive care after infusion.</summary>
    public SupportiveCareDefinition SupportiveCare { get; init; } = new();

    /// <summary>GVHD prophylaxis, or <c>null</c> for none (autologous grafts need none).</summary>
    public GvhdProphylaxisDefinition? GvhdProphylaxis { get; init; }

    private static string CheckName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0 || name.Length > 64 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_'))
            throw new ArgumentException($"Parameter 'name' was '{name}'; allowed: 1 to 64 letters, digits, '-' or '_'.", nameof(name));
        return name;
    }
}
