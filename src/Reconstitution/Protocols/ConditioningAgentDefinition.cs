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
    private static readonly KillGroup[] Groups = EnumMembers.KillGroups();
    private readonly double[] _logKill;
    private readonly AntibodyEffect?[] _antibody;
    private static readonly Organ[] Organs = EnumMembers.Organs();
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
        CheckHeader(name, doseUnit, maximumSingleDose, spreadDays);
        _logKill = new double[Groups.Length];
        foreach (var (group, k) in logKillPerUnit) _logKill[(int)group] = CheckLogKill(group, k, doseUnit);
        _antibody = new AntibodyEffect?[Groups.Length];
        foreach (var (group, effect) in antibody ?? new Dictionary<KillGroup, AntibodyEffect>()) _antibody[(int)group] = CheckAntibody(group, effect, doseUnit);
        _organToxicity = new double[Organs.Length];
        foreach (var (organ, w) in organToxicity ?? new Dictionary<Organ, double>()) _organToxicity[(int)organ] = CheckOrganToxicity(organ, w, doseUnit);
        Name = name;
        DoseUnit = doseUnit;
        MaximumSingleDose = maximumSingleDose;
        SpreadDays = spreadDays;
        BuiltInAgent = builtIn;
    }

    // A built-in agent's definition from an effects table's rows, checked as the constructor checks what it is given, in
    // the same order (groups, then organs, in enumeration order): FromEffects needs no dictionaries, whose generic code
    // (over the library's enumerations, outside ReadyToRun's reach) every process JIT-compiled when it first named a protocol.
    private ConditioningAgentDefinition(string name, string doseUnit, double maximumSingleDose, double[] logKill, AntibodyEffect?[] antibody,
        int spreadDays, double[] organToxicity, ConditioningAgent builtIn)
    {
        CheckHeader(name, doseUnit, maximumSingleDose, spreadDays);
        for (int g = 0; g < logKill.Length; g++)
            if (logKill[g] != 0) CheckLogKill(Groups[g], logKill[g], doseUnit);
        for (int g = 0; g < antibody.Length; g++)
            if (antibody[g] is { } effect) CheckAntibody(Groups[g], effect, doseUnit);
        for (int o = 0; o < organToxicity.Length; o++)
            if (organToxicity[o] != 0) CheckOrganToxicity(Organs[o], organToxicity[o], doseUnit);
        _logKill = logKill;
        _antibody = antibody;
        _organToxicity = organToxicity;
        Name = name;
        DoseUnit = doseUnit;
        MaximumSingleDose = maximumSingleDose;
        SpreadDays = spreadDays;
        BuiltInAgent = builtIn;
    }

    private static void CheckHeader(string name, string doseUnit, double maximumSingleDose, int spreadDays)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(doseUnit);
        if (name.Length == 0 || !char.IsAsciiLetter(name[0]) || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            throw new ArgumentException($"Parameter 'name' was '{name}'; allowed: a letter, then letters, digits or '-'.", nameof(name));
        if (string.IsNullOrWhiteSpace(doseUnit)) throw new ArgumentException("Parameter 'doseUnit' is empty; give the dose unit, e.g. mg/kg.", nameof(doseUnit));
        Guard.Positive(maximumSingleDose, nameof(maximumSingleDose), doseUnit);
        Guard.InRange(spreadDays, 1, 30, nameof(spreadDays), "days");
    }

    private static double CheckLogKill(KillGroup group, double k, string doseUnit)
    {
        CheckGroup(group, "logKillPerUnit");
        Guard.InRange(k, 0, 1e3, "logKillPerUnit", "per " + doseUnit + " (" + group.ToString() + ")");
        return k;
    }

    private static AntibodyEffect CheckAntibody(KillGroup group, AntibodyEffect effect, string doseUnit)
    {
        const string parameter = "antibody";
        CheckGroup(group, parameter);
        if (!HasLastingExtraDeath(group))
            throw new ArgumentException($"Parameter 'antibody' names {group}; allowed: {string.Join(", ", ModelSignals.ExtraDeathGroups)} (groups with a lasting extra death rate).", parameter);
        ArgumentNullException.ThrowIfNull(effect, parameter);
        Guard.InRange(effect.MaxRatePerDay, 0, 1e3, parameter, "per day (" + group.ToString() + " maximal rate)");
        Guard.InRange(effect.Ec50, 0, 1e6, parameter, doseUnit + " (" + group.ToString() + " EC50)");
        Guard.InRange(effect.HalfLifeDays, 1e-3, 1e4, parameter, "days (" + group.ToString() + " half-life)");
        return effect;
    }

    private static double CheckOrganToxicity(Organ organ, double w, string doseUnit)
    {
        if (!EnumMembers.IsDefined(organ))
            throw new ArgumentOutOfRangeException("organToxicity", organ, $"Parameter 'organToxicity' names {organ}; allowed: a defined Organ.");
        Guard.InRange(w, 0, 100, "organToxicity", "reference exposures per " + doseUnit + " (" + organ.ToString() + ")");
        return w;
    }

    /// <summary>The agent's name as protocol files spell it (built-ins: <c>cyclophosphamide</c>, <c>rabbitAtg</c> …).</summary>
    public string Name { get; }

    /// <summary>The dose unit (e.g. <c>mg/kg</c>).</summary>
    public string DoseUnit { get; }

    /// <summary>At most this many dose texts are kept per definition (a protocol gives an agent one to three distinct doses).</summary>
    private const int MaxRecordTexts = 8;

    private RecordText[] _recordTexts = [];

    /// <summary>A dose's event text as made in one culture.</summary>
    private sealed record RecordText(double Dose, CultureInfo Culture, string Text);

    /// <summary>
    /// The text of the conditioning event a dose records (<see cref="TreatmentContext.Give(ConditioningAgentDefinition, double)"/>):
    /// "name dose unit", the dose formatted G4 in the current culture. Made once per dose and culture and kept (a protocol gives
    /// the same doses to every patient, and formatting a number costs as much as the rest of a kill group); safe to call from
    /// several threads (a lost update is only made again).
    /// </summary>
    /// <param name="dose">The dose, &gt; 0.</param>
    /// <returns>The text.</returns>
    internal string RecordTextOf(double dose)
    {
        var culture = CultureInfo.CurrentCulture;
        var known = Volatile.Read(ref _recordTexts);
        foreach (var entry in known)
            if (entry.Dose == dose && ReferenceEquals(entry.Culture, culture)) return entry.Text;
        string text = $"{Name} {dose:G4} {DoseUnit}";
        if (known.Length < MaxRecordTexts) Volatile.Write(ref _recordTexts, [.. known, new RecordText(dose, culture, text)]);
        return text;
    }

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
    public double OrganToxicityPerUnit(Organ organ) => EnumMembers.IsDefined(organ)
        ? _organToxicity[(int)organ]
        : throw new ArgumentOutOfRangeException(nameof(organ), organ, $"Parameter 'organ' was {organ}; allowed: a defined Organ.");

    /// <summary>The definition of a built-in agent with the numbers of an effects table.</summary>
    /// <param name="agent">The built-in agent.</param>
    /// <param name="effects">The effects table; null for <see cref="ConditioningAgentEffects.Default"/>.</param>
    /// <returns>The definition (the same instance for the same agent and table).</returns>
    public static ConditioningAgentDefinition BuiltIn(ConditioningAgent agent, ConditioningAgentEffects? effects = null) =>
        (effects ?? ConditioningAgentEffects.Default).Definition(agent);

    /// <summary>Every built-in agent with the default numbers, in <see cref="ConditioningAgent"/> order.</summary>
    public static IReadOnlyList<ConditioningAgentDefinition> BuiltIns { get; } = BuildAll();

    // A loop, not LINQ over the enumeration (a generic instantiation JIT-compiled in every process).
    private static ConditioningAgentDefinition[] BuildAll()
    {
        var agents = EnumMembers.Agents();
        var all = new ConditioningAgentDefinition[agents.Length];
        for (int i = 0; i < agents.Length; i++) all[i] = BuiltIn(agents[i]);
        return all;
    }

    /// <summary>Builds the definition of a built-in agent from an effects table (called once per agent and table).</summary>
    internal static ConditioningAgentDefinition FromEffects(ConditioningAgent agent, ConditioningAgentEffects effects)
    {
        var kills = new double[Groups.Length];
        var antibodies = new AntibodyEffect?[Groups.Length];
        foreach (var g in Groups)
        {
            double k = effects.LogKillPerUnit(agent, g);
            if (k != 0) kills[(int)g] = k;
            antibodies[(int)g] = effects.Antibody(agent, g);
        }
        var organs = new double[Organs.Length];
        foreach (var o in Organs)
            if (effects.OrganToxicityPerUnit(agent, o) is var w and > 0) organs[(int)o] = w;
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

    private static int CheckGroup(KillGroup group, string parameter) => EnumMembers.IsDefined(group)
        ? (int)group
        : throw new ArgumentOutOfRangeException(parameter, group, $"Parameter '{parameter}' names {group}; allowed: a defined KillGroup.");

    // Whether the group is one of ModelSignals.ExtraDeathGroups: a loop, not Array.IndexOf over the enumeration (a generic
    // instantiation JIT-compiled in every process).
    private static bool HasLastingExtraDeath(KillGroup group)
    {
        foreach (var g in ModelSignals.ExtraDeathGroups)
            if (g == group) return true;
        return false;
    }
}
