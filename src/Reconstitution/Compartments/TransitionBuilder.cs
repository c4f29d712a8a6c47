using System.Globalization;

namespace Reconstitution.Compartments;

/// <summary>
/// Configures one transition inside <see cref="ReactionNetworkBuilder.Transition"/>: what it
/// consumes and produces, and its propensity (mass action with optional Hill feedback, or a
/// custom rate function).
/// </summary>
/// <remarks>
/// Not thread-safe. Literal constants (<see cref="MassAction(double)"/>, the literal Hill
/// overloads) become parameters named after the transition (<c>"death.rate"</c>,
/// <c>"renewal.hill1.K"</c>, <c>"renewal.hill1.n"</c>), so kernel events can still change them.
/// </remarks>
public sealed class TransitionBuilder
{
    private readonly string _name;
    // Names and coefficients in lists of string and int (precompiled framework code), not a List<StoichiometryTerm>, which
    // every process would JIT-compile (issue 15).
    private readonly List<string> _reactants = [], _products = [];
    private readonly List<int> _reactantCoefficients = [], _productCoefficients = [];
    private readonly List<HillFactor> _feedback = [];
    private readonly List<ParameterDefinition> _literals = [];
    private readonly List<string> _modulators = [];
    private string? _rateParameter;
    private CustomPropensity? _custom;

    internal TransitionBuilder(string name) => _name = name;

    /// <summary>Consumes <paramref name="coefficient"/> units of a compartment per firing.</summary>
    /// <param name="compartment">The compartment name.</param>
    /// <param name="coefficient">Units consumed per firing, ≥ 1.</param>
    /// <returns>This builder.</returns>
    public TransitionBuilder Consumes(string compartment, int coefficient = 1)
    {
        _reactants.Add(compartment);
        _reactantCoefficients.Add(coefficient);
        return this;
    }

    /// <summary>Produces <paramref name="coefficient"/> units of a compartment per firing.</summary>
    /// <param name="compartment">The compartment name.</param>
    /// <param name="coefficient">Units made per firing, ≥ 1.</param>
    /// <returns>This builder.</returns>
    public TransitionBuilder Produces(string compartment, int coefficient = 1)
    {
        _products.Add(compartment);
        _productCoefficients.Add(coefficient);
        return this;
    }

    /// <summary>Sets a mass-action propensity with the rate constant held by a named parameter.</summary>
    /// <param name="rateParameter">The parameter holding the rate constant (per day per reactant combination).</param>
    /// <returns>This builder.</returns>
    public TransitionBuilder MassAction(string rateParameter)
    {
        ArgumentNullException.ThrowIfNull(rateParameter);
        _rateParameter = rateParameter;
        return this;
    }

    /// <summary>Sets a mass-action propensity with a literal rate constant (stored as parameter <c>"&lt;transition&gt;.rate"</c>).</summary>
    /// <param name="ratePerDay">The rate constant per day; finite and ≥ 0.</param>
    /// <returns>This builder.</returns>
    public TransitionBuilder MassAction(double ratePerDay)
    {
        string name = _name + ".rate";
        _literals.Add(new ParameterDefinition(name, ratePerDay));
        _rateParameter = name;
        return this;
    }

    /// <summary>Multiplies the mass-action propensity by an activating Hill factor xⁿ/(Kⁿ + xⁿ) of one compartment.</summary>
    /// <param name="compartment">The compartment whose count is x.</param>
    /// <param name="halfSaturationParameter">The parameter holding K.</param>
    /// <param name="coefficientParameter">The parameter holding n.</param>
    /// <returns>This builder.</returns>
    public TransitionBuilder ActivatedBy(string compartment, string halfSaturationParameter, string coefficientParameter) =>
        Hill([new WeightedCompartment(compartment, 1)], halfSaturationParameter, coefficientParameter, HillDirection.Activating);

    /// <summary>Multiplies the mass-action propensity by a repressing Hill factor Kⁿ/(Kⁿ + xⁿ) of one compartment.</summary>
    /// <param name="compartment">The compartment whose count is x.</param>
    /// <param name="halfSaturationParameter">The parameter holding K.</param>
    /// <param name="coefficientParameter">The parameter holding n.</param>
    /// <returns>This builder.</returns>
    public TransitionBuilder RepressedBy(string compartment, string halfSaturationParameter, string coefficientParameter) =>
        Hill([new WeightedCompartment(compartment, 1)], halfSaturationParameter, coefficientParameter, HillDirection.Repressing);

    /// <summary>Multiplies by an activating Hill factor of one compartment with literal K and n.</summary>
    /// <param name="compartment">The compartment whose count is x.</param>
    /// <param name="halfSaturation">K, &gt; 0, in the unit of x.</param>
    /// <param name="coefficient">n, &gt; 0.</param>
    /// <returns>This builder.</returns>
    public TransitionBuilder ActivatedBy(string compartment, double halfSaturation, double coefficient) =>
        ActivatedBy([new WeightedCompartment(compartment, 1)], halfSaturation, coefficient);

    /// <summary>Multiplies by a repressing Hill factor of one compartment with literal K and n.</summary>
    /// <param name="compartment">The compartment whose count is x.</param>
    /// <param name="halfSaturation">K, &gt; 0, in the unit of x.</param>
    /// <param name="coefficient">n, &gt; 0.</param>
    /// <returns>This builder.</returns>
    public TransitionBuilder RepressedBy(string compartment, double halfSaturation, double coefficient) =>
        RepressedBy([new WeightedCompartment(compartment, 1)], halfSaturation, coefficient);

