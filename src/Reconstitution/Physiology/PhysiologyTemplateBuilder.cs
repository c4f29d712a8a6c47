using Reconstitution.Compartments;

namespace Reconstitution.Physiology;

/// <summary>
/// A <see cref="ReactionNetworkBuilder"/> whose values depend on a <see cref="PhysiologyDesign"/>: each initial count and rate
/// constant is named as a <see cref="DesignValue"/> and each signal function is given as a function of the design, evaluated
/// at once for the design the template is built from and kept, so that <see cref="PhysiologyTemplate.Bind"/> can evaluate
/// them for any other design of the same <see cref="PhysiologyShape"/> without building the structure again.
/// </summary>
/// <remarks>
/// The signal binders are called later, for other designs: they must read the design only through their argument and
/// capture only structural values (a stage index copied into a local of its own iteration, never a <c>for</c> variable).
/// </remarks>
internal sealed class PhysiologyTemplateBuilder
{
    private readonly ReactionNetworkBuilder _builder = new();
    private readonly PhysiologyDesign _first;
    // Lists of classes, not of tuples or structs: List<T> over a reference type is the framework's shared, precompiled code,
    // while each list over a value type would be JIT-compiled at every start (issue 15).
    private readonly List<NamedValue> _counts = [];
    private readonly List<NamedValue> _rates = [];
    /// <summary>Per signal, its binder; null for a signal whose function is the same in every design (a bound network keeps the template's).</summary>
    private readonly List<Func<PhysiologyDesign, ByRefSignalFunction>?> _signals = [];
    private readonly List<PhysiologyTemplate.BlockSlot> _blocks = [];
    private readonly Dictionary<string, int> _compartmentIndex = new(StringComparer.Ordinal);
    private int _compartmentCount;

    /// <summary>Creates a builder evaluating values for <paramref name="first"/>.</summary>
    /// <param name="first">The design the template's own network is built with (the first patient of its shape).</param>
    public PhysiologyTemplateBuilder(PhysiologyDesign first) => _first = first;

    /// <summary>Binds a signal's declared inputs (<see cref="SignalInputs"/>) once and returns the function of a design that makes its signal function.</summary>
    public delegate Func<PhysiologyDesign, ByRefSignalFunction> SignalDeclaration(SignalInputs inputs);

    /// <summary>Adds a compartment whose initial count is a value of the design (of stage <paramref name="stage"/> for a stage value).</summary>
    public PhysiologyTemplateBuilder Compartment(string name, DesignValue initialCount, CompartmentMode mode, int stage = 0)
    {
        _counts.Add(new(name, initialCount, stage));
        return Compartment(name, DesignValues.Of(_first, initialCount, stage), mode);
    }

    /// <summary>Adds a compartment with the same initial count in every design.</summary>
    public PhysiologyTemplateBuilder Compartment(string name, double initialCount, CompartmentMode mode)
    {
        // Indices in definition order, as the network gives them (a duplicate name fails in Build).
        _compartmentIndex.TryAdd(name, _compartmentCount++);
        _builder.Compartment(name, initialCount, mode);
        return this;
    }

    /// <summary>Adds a run-time parameter with the same initial value in every design (a hook's "off" value).</summary>
    public PhysiologyTemplateBuilder Parameter(string name, double value)
    {
        _builder.Parameter(name, value);
        return this;
    }

    /// <summary>
    /// Adds a mass-action transition whose rate constant (parameter <c>"&lt;name&gt;.rate"</c>) is a value of the design;
    /// <paramref name="configure"/> sets the stoichiometry and the modulating signals.
    /// </summary>
    public void Transition(string name, DesignValue ratePerDay, Action<TransitionBuilder> configure)
    {
        string rate = RateParameter(name);
        _rates.Add(new(rate, ratePerDay, 0));
        Transition(name, rate, DesignValues.Of(_first, ratePerDay), configure);
    }

    /// <summary>Adds a mass-action transition with the same rate constant in every design (1 for a transition whose rate is its signal).</summary>
    public void Transition(string name, double ratePerDay, Action<TransitionBuilder> configure) =>
        Transition(name, RateParameter(name), ratePerDay, configure);

