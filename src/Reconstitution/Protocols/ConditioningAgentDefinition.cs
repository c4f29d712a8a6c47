using System.Globalization;
using Reconstitution.Physiology;
using Reconstitution.Validation;

namespace Reconstitution.Protocols;

/// <summary>
/// A conditioning agent as data (docs/model.md §10): its name, dose unit and largest single dose, the log-kill per unit of
/// exposure of each <see cref="KillGroup"/> (a dose d leaves the fraction e^(−k·d) of the group; the
/// <see cref="KillGroup.Thymus"/> and <see cref="KillGroup.Niche"/> groups are tissue damage), lasting antibody-like extra
/// death on lymphoid groups (<see cref="AntibodyEffect"/>, the agent's pharmacokinetics) and the number of days one dose is
/// spread over. Immutable and thread-safe.
/// </summary>
/// <remarks>
/// <para>Use <see cref="BuiltIn"/> for the built-in agents (<see cref="ConditioningAgent"/>); their numbers come from
/// <see cref="ConditioningAgentEffects"/>, so a changed effects table in <c>PatientSimulationOptions.Effects</c> applies to
/// them. Create a new drug with the constructor in C#, or in a protocol file's <c>agents</c> array
/// (docs/protocol-files.md), and give it with <see cref="ConditioningDose(ConditioningAgentDefinition, double, int)"/> or
/// <see cref="TreatmentContext.Give(ConditioningAgentDefinition, double)"/>.</para>
/// <para>Two definitions are equal when every field is.</para>
/// </remarks>
public sealed class ConditioningAgentDefinition : IEquatable<ConditioningAgentDefinition>
{
    private static readonly KillGroup[] Groups = Enum.GetValues<KillGroup>();
    private readonly double[] _logKill;
    private readonly AntibodyEffect?[] _antibody;
    private static readonly Organ[] Organs = Enum.GetValues<Organ>();
    private readonly double[] _organToxicity;

    /// <summary>Defines a new agent, validating every value.</summary>
    /// <param name="name">The agent's name as protocol files spell it: a letter, then letters, digits or '-' (e.g. <c>thiotepa</c>); not a built-in agent's name.</param>
    /// <param name="doseUnit">The dose unit (e.g. <c>mg/kg</c>, <c>mg/m2</c>, <c>Gy</c>).</param>
    /// <param name="maximumSingleDose">The largest accepted single dose in <paramref name="doseUnit"/>, &gt; 0.</param>
    /// <param name="logKillPerUnit">Log-kill per dose unit of each group, each in [0, 1000]; groups not named are not killed.</param>
    /// <param name="antibody">Lasting extra death per group (TCells, Treg, BCells, NkCells, Autoreactive only); null for none.</param>
    /// <param name="spreadDays">Days one dose is spread over (1 for a single exposure, 6 for a BEAM course), in [1, 30].</param>
    /// <param name="organToxicity">Organ exposure per dose unit of each organ, in units of the organ's reference regimen
    /// (docs/model.md §18.2), each in [0, 100]; organs not named are not injured; null for none.</param>
    /// <exception cref="ArgumentException">A value is out of range, the name is malformed or taken by a built-in agent.</exception>
    public ConditioningAgentDefinition(string name, string doseUnit, double maximumSingleDose,
        IReadOnlyDictionary<KillGroup, double> logKillPerUnit, IReadOnlyDictionary<KillGroup, AntibodyEffect>? antibody = null, int spreadDays = 1,
        IReadOnlyDictionary<Organ, double>? organToxicity = null)
        : this(name, doseUnit, maximumSingleDose, logKillPerUnit, antibody, spreadDays, organToxicity, builtIn: null)
    {
        if (JsonNames.TryParse(name, out ConditioningAgent taken))
            throw new ArgumentException($"Parameter 'name' was '{name}', the name of the built-in agent {taken}; choose another name or use BuiltIn({taken}).", nameof(name));
    }

