using Reconstitution.Physiology;
using Reconstitution.Protocols;

namespace Reconstitution.Cohorts;

/// <summary>
/// A parameter a <see cref="ParameterSweep"/> can vary: a protocol field or a covariate, with its name, unit and how
/// it changes a <see cref="CohortSpecification"/>. Immutable and thread-safe; the supported ones are in <see cref="All"/>.
/// </summary>
/// <remarks>The parameters of one-at-a-time and grid sweeps (<see cref="ParameterSweep"/>, CLI <c>sweep</c>). The Sensitivity namespace's parameter catalogue names the physiology and risk parameters as well; use it for Morris and Sobol designs.</remarks>
public sealed class SweepParameter
{
    private readonly Func<CohortSpecification, double, CohortSpecification> _apply;

    private SweepParameter(string name, string label, string unit, double displayScale, string displayUnit, bool logScale, double min, double max,
        Func<CohortSpecification, double, CohortSpecification> apply, bool wholeNumber = false)
    {
        IsWholeNumber = wholeNumber;
        Name = name;
        Label = label;
        Unit = unit;
        DisplayScale = displayScale;
        DisplayUnit = displayUnit;
        LogScale = logScale;
        Minimum = min;
        Maximum = max;
        _apply = apply;
    }

    /// <summary>The name used on the command line and in files, e.g. <c>cd34PerKg</c>.</summary>
    public string Name { get; }

    /// <summary>A label for chart axes, e.g. "CD34+ cell dose".</summary>
    public string Label { get; }

    /// <summary>The unit of the values, e.g. <c>cells/kg</c>.</summary>
    public string Unit { get; }

    /// <summary>Values are divided by this on charts (e.g. 10⁶ to show CD34+/kg as ×10⁶/kg).</summary>
    public double DisplayScale { get; }

    /// <summary>The unit on charts, e.g. <c>×10⁶/kg</c>.</summary>
    public string DisplayUnit { get; }

    /// <summary>Whether charts use a logarithmic axis for this parameter.</summary>
    public bool LogScale { get; }

    /// <summary>The smallest allowed value.</summary>
    public double Minimum { get; }

    /// <summary>The largest allowed value.</summary>
    public double Maximum { get; }

    /// <summary>Whether the parameter takes whole numbers only (a day); other values are refused, never rounded, so a value and its label agree.</summary>
    public bool IsWholeNumber { get; }

    /// <summary>The specification with this parameter set to <paramref name="value"/>.</summary>
    /// <param name="specification">The base specification.</param>
    /// <param name="value">The value, in <see cref="Unit"/>, within [<see cref="Minimum"/>, <see cref="Maximum"/>].</param>
    /// <returns>The changed specification.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is out of range.</exception>
    /// <exception cref="InvalidOperationException">The protocol has no field to change (e.g. no graft, or not a <see cref="DefinedProtocol"/>).</exception>
    public CohortSpecification Apply(CohortSpecification specification, double value)
    {
        ArgumentNullException.ThrowIfNull(specification);
        Validation.Guard.InRange(value, Minimum, Maximum, Name, Unit);
        if (IsWholeNumber && value != Math.Floor(value))
            throw new ArgumentOutOfRangeException(Name, value, $"Parameter '{Name}' was {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}; allowed: whole numbers ({Unit}s).");
        return _apply(specification, value);
    }

