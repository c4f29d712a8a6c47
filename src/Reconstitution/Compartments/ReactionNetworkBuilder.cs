namespace Reconstitution.Compartments;

/// <summary>
/// Builds a <see cref="ReactionNetwork"/> fluently: compartments, parameters, then transitions.
/// </summary>
/// <example>
/// Immigration–death and a stem-cell pool with niche feedback on self-renewal:
/// <code>
/// var network = new ReactionNetworkBuilder()
///     .Compartment("HSC", 1000)
///     .Compartment("P1", 0)
///     .Parameter("renewalPerDay", 0.1).Parameter("nicheSize", 1000).Parameter("hill", 1)
///     .Transition("HSC self-renewal", t => t
///         .Consumes("HSC").Produces("HSC", 2)
///         .MassAction("renewalPerDay")
///         .RepressedBy("HSC", halfSaturationParameter: "nicheSize", coefficientParameter: "hill"))
///     .Transition("HSC differentiation", t => t.Consumes("HSC").Produces("P1").MassAction(0.05))
///     .Build();
/// </code>
/// </example>
/// <remarks>
/// Not thread-safe (a builder is used by one thread); the network it builds is immutable.
/// Names are checked when <see cref="Build"/> runs, so definitions may come in any order.
/// </remarks>
public sealed class ReactionNetworkBuilder
{
    private readonly List<CompartmentDefinition> _compartments = [];
    private readonly List<ParameterDefinition> _parameters = [];
    private readonly List<TransitionDefinition> _transitions = [];
    private readonly List<SignalDefinition> _signals = [];

    /// <summary>Adds a compartment.</summary>
    /// <param name="name">The unique compartment name.</param>
    /// <param name="initialCount">The count at time zero; finite and ≥ 0.</param>
    /// <param name="mode">How hybrid solvers may treat it (exact solvers ignore it).</param>
    /// <returns>This builder.</returns>
    public ReactionNetworkBuilder Compartment(string name, double initialCount, CompartmentMode mode = CompartmentMode.Dynamic)
    {
        _compartments.Add(new CompartmentDefinition(name, initialCount, mode));
        return this;
    }

    /// <summary>Adds a named parameter, such as a rate constant per day.</summary>
    /// <param name="name">The unique parameter name.</param>
    /// <param name="value">Its value at time zero; finite (and ≥ 0 if used as a rate constant).</param>
    /// <returns>This builder.</returns>
    public ReactionNetworkBuilder Parameter(string name, double value)
    {
        _parameters.Add(new ParameterDefinition(name, value));
        return this;
    }

    /// <summary>
    /// Adds a derived signal, computed once per propensity update from the declared compartments and
    /// parameters and shared by every transition <see cref="TransitionBuilder.ModulatedBy">modulated by</see> it.
    /// </summary>
    /// <param name="name">The unique signal name.</param>
    /// <param name="function">The signal function (allocation-free, pure).</param>
    /// <param name="compartments">The compartments it reads, in the order <see cref="RateInputs.Count"/> sees them.</param>
    /// <param name="parameters">The parameters it reads, in the order <see cref="RateInputs.Parameter"/> sees them; null for none.</param>
    /// <param name="timeDependent">True if the value varies with time between firings.</param>
    /// <returns>This builder.</returns>
    public ReactionNetworkBuilder Signal(string name, SignalFunction function, IReadOnlyList<string> compartments,
        IReadOnlyList<string>? parameters = null, bool timeDependent = false)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(compartments);
        _signals.Add(new SignalDefinition(name, [.. compartments], parameters is null ? [] : [.. parameters], function, timeDependent));
        return this;
    }

    /// <summary>Adds a transition, configured by <paramref name="configure"/>.</summary>
    /// <param name="name">The unique transition name (used in error messages and for firing counts).</param>
    /// <param name="configure">Sets the stoichiometry and the propensity.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">The configuration sets no propensity, or two.</exception>
    public ReactionNetworkBuilder Transition(string name, Action<TransitionBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var builder = new TransitionBuilder(name);
        configure(builder);
        _transitions.Add(builder.Build(_parameters));
        return this;
    }

    /// <summary>Validates and compiles the network.</summary>
    /// <returns>The immutable network.</returns>
    /// <exception cref="ArgumentException">A name is empty, duplicated or unknown, or a transition is malformed.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A count, coefficient, weight or parameter value is out of range.</exception>
    public ReactionNetwork Build() => new(_compartments, _parameters, _transitions, _signals);
}
