using Reconstitution.Cohorts;

namespace Reconstitution.Sensitivity;

/// <summary>
/// One parameter of the model a sensitivity analysis can vary: a physiology, autoreactive-clone or clinical-risk record
/// property, a conditioning agent's log-kill, antibody effect or organ-toxicity weight, a protocol field or a covariate, with its public name,
/// unit, default, source and a plausible range. Immutable and thread-safe; every one is listed in <see cref="ParameterCatalogue.All"/>.
/// </summary>
/// <remarks>
/// Names are property paths in camelCase below the record they belong to: <c>homingEfficiency</c>,
/// <c>granulopoiesis.mitoticPoolDays</c>, <c>granulopoiesis.progenitor.divisionRatePerDay</c> (physiology),
/// <c>autoimmunity.deathPerDay</c> (autoreactive clone), <c>risks.acuteGvhdMaxPerDay</c> (clinical risks),
/// <c>agent.cyclophosphamide.logKillPerUnit.hsc</c> (agents), and the sweep names <c>cd34PerKg</c>, <c>conditioningScale</c> …
/// (protocol and covariates, <see cref="SweepParameter"/>).
/// </remarks>
public sealed class ModelParameter
{
    private readonly Func<CohortSpecification, double, CohortSpecification> _apply;

    internal ModelParameter(string name, string group, string unit, double defaultValue, double plausibleMinimum, double plausibleMaximum,
        RangeBasis basis, bool isAssumption, bool isInteger, string source, Func<CohortSpecification, double, CohortSpecification> apply)
    {
        Name = name;
        Group = group;
        Unit = unit;
        Default = defaultValue;
        PlausibleMinimum = plausibleMinimum;
        PlausibleMaximum = plausibleMaximum;
        Basis = basis;
        IsAssumption = isAssumption;
        IsInteger = isInteger;
        Source = source;
        _apply = apply;
    }

    /// <summary>The public name, e.g. <c>granulopoiesis.mitoticPoolDays</c>.</summary>
    public string Name { get; }

    /// <summary>The group: <c>physiology</c>, <c>autoimmunity</c>, <c>risks</c> (the option records, and any added later under its option's name), <c>agents</c> or <c>protocol</c>.</summary>
    public string Group { get; }

    /// <summary>The unit, e.g. <c>days</c>, <c>1/day</c>, <c>cells/kg</c>; empty for a dimensionless number.</summary>
    public string Unit { get; }

    /// <summary>The default value (NaN for a protocol field, whose value depends on the protocol).</summary>
    public double Default { get; }

    /// <summary>The lower end of the plausible range, in <see cref="Unit"/>.</summary>
    public double PlausibleMinimum { get; }

    /// <summary>The upper end of the plausible range, in <see cref="Unit"/>.</summary>
    public double PlausibleMaximum { get; }

    /// <summary>Where the plausible range comes from.</summary>
    public RangeBasis Basis { get; }

    /// <summary>Whether the default is an assumption (not measured); these are the first candidates for a sensitivity analysis.</summary>
    public bool IsAssumption { get; }

    /// <summary>Whether the parameter is a whole number (values are rounded when applied).</summary>
    public bool IsInteger { get; }

    /// <summary>Where the default comes from (the parameter's documentation, shortened).</summary>
    public string Source { get; }

    /// <summary>The cohort with this parameter set to <paramref name="value"/> (rounded for whole-number parameters).</summary>
    /// <param name="specification">The cohort.</param>
    /// <param name="value">The value, in <see cref="Unit"/>.</param>
    /// <returns>The changed cohort.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The model does not allow the value (the message names the parameter and the allowed range).</exception>
    /// <exception cref="InvalidOperationException">The protocol has no such field (e.g. <c>cd34PerKg</c> without a graft).</exception>
    public CohortSpecification Apply(CohortSpecification specification, double value)
    {
        ArgumentNullException.ThrowIfNull(specification);
        if (!double.IsFinite(value)) throw new ArgumentOutOfRangeException(Name, value, $"Parameter '{Name}' was {value}; it must be a finite number.");
        return _apply(specification, IsInteger ? Math.Round(value) : value);
    }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
