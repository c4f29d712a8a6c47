using Reconstitution.Validation;

namespace Reconstitution.Protocols;

/// <summary>
/// A transplant protocol as data: conditioning doses, the graft units (none, one, or several: two cord units, a
/// CD34 boost, a donor lymphocyte infusion), supportive care and GVHD prophylaxis. This is what a protocol file holds. Immutable.
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
    private readonly IReadOnlyList<GraftDefinition> _grafts = [];

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

    /// <summary>The graft: the first (or only) unit of <see cref="Grafts"/>, or <c>null</c> for no graft. Setting it replaces every unit with this one.</summary>
    public GraftDefinition? Graft
    {
        get => _grafts.Count > 0 ? _grafts[0] : null;
        init => Grafts = value is null ? [] : [value];
    }

    /// <summary>
    /// Every graft unit in infusion order, each on its own <see cref="GraftDefinition.Day"/> (e.g. two cord units on day 0, a
    /// CD34-selected boost on day +28, a donor lymphocyte infusion given as <see cref="GraftDefinition.Cd3PerKg"/> with no CD34+
    /// cells). Empty for no graft. Each unit must carry cells (CD34+ or CD3+ &gt; 0).
    /// </summary>
    /// <exception cref="ArgumentException">A unit is null or has no cells.</exception>
    public IReadOnlyList<GraftDefinition> Grafts
    {
        get => _grafts;
        init
        {
            ArgumentNullException.ThrowIfNull(value, nameof(Grafts));
            for (int i = 0; i < value.Count; i++)
            {
                var unit = value[i] ?? throw new ArgumentException($"Graft unit {i + 1} is null.", nameof(Grafts));
                if (!unit.HasCells)
                    throw new ArgumentException($"Graft unit {i + 1} has no cells: give Cd34PerKg > 0, or Cd3PerKg > 0 for a donor lymphocyte infusion.", nameof(Grafts));
            }
            _grafts = [.. value];
        }
    }

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