    private ConditioningAgentDefinition(string name, string doseUnit, double maximumSingleDose,
        IReadOnlyDictionary<KillGroup, double> logKillPerUnit, IReadOnlyDictionary<KillGroup, AntibodyEffect>? antibody, int spreadDays,
        IReadOnlyDictionary<Organ, double>? organToxicity, ConditioningAgent? builtIn)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(doseUnit);
        ArgumentNullException.ThrowIfNull(logKillPerUnit);
        if (name.Length == 0 || !char.IsAsciiLetter(name[0]) || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            throw new ArgumentException($"Parameter 'name' was '{name}'; allowed: a letter, then letters, digits or '-'.", nameof(name));
        if (string.IsNullOrWhiteSpace(doseUnit)) throw new ArgumentException("Parameter 'doseUnit' is empty; give the dose unit, e.g. mg/kg.", nameof(doseUnit));
        Guard.Positive(maximumSingleDose, nameof(maximumSingleDose), doseUnit);
        Guard.InRange(spreadDays, 1, 30, nameof(spreadDays), "days");
        _logKill = new double[Groups.Length];
        foreach (var (group, k) in logKillPerUnit)
        {
            CheckGroup(group, nameof(logKillPerUnit));
            Guard.InRange(k, 0, 1e3, nameof(logKillPerUnit), $"per {doseUnit} ({group})");
            _logKill[(int)group] = k;
        }
        _antibody = new AntibodyEffect?[Groups.Length];
        foreach (var (group, effect) in antibody ?? new Dictionary<KillGroup, AntibodyEffect>())
        {
            CheckGroup(group, nameof(antibody));
            if (Array.IndexOf(ModelSignals.ExtraDeathGroups, group) < 0)
                throw new ArgumentException($"Parameter 'antibody' names {group}; allowed: {string.Join(", ", ModelSignals.ExtraDeathGroups)} (groups with a lasting extra death rate).", nameof(antibody));
            ArgumentNullException.ThrowIfNull(effect, nameof(antibody));
            Guard.InRange(effect.MaxRatePerDay, 0, 1e3, nameof(antibody), $"per day ({group} maximal rate)");
            Guard.InRange(effect.Ec50, 0, 1e6, nameof(antibody), $"{doseUnit} ({group} EC50)");
            Guard.InRange(effect.HalfLifeDays, 1e-3, 1e4, nameof(antibody), $"days ({group} half-life)");
            _antibody[(int)group] = effect;
        }
        _organToxicity = new double[Organs.Length];
        foreach (var (organ, w) in organToxicity ?? new Dictionary<Organ, double>())
        {
            if (!Enum.IsDefined(organ))
                throw new ArgumentOutOfRangeException(nameof(organToxicity), organ, $"Parameter 'organToxicity' names {organ}; allowed: a defined Organ.");
            Guard.InRange(w, 0, 100, nameof(organToxicity), $"reference exposures per {doseUnit} ({organ})");
            _organToxicity[(int)organ] = w;
        }
        Name = name;
        DoseUnit = doseUnit;
        MaximumSingleDose = maximumSingleDose;
        SpreadDays = spreadDays;
        BuiltInAgent = builtIn;
    }

    /// <summary>The agent's name as protocol files spell it (built-ins: <c>cyclophosphamide</c>, <c>rabbitAtg</c> …).</summary>
    public string Name { get; }

    /// <summary>The dose unit (e.g. <c>mg/kg</c>).</summary>
    public string DoseUnit { get; }

    /// <summary>The largest accepted single dose, in <see cref="DoseUnit"/>.</summary>
    public double MaximumSingleDose { get; }

    /// <summary>Days over which one dose is spread in equal daily parts (1: all at once).</summary>
    public int SpreadDays { get; }

    /// <summary>The built-in agent this definition describes, or null for a user-defined agent.</summary>
    public ConditioningAgent? BuiltInAgent { get; }

    /// <summary>Log-kill per dose unit of a group: one unit leaves the fraction e^(−k) of its cells.</summary>
    /// <param name="group">The group.</param>
    /// <returns>k, per <see cref="DoseUnit"/>.</returns>
    public double LogKillPerUnit(KillGroup group) => _logKill[CheckGroup(group, nameof(group))];

