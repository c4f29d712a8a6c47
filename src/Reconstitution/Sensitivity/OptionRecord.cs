using System.Reflection;
using Reconstitution.Cohorts;
using Reconstitution.Compartments;
using Reconstitution.Outcomes;
using Reconstitution.Physiology;

namespace Reconstitution.Sensitivity;

/// <summary>
/// A parameter record of <see cref="PatientSimulationOptions"/> that the catalogue reaches into: the option property, the
/// prefix of its parameters' names, their group, and the record a cohort uses while the option is null.
/// </summary>
/// <remarks>
/// Every public init property of the options whose type is a record is one, except <see cref="PatientSimulationOptions.Solver"/> and <see cref="PatientSimulationOptions.Future"/>
/// (numerical settings and a random-number split, not the model). A null option means the record's defaults: the type's static <c>Default</c>, or a
/// new instance; for <see cref="AutoimmunityParameters"/> the cohort's disease's (<see cref="AutoimmunityParameters.ForDisease"/>).
/// </remarks>
internal sealed class OptionRecord
{
    private static readonly Lazy<IReadOnlyList<OptionRecord>> Records = new(Find);
    private readonly Func<CovariateDistribution, object?> _defaults;

    private OptionRecord(PropertyInfo property, Func<CovariateDistribution, object?> defaults)
    {
        Property = property;
        bool physiology = property.Name == nameof(PatientSimulationOptions.Parameters);
        Group = physiology ? "physiology" : ParameterCatalogue.Camel(property.Name);
        Prefix = physiology ? "" : Group + ".";
        _defaults = defaults;
    }

    /// <summary>The option property, e.g. <see cref="PatientSimulationOptions.Risks"/>.</summary>
    public PropertyInfo Property { get; }

    /// <summary>The catalogue group: <c>physiology</c> for <see cref="PatientSimulationOptions.Parameters"/>, else the property's camelCase name.</summary>
    public string Group { get; }

    /// <summary>The prefix of the parameters' names: empty for physiology, else the group and a dot (<c>risks.</c>).</summary>
    public string Prefix { get; }

    /// <summary>The parameter records of the options, in declaration order.</summary>
    public static IReadOnlyList<OptionRecord> All() => Records.Value;

    /// <summary>The record the patients of a cohort use: the option's value, or the defaults for the cohort's covariates; null when none applies.</summary>
    public object? Current(PatientSimulationOptions options, CovariateDistribution covariates) => Property.GetValue(options) ?? _defaults(covariates);

    /// <summary>As <see cref="Current"/>, refusing a cohort the record does not apply to (autoreactive-clone parameters without a disease).</summary>
    /// <exception cref="InvalidOperationException">The record does not apply to the cohort.</exception>
    public object CurrentOrThrow(CohortSpecification specification, string name) =>
        Current(specification.Simulation, specification.Covariates)
        ?? throw new InvalidOperationException($"Parameter '{name}' applies to patients with an autoimmune disease; the cohort's disease is {specification.Covariates.Disease}.");

    /// <summary>A copy of <paramref name="options"/> with this option set to <paramref name="record"/>.</summary>
    public PatientSimulationOptions With(PatientSimulationOptions options, object record)
    {
        var copy = (PatientSimulationOptions)ParameterCatalogue.Clone(options);
        Property.SetValue(copy, record);
        return copy;
    }

    private static List<OptionRecord> Find()
    {
        var found = new List<OptionRecord>();
        foreach (var p in typeof(PatientSimulationOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance).OrderBy(p => p.MetadataToken))
        {
            if (p.SetMethod is not { IsPublic: true } || !ParameterCatalogue.IsRecord(p.PropertyType) || p.PropertyType == typeof(SolverOptions) || p.PropertyType == typeof(FutureRandomness)) continue;
            if (p.PropertyType == typeof(AutoimmunityParameters))
            {
                found.Add(new OptionRecord(p, c => AutoimmunityParameters.ForDisease(c.Disease)));
                continue;
            }
            object? defaults = p.PropertyType.GetProperty("Default", BindingFlags.Public | BindingFlags.Static)?.GetValue(null)
                ?? (p.PropertyType.GetConstructor(Type.EmptyTypes) is { } constructor ? constructor.Invoke(null) : null)
                ?? throw new InvalidOperationException($"PatientSimulationOptions.{p.Name}: its type {p.PropertyType.Name} needs a static Default or a parameterless constructor for the sensitivity catalogue.");
            found.Add(new OptionRecord(p, _ => defaults));
        }
        return found;
    }
}