    /// <summary>Every supported parameter: <c>cd34PerKg</c>, <c>cd3PerKg</c>, <c>viability</c>, <c>cd34SelectionLogDepletion</c>,
    /// <c>gcsfStartDay</c>, <c>conditioningScale</c>, <c>ageYears</c>, <c>weightKg</c>, <c>cyPostMitoticLogKill</c> (the natural-log kill per
    /// mg/kg of cyclophosphamide on post-mitotic neutrophil precursors and the marrow reserve, docs/model.md §10.1).</summary>
    public static IReadOnlyList<SweepParameter> All { get; } =
    [
        new("cd34PerKg", "CD34+ cell dose", "cells/kg", 1e6, "×10⁶/kg", true, 1e4, 1e8, (s, v) => WithGraft(s, "cd34PerKg", g => Copy(g, v))),
        new("cd3PerKg", "CD3+ T-cell dose", "cells/kg", 1e6, "×10⁶/kg", true, 0, 1e10, (s, v) => WithGraft(s, "cd3PerKg", g => g with { Cd3PerKg = v })),
        new("viability", "Graft viability", "fraction", 1, "fraction", false, 0.01, 1, (s, v) => WithGraft(s, "viability", g => g with { Viability = v })),
        new("cd34SelectionLogDepletion", "CD34 selection T-cell depletion", "log10", 1, "log₁₀", false, 0, 7,
            (s, v) => WithGraft(s, "cd34SelectionLogDepletion", g => g with { Cd34SelectionLogDepletion = v })),
        new("gcsfStartDay", "G-CSF start", "day", 1, "day after infusion", false, 0, 30,
            (s, v) => WithDefinition(s, "gcsfStartDay", d => d with { SupportiveCare = d.SupportiveCare with { GcsfStartDay = (int)v } }), wholeNumber: true),
        new("conditioningScale", "Conditioning intensity", "× every dose", 1, "× protocol doses", false, 0.05, 3,
            (s, v) => WithDefinition(s, "conditioningScale", d => d with { Conditioning = [.. d.Conditioning.Select(c => new ConditioningDose(c.Definition, c.Dose * v, c.Day))] })),
        new("ageYears", "Age", "years", 1, "years", false, 0, 120,
            (s, v) => s with { Covariates = s.Covariates with { AgeMeanYears = v, AgeSdYears = 0, AgeMinYears = v, AgeMaxYears = v } }),
        new("weightKg", "Weight", "kg", 1, "kg", false, 2, 300,
            (s, v) => s with { Covariates = s.Covariates with { WeightMedianKg = v, WeightLogSd = 0, WeightMinKg = v, WeightMaxKg = v } }),
        new("cyPostMitoticLogKill", "Cyclophosphamide kill of post-mitotic neutrophil precursors", "per mg/kg", 1, "ln-kill per mg/kg", false, 0, 0.05,
            (s, v) => s with { Simulation = s.Simulation with { Effects = s.Simulation.Effects.WithLogKill(ConditioningAgent.Cyclophosphamide, KillGroup.PostMitotic, v) } }),
    ];

    /// <summary>The parameter of a name (case-insensitive), or <c>null</c>.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The parameter.</returns>
    public static SweepParameter? Find(string name) => All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    // Cd34PerKg is set only by the constructor: copy every other property (a test checks that none is lost).
    private static GraftDefinition Copy(GraftDefinition g, double cd34PerKg) => new(g.Source, g.Donor, cd34PerKg)
    {
        TotalNucleatedCellsPerKg = g.TotalNucleatedCellsPerKg,
        Cd3PerKg = g.Cd3PerKg,
        Viability = g.Viability,
        Cd34SelectionLogDepletion = g.Cd34SelectionLogDepletion,
        Cd34DoseCv = g.Cd34DoseCv,
        Day = g.Day,
    };

    private static CohortSpecification WithDefinition(CohortSpecification s, string name, Func<ProtocolDefinition, ProtocolDefinition> change)
    {
        if (s.Protocol is not DefinedProtocol p)
            throw new InvalidOperationException($"Sweep parameter '{name}' changes a protocol field, but protocol '{s.Protocol.Name}' is not a DefinedProtocol (built-in or file).");
        return s with { Protocol = new DefinedProtocol(change(p.Definition)) };
    }

    private static CohortSpecification WithGraft(CohortSpecification s, string name, Func<GraftDefinition, GraftDefinition> change) =>
        WithDefinition(s, name, d => d.Graft is { } g
            ? d with { Graft = change(g) }
            : throw new InvalidOperationException($"Sweep parameter '{name}' changes the graft, but protocol '{d.Name}' has no graft."));
}