    /// <summary>Multiplies by an activating Hill factor of a weighted sum of compartments.</summary>
    /// <param name="input">The weighted compartments summed into x.</param>
    /// <param name="halfSaturationParameter">The parameter holding K.</param>
    /// <param name="coefficientParameter">The parameter holding n.</param>
    /// <returns>This builder.</returns>
    public TransitionBuilder ActivatedBy(IEnumerable<WeightedCompartment> input, string halfSaturationParameter, string coefficientParameter) =>
        Hill(input, halfSaturationParameter, coefficientParameter, HillDirection.Activating);

    /// <summary>Multiplies by a repressing Hill factor of a weighted sum of compartments.</summary>
    /// <param name="input">The weighted compartments summed into x.</param>
    /// <param name="halfSaturationParameter">The parameter holding K.</param>
    /// <param name="coefficientParameter">The parameter holding n.</param>
    /// <returns>This builder.</returns>
    public TransitionBuilder RepressedBy(IEnumerable<WeightedCompartment> input, string halfSaturationParameter, string coefficientParameter) =>
        Hill(input, halfSaturationParameter, coefficientParameter, HillDirection.Repressing);

    /// <summary>Multiplies by an activating Hill factor of a weighted sum with literal K and n.</summary>
    /// <param name="input">The weighted compartments summed into x.</param>
    /// <param name="halfSaturation">K, &gt; 0, in the unit of x.</param>
    /// <param name="coefficient">n, &gt; 0.</param>
    /// <returns>This builder.</returns>
    public TransitionBuilder ActivatedBy(IEnumerable<WeightedCompartment> input, double halfSaturation, double coefficient)
    {
        var (k, n) = HillLiterals(halfSaturation, coefficient);
        return Hill(input, k, n, HillDirection.Activating);
    }

    /// <summary>Multiplies by a repressing Hill factor of a weighted sum with literal K and n.</summary>
    /// <param name="input">The weighted compartments summed into x.</param>
    /// <param name="halfSaturation">K, &gt; 0, in the unit of x.</param>
    /// <param name="coefficient">n, &gt; 0.</param>
    /// <returns>This builder.</returns>
    public TransitionBuilder RepressedBy(IEnumerable<WeightedCompartment> input, double halfSaturation, double coefficient)
    {
        var (k, n) = HillLiterals(halfSaturation, coefficient);
        return Hill(input, k, n, HillDirection.Repressing);
    }

    /// <summary>
    /// Multiplies the mass-action propensity by the current value of a named signal
    /// (<see cref="ReactionNetworkBuilder.Signal"/>), computed once per update and shared by all
    /// transitions that use it.
    /// </summary>
    /// <param name="signal">The signal name.</param>
    /// <returns>This builder.</returns>
    public TransitionBuilder ModulatedBy(string signal)
    {
        ArgumentNullException.ThrowIfNull(signal);
        _modulators.Add(signal);
        return this;
    }

    /// <summary>Sets a user-supplied propensity.</summary>
    /// <param name="function">The rate function; it may read only the declared compartments and parameters.</param>
    /// <param name="compartments">The compartments the function reads, in the order <see cref="RateInputs.Count"/> sees them.</param>
    /// <param name="parameters">The parameters it reads, in the order <see cref="RateInputs.Parameter"/> sees them; null for none.</param>
    /// <param name="timeDependent">True if the rate varies with time between firings (exact solvers then integrate its hazard).</param>
    /// <returns>This builder.</returns>
    public TransitionBuilder Rate(RateFunction function, IReadOnlyList<string> compartments, IReadOnlyList<string>? parameters = null,
        bool timeDependent = false)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(compartments);
        _custom = new CustomPropensity([.. compartments], parameters is null ? [] : [.. parameters], function, timeDependent);
        return this;
    }

    internal TransitionDefinition Build(List<ParameterDefinition> parameters)
    {
        if (_custom is not null && (_rateParameter is not null || _feedback.Count > 0 || _modulators.Count > 0))
            throw new ArgumentException($"Transition '{_name}': a custom rate cannot be combined with MassAction or Hill factors; put the feedback into the rate function.", "configure");
        if (_custom is null && _rateParameter is null)
            throw new ArgumentException($"Transition '{_name}' has no propensity: call MassAction(...) or Rate(...).", "configure");
        parameters.AddRange(_literals);
        PropensityDefinition propensity = _custom ?? (PropensityDefinition)new MassActionPropensity(_rateParameter!, [.. _feedback],
            _modulators.Count == 0 ? null : [.. _modulators]);
        return new TransitionDefinition(_name, Terms(_reactants, _reactantCoefficients), Terms(_products, _productCoefficients), propensity);
    }

    private static StoichiometryTerm[] Terms(List<string> compartments, List<int> coefficients)
    {
        var terms = new StoichiometryTerm[compartments.Count];
        for (int i = 0; i < terms.Length; i++) terms[i] = new(compartments[i], coefficients[i]);
        return terms;
    }

    private TransitionBuilder Hill(IEnumerable<WeightedCompartment> input, string k, string n, HillDirection direction)
    {
        ArgumentNullException.ThrowIfNull(input);
        _feedback.Add(new HillFactor([.. input], k, n, direction));
        return this;
    }

    private (string K, string N) HillLiterals(double halfSaturation, double coefficient)
    {
        string prefix = string.Create(CultureInfo.InvariantCulture, $"{_name}.hill{_feedback.Count + 1}");
        _literals.Add(new ParameterDefinition(prefix + ".K", halfSaturation));
        _literals.Add(new ParameterDefinition(prefix + ".n", coefficient));
        return (prefix + ".K", prefix + ".n");
    }
}