    /// <summary>Adds a signal whose function's constants depend on the design; its inputs are declared once by <paramref name="declare"/>.</summary>
    public void Signal(string name, SignalDeclaration declare, IReadOnlyList<string>? parameters = null, bool timeDependent = false)
    {
        var inputs = new SignalInputs(_compartmentIndex);
        var bind = declare(inputs);
        _signals.Add(bind);
        _builder.SignalByReference(name, bind(_first), inputs.Names, parameters, timeDependent);
    }

    /// <summary>Adds a signal whose function is the same in every design (it reads only counts, parameters and earlier signals).</summary>
    public void Signal(string name, ByRefSignalFunction function, IReadOnlyList<string> compartments, IReadOnlyList<string>? parameters = null, bool timeDependent = false)
    {
        _signals.Add(null);
        _builder.SignalByReference(name, function, compartments, parameters, timeDependent);
    }

    /// <summary>
    /// Declares that the last <paramref name="count"/> signals added are computed together by one function in a full update
    /// (a <see cref="SignalBlock"/>): <paramref name="bind"/> makes, for a design, the function writing exactly the values those
    /// signals' own functions return for that design.
    /// </summary>
    /// <param name="count">The number of signals, at least 2, counted back from the last one added.</param>
    /// <param name="bind">The design's block function.</param>
    /// <exception cref="ArgumentOutOfRangeException">Fewer signals were added since the last block, or <paramref name="count"/> &lt; 2.</exception>
    public void SignalBlock(int count, Func<PhysiologyDesign, SignalBlockFunction> bind)
    {
        int first = _signals.Count - count, previousEnd = _blocks.Count > 0 ? _blocks[^1].First + _blocks[^1].Count : 0;
        if (count < 2 || first < previousEnd)
            throw new ArgumentOutOfRangeException(nameof(count), count, $"A block needs at least 2 signals added since the last block; {_signals.Count - previousEnd} were.");
        _blocks.Add(new(first, count, bind));
    }

    /// <summary>The slice of the named compartments, in this order (for a block: it reads only what its signals declared).</summary>
    /// <param name="names">Compartment names, all defined.</param>
    /// <returns>Their slice.</returns>
    /// <exception cref="ArgumentException">A name is not a compartment.</exception>
    public InputSlice Slice(IEnumerable<string> names)
    {
        var indices = new List<int>();
        foreach (string n in names)
            indices.Add(_compartmentIndex.TryGetValue(n, out int i) ? i : throw new ArgumentException($"'{n}' is not a compartment.", nameof(names)));
        return new(indices.ToArray());
    }

    /// <summary>Builds the network (values of the first design) and the template.</summary>
    /// <param name="shape">The shape the structure was built for.</param>
    /// <returns>The template.</returns>
    public PhysiologyTemplate Build(PhysiologyShape shape)
    {
        var network = _builder.Build();
        foreach (var (name, index) in _compartmentIndex)
            if (network.CompartmentIndex(name) != index)
                throw new InvalidOperationException($"Compartment '{name}' has index {network.CompartmentIndex(name)} in the network, not {index} as the signal slices assumed.");
        var counts = new PhysiologyTemplate.Slot[_counts.Count];
        for (int i = 0; i < counts.Length; i++) counts[i] = new(network.CompartmentIndex(_counts[i].Name), _counts[i].Value, _counts[i].Stage);
        var rates = new PhysiologyTemplate.Slot[_rates.Count];
        for (int i = 0; i < rates.Length; i++) rates[i] = new(network.ParameterIndex(_rates[i].Name), _rates[i].Value, 0);
        return new PhysiologyTemplate(shape, network, counts, rates, _signals.ToArray(), _blocks.ToArray());
    }

    /// <summary>A named value of the design: a compartment's initial count (of a stage) or a rate constant's parameter (stage 0).</summary>
    private sealed record NamedValue(string Name, DesignValue Value, int Stage);

    private static string RateParameter(string transition) => transition + ".rate";

    private void Transition(string name, string rate, double value, Action<TransitionBuilder> configure)
    {
        // Declared just before its transition, the rate constant sits where TransitionBuilder.MassAction(double) would put it.
        _builder.Parameter(rate, value);
        _builder.Transition(name, t =>
        {
            configure(t);
            t.MassAction(rate);
        });
    }
}
