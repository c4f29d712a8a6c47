namespace Reconstitution.Compartments;

/// <summary>
/// A stochastic compartment model as data: compartments with initial counts, named parameters,
/// and transitions with stoichiometry and propensities. Build one with
/// <see cref="ReactionNetworkBuilder"/>, run it with <see cref="CompartmentSystem"/>.
/// </summary>
/// <remarks>
/// Immutable and thread-safe: one network can back any number of systems (patients) on any
/// number of threads. The network is validated and compiled to flat arrays when it is created,
/// so bad input fails here, naming the compartment, parameter or transition at fault.
/// </remarks>
public sealed class ReactionNetwork
{
    /// <summary>Validates and compiles a network from its definitions.</summary>
    /// <param name="compartments">The compartments, with unique names and initial counts ≥ 0.</param>
    /// <param name="parameters">The parameters, with unique names and finite values.</param>
    /// <param name="transitions">The transitions, referring to the compartments and parameters by name.</param>
    /// <exception cref="ArgumentException">A name is empty, duplicated or unknown, or a transition is malformed.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A count, coefficient, weight or parameter value is out of range.</exception>
    public ReactionNetwork(IEnumerable<CompartmentDefinition> compartments, IEnumerable<ParameterDefinition> parameters,
        IEnumerable<TransitionDefinition> transitions)
        : this(compartments, parameters, transitions, [])
    {
    }

    /// <summary>Validates and compiles a network with derived signals.</summary>
    /// <param name="compartments">The compartments, with unique names and initial counts ≥ 0.</param>
    /// <param name="parameters">The parameters, with unique names and finite values.</param>
    /// <param name="transitions">The transitions, referring to the compartments, parameters and signals by name.</param>
    /// <param name="signals">The derived signals, with unique names, reading compartments and parameters by name.</param>
    /// <exception cref="ArgumentException">A name is empty, duplicated or unknown, or a transition is malformed.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A count, coefficient, weight or parameter value is out of range.</exception>
    public ReactionNetwork(IEnumerable<CompartmentDefinition> compartments, IEnumerable<ParameterDefinition> parameters,
        IEnumerable<TransitionDefinition> transitions, IEnumerable<SignalDefinition> signals)
    {
        ArgumentNullException.ThrowIfNull(signals);
        ArgumentNullException.ThrowIfNull(compartments);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(transitions);
        _compartments = [.. compartments];
        _parameters = [.. parameters];
        Transitions = [.. transitions];
        _signals = [.. signals];
        Compiled = new CompiledNetwork(_compartments, _parameters, Transitions, _signals);
    }

    /// <summary>A network with the structure of <paramref name="template"/> and the values of <paramref name="compiled"/> (see <see cref="WithValues"/>).</summary>
    private ReactionNetwork(ReactionNetwork template, CompiledNetwork compiled)
    {
        Transitions = template.Transitions;
        _template = template;
        Compiled = compiled;
    }

    // The definition lists; for a network made by WithValues, built from the compiled values on first use.
    private readonly ReactionNetwork? _template;
    private IReadOnlyList<CompartmentDefinition>? _compartments;
    private IReadOnlyList<ParameterDefinition>? _parameters;
    private IReadOnlyList<SignalDefinition>? _signals;

    /// <summary>The compartments, in index order.</summary>
    public IReadOnlyList<CompartmentDefinition> Compartments => _compartments ??=
        [.. _template!.Compartments.Select((c, i) => c with { InitialCount = Compiled.InitialCounts[i] })];

    /// <summary>The parameters, in index order (including those a builder made for literal constants).</summary>
    public IReadOnlyList<ParameterDefinition> Parameters => _parameters ??=
        [.. _template!.Parameters.Select((p, i) => p with { Value = Compiled.InitialParameters[i] })];

    /// <summary>The transitions, in index order.</summary>
    public IReadOnlyList<TransitionDefinition> Transitions { get; }

    /// <summary>The derived signals, in evaluation order.</summary>
    public IReadOnlyList<SignalDefinition> Signals => _signals ??=
        [.. _template!.Signals.Select((d, s) => d with { Function = Compiled.SignalFunctions[s] })];

    /// <summary>The compiled form the solvers run on.</summary>
    internal CompiledNetwork Compiled { get; }

    /// <summary>
    /// This network's structure (compartments, parameters, transitions and signals by name, the compiled arrays and dependency
    /// graph: shared, not copied) with other values: the way many patients of one model structure get their own network at
    /// the cost of their values only.
    /// </summary>
    /// <param name="initialCounts">The initial count of every compartment, finite and ≥ 0 (owned by the new network).</param>
    /// <param name="initialParameters">The value of every parameter, in its allowed range (owned by the new network).</param>
    /// <param name="signalFunctions">The function of every signal, reading the same inputs as this network's.</param>
    /// <param name="signalBlocks">Runs of signals computed together by one call each (see <see cref="SignalBlock"/>), or null for none.</param>
    /// <param name="changedCounts">The compartments whose counts may differ from this network's, or null for any (only these are checked).</param>
    /// <param name="changedParameters">The parameters whose values may differ from this network's, or null for any (only these are checked).</param>
    /// <returns>The network.</returns>
    /// <exception cref="ArgumentException">A length differs from this network's, or a block is invalid (see <see cref="CompiledNetwork.WithValues"/>).</exception>
    /// <exception cref="ArgumentOutOfRangeException">A count or parameter value is out of its range (message names it).</exception>
    internal ReactionNetwork WithValues(double[] initialCounts, double[] initialParameters, ByRefSignalFunction[] signalFunctions,
        SignalBlock[]? signalBlocks = null, int[]? changedCounts = null, int[]? changedParameters = null) =>
        new(_template ?? this, Compiled.WithValues(initialCounts, initialParameters, signalFunctions, signalBlocks, changedCounts, changedParameters));

    /// <summary>The index of the named compartment.</summary>
    /// <param name="name">The compartment name.</param>
    /// <returns>Its index, 0 ≤ index &lt; <see cref="Compartments"/>.Count.</returns>
    /// <exception cref="ArgumentException">No compartment has that name.</exception>
    public int CompartmentIndex(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        int i = Compiled.FindCompartment(name);
        return i >= 0 ? i : throw new ArgumentException($"Unknown compartment '{name}'.", nameof(name));
    }

    /// <summary>The index of the named parameter.</summary>
    /// <param name="name">The parameter name.</param>
    /// <returns>Its index, 0 ≤ index &lt; <see cref="Parameters"/>.Count.</returns>
    /// <exception cref="ArgumentException">No parameter has that name.</exception>
    public int ParameterIndex(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        int i = Compiled.FindParameter(name);
        return i >= 0 ? i : throw new ArgumentException($"Unknown parameter '{name}'.", nameof(name));
    }

    /// <summary>The index of the named transition.</summary>
    /// <param name="name">The transition name.</param>
    /// <returns>Its index, 0 ≤ index &lt; <see cref="Transitions"/>.Count.</returns>
    /// <exception cref="ArgumentException">No transition has that name.</exception>
    public int TransitionIndex(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        int i = Compiled.FindTransition(name);
        return i >= 0 ? i : throw new ArgumentException($"Unknown transition '{name}'.", nameof(name));
    }
}
