using System.Globalization;
using Reconstitution.Validation;

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

    /// <summary>Adds a derived signal whose function takes its inputs by reference (see <see cref="ByRefSignalFunction"/>).</summary>
    /// <param name="name">The unique signal name.</param>
    /// <param name="function">The signal function (allocation-free, pure).</param>
    /// <param name="compartments">The compartments it reads, in the order <see cref="RateInputs.Count"/> sees them.</param>
    /// <param name="parameters">The parameters it reads, in the order <see cref="RateInputs.Parameter"/> sees them; null for none.</param>
    /// <param name="timeDependent">True if the value varies with time between firings.</param>
    /// <returns>This builder.</returns>
    internal ReactionNetworkBuilder SignalByReference(string name, ByRefSignalFunction function, IReadOnlyList<string> compartments,
        IReadOnlyList<string>? parameters = null, bool timeDependent = false)
    {
        ArgumentNullException.ThrowIfNull(function);
        return Signal(name, CompiledNetwork.ByValue(function), compartments, parameters, timeDependent);
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

    /// <summary>
    /// Adds a maturation delay as a linear chain (the "linear chain trick"): compartments
    /// <c>name1</c> … <c>nameK</c>, each passing cells to the next at rate K/L per cell and the
    /// last to <paramref name="exitTo"/> (or out of the system). A cell entering <c>name1</c>
    /// leaves after a Gamma(K, L/K) time: mean L, coefficient of variation 1/√K.
    /// </summary>
    /// <remarks>
    /// The per-stage rate is the parameter <c>"name.stageRate"</c> (per day), which kernel events may
    /// change; transitions are named <c>"name stage i"</c>. Feed the chain by producing into
    /// <see cref="StageName"/>(name, 1); read its total with a Hill factor over all stages.
    /// </remarks>
    /// <param name="name">The chain name, e.g. <c>"RBC"</c>.</param>
    /// <param name="stages">The number of stages K, ≥ 1 (K = 40 gives CV ≈ 0.16).</param>
    /// <param name="meanResidenceDays">The mean time L in days from entering stage 1 to leaving stage K; &gt; 0.</param>
    /// <param name="exitTo">The compartment the last stage feeds, or null for leaving the system (e.g. death at the end of a lifespan).</param>
    /// <param name="mode">The mode of the stage compartments.</param>
    /// <param name="initialCountPerStage">The count of every stage at time zero.</param>
    /// <returns>This builder.</returns>
    public ReactionNetworkBuilder LinearChain(string name, int stages, double meanResidenceDays, string? exitTo = null,
        CompartmentMode mode = CompartmentMode.Dynamic, double initialCountPerStage = 0)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Guard.AtLeastOne(stages);
        Guard.Positive(meanResidenceDays, unit: "days");
        string rate = name + ".stageRate";
        Parameter(rate, stages / meanResidenceDays);
        for (int s = 1; s <= stages; s++) Compartment(StageName(name, s), initialCountPerStage, mode);
        for (int s = 1; s <= stages; s++)
        {
            string from = StageName(name, s);
            string? to = s < stages ? StageName(name, s + 1) : exitTo;
            Transition(string.Create(CultureInfo.InvariantCulture, $"{name} stage {s}"), t =>
            {
                t.Consumes(from).MassAction(rate);
                if (to is not null) t.Produces(to);
            });
        }
        return this;
    }

    /// <summary>The compartment name of stage <paramref name="stage"/> of a <see cref="LinearChain"/>.</summary>
    /// <param name="chain">The chain name.</param>
    /// <param name="stage">The stage, from 1.</param>
    /// <returns><c>chain</c> followed by the stage number, e.g. <c>"RBC1"</c>.</returns>
    public static string StageName(string chain, int stage) => string.Create(CultureInfo.InvariantCulture, $"{chain}{stage}");

    /// <summary>Validates and compiles the network.</summary>
    /// <returns>The immutable network.</returns>
    /// <exception cref="ArgumentException">A name is empty, duplicated or unknown, or a transition is malformed.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A count, coefficient, weight or parameter value is out of range.</exception>
    public ReactionNetwork Build() => new(_compartments, _parameters, _transitions, _signals);
}