    /// <summary>The lasting antibody effect on a group, or null.</summary>
    /// <param name="group">The group.</param>
    /// <returns>The effect, or null.</returns>
    public AntibodyEffect? Antibody(KillGroup group) => _antibody[CheckGroup(group, nameof(group))];

    /// <summary>
    /// The organ exposure one dose unit adds, in units of the organ's reference regimen (docs/model.md §18.2): the
    /// organ-toxicity hazard grows with the summed exposure of every dose given.
    /// </summary>
    /// <param name="organ">The organ.</param>
    /// <returns>The weight, reference exposures per <see cref="DoseUnit"/> (0: the agent does not injure the organ).</returns>
    public double OrganToxicityPerUnit(Organ organ) => Enum.IsDefined(organ)
        ? _organToxicity[(int)organ]
        : throw new ArgumentOutOfRangeException(nameof(organ), organ, $"Parameter 'organ' was {organ}; allowed: a defined Organ.");

    /// <summary>The definition of a built-in agent with the numbers of an effects table.</summary>
    /// <param name="agent">The built-in agent.</param>
    /// <param name="effects">The effects table; null for <see cref="ConditioningAgentEffects.Default"/>.</param>
    /// <returns>The definition (the same instance for the same agent and table).</returns>
    public static ConditioningAgentDefinition BuiltIn(ConditioningAgent agent, ConditioningAgentEffects? effects = null) =>
        (effects ?? ConditioningAgentEffects.Default).Definition(agent);

    /// <summary>Every built-in agent with the default numbers, in <see cref="ConditioningAgent"/> order.</summary>
    public static IReadOnlyList<ConditioningAgentDefinition> BuiltIns { get; } = [.. Enum.GetValues<ConditioningAgent>().Select(a => BuiltIn(a))];

    /// <summary>Builds the definition of a built-in agent from an effects table (called once per agent and table).</summary>
    internal static ConditioningAgentDefinition FromEffects(ConditioningAgent agent, ConditioningAgentEffects effects)
    {
        var kills = new Dictionary<KillGroup, double>();
        var antibodies = new Dictionary<KillGroup, AntibodyEffect>();
        foreach (var g in Groups)
        {
            double k = effects.LogKillPerUnit(agent, g);
            if (k != 0) kills[g] = k;
            if (effects.Antibody(agent, g) is { } ab) antibodies[g] = ab;
        }
        var organs = new Dictionary<Organ, double>();
        foreach (var o in Organs)
            if (effects.OrganToxicityPerUnit(agent, o) is var w and > 0) organs[o] = w;
        return new ConditioningAgentDefinition(JsonNames.Of(agent), ConditioningAgents.UnitOf(agent), ConditioningAgents.MaximumSingleDose(agent),
            kills, antibodies, effects.SpreadDays(agent), organs, agent);
    }

    /// <inheritdoc/>
    public bool Equals(ConditioningAgentDefinition? other) =>
        other is not null && (ReferenceEquals(this, other) ||
            (Name == other.Name && DoseUnit == other.DoseUnit && MaximumSingleDose.Equals(other.MaximumSingleDose) && SpreadDays == other.SpreadDays
             && BuiltInAgent == other.BuiltInAgent && _logKill.SequenceEqual(other._logKill) && _antibody.SequenceEqual(other._antibody)
             && _organToxicity.SequenceEqual(other._organToxicity)));

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as ConditioningAgentDefinition);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Name, DoseUnit, MaximumSingleDose, SpreadDays);

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Name} ({DoseUnit}, at most {MaximumSingleDose:G4} per dose)");

    private static int CheckGroup(KillGroup group, string parameter) => Enum.IsDefined(group)
        ? (int)group
        : throw new ArgumentOutOfRangeException(parameter, group, $"Parameter '{parameter}' names {group}; allowed: a defined KillGroup.");
}
