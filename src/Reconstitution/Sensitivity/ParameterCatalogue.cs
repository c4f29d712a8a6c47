using System.Reflection;
using Reconstitution.Cohorts;
using Reconstitution.Outcomes;
using Reconstitution.Physiology;
using Reconstitution.Protocols;

namespace Reconstitution.Sensitivity;

/// <summary>
/// Every parameter a sensitivity analysis can vary, with unit, default, source and plausible range: the numeric properties of
/// the parameter records of <see cref="PatientSimulationOptions"/> (<see cref="PhysiologyParameters"/>,
/// <see cref="ClinicalRiskParameters"/>, <see cref="AutoimmunityParameters"/> and any record added there later, with their
/// nested records), found by reflection; the built-in conditioning agents' log-kills, antibody effects and organ-toxicity weights
/// (<see cref="ConditioningAgentEffects"/>); and the protocol and covariate parameters of <see cref="SweepParameter"/>. Thread-safe.
/// </summary>
/// <remarks>
/// <para>
/// Names are the records' property paths in camelCase: physiology without a prefix (<c>granulopoiesis.mitoticPoolDays</c>),
/// every other record under its option's name (<c>risks.acuteGvhdMaxPerDay</c>, <c>autoimmunity.deathPerDay</c>); agents as
/// protocol files spell them (<c>agent.cyclophosphamide.logKillPerUnit.hsc</c>, <c>agent.rabbitAtg.antibody.tCells.halfLifeDays</c>,
/// <c>agent.busulfan.organToxicity.liver</c>).
/// A value is applied by copying the records along the path (what a C# <c>with</c> expression does), so each record's own
/// range check runs and names the property when a value is not allowed.
/// </para>
/// <para>
/// This file, <c>ParameterNotes.cs</c> and <c>AgentNotes.cs</c> are the only places where the sensitivity layer knows the
/// shape of the patient model's parameters. A new numeric property of these records, or a new parameter record on
/// <see cref="PatientSimulationOptions"/> (or nested in one of its records), appears here by itself; until it has a row in
/// <c>ParameterNotes.cs</c> it gets a −20 %/+25 % range and a test lists it as missing its note.
/// </para>
/// </remarks>
public static class ParameterCatalogue
{
    private static readonly Lazy<IReadOnlyList<ModelParameter>> Parameters = new(Build);

    /// <summary>Every parameter: the option records' (physiology first, then clinical risks, autoreactive clone …), then the agents', then protocol fields and covariates.</summary>
    public static IReadOnlyList<ModelParameter> All => Parameters.Value;

    /// <summary>The parameter of a public name (case-insensitive), or <c>null</c>.</summary>
    /// <param name="name">The name, e.g. <c>homingEfficiency</c>.</param>
    /// <returns>The parameter.</returns>
    public static ModelParameter? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The names closest to <paramref name="name"/> (same last segment, or sharing a prefix), for "did you mean" messages.</summary>
    /// <param name="name">An unknown name.</param>
    /// <returns>Up to three names.</returns>
    public static IReadOnlyList<string> Suggestions(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string last = name[(name.LastIndexOf('.') + 1)..];
        return [.. All.Select(p => p.Name)
            .Where(n => n.EndsWith(last, StringComparison.OrdinalIgnoreCase) || (name.Length >= 4 && n.Contains(name[..4], StringComparison.OrdinalIgnoreCase)))
            .Take(3)];
    }

    private static List<ModelParameter> Build()
    {
        var list = new List<ModelParameter>();
        foreach (var root in OptionRecord.All())
        {
            object defaults = root.Current(PatientSimulationOptions.Default, CovariateDistribution.Default)!;
            foreach (var path in Leaves(root.Property.PropertyType, []))
            {
                string name = root.Prefix + NameOf(path);
                list.Add(Make(name, root.Group, Get(defaults, path), path[^1].PropertyType == typeof(int), path[^1],
                    (s, v) => s with { Simulation = root.With(s.Simulation, Set(root.CurrentOrThrow(s, name), path, v, name)) }));
            }
        }
        foreach (var agent in Enum.GetValues<ConditioningAgent>())
        {
            foreach (var group in Enum.GetValues<KillGroup>())
                list.AddRange(AgentParameters(agent, group));
            foreach (var organ in Enum.GetValues<Organ>())
                if (ConditioningAgentEffects.Default.OrganToxicityPerUnit(agent, organ) is var w and not 0)
                {
                    string name = AgentNotes.OrganToxicityName(agent, organ);
                    list.Add(Make(name, "agents", w, false, null, (s, v) => WithEffects(s, name, v, e => e.WithOrganToxicity(agent, organ, v), agent)));
                }
        }
        foreach (var sweep in SweepParameter.All)
        {
            var note = ParameterNotes.All.GetValueOrDefault(sweep.Name);
            list.Add(new ModelParameter(sweep.Name, "protocol", sweep.Unit, double.NaN,
                note?.Minimum ?? sweep.Minimum, note?.Maximum ?? sweep.Maximum, RangeBasis.Documented, false, false,
                note?.Source ?? sweep.Label, sweep.Apply));
        }
        return list;
    }

    /// <summary>Checks the constraints between the values of every parameter record of <paramref name="options"/> (their <c>Validate()</c> methods).</summary>
    /// <exception cref="ArgumentException">A constraint does not hold.</exception>
    internal static void Validate(PatientSimulationOptions options)
    {
        foreach (var root in OptionRecord.All())
        {
            if (root.Property.GetValue(options) is not { } record) continue;
            var validate = record.GetType().GetMethod("Validate", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance, Type.EmptyTypes);
            try
            {
                validate?.Invoke(record, null);
            }
            catch (TargetInvocationException ex) when (ex.InnerException is ArgumentException inner)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(inner).Throw();
            }
        }
    }

    // The agent's non-zero log-kill on the group and the numbers of its antibody effect there (zero entries are structure, not parameters).
    private static IEnumerable<ModelParameter> AgentParameters(ConditioningAgent agent, KillGroup group)
    {
        var table = ConditioningAgentEffects.Default;
        if (table.LogKillPerUnit(agent, group) is var k and not 0)
        {
            string name = AgentNotes.LogKillName(agent, group);
            yield return Make(name, "agents", k, false, null, (s, v) => WithEffects(s, name, v, e => e.WithLogKill(agent, group, v), agent));
        }
        if (table.Antibody(agent, group) is not { } ab) yield break;
        var fields = new List<(string Field, double Value, Func<AntibodyEffect, double, AntibodyEffect> With)>
        {
            ("maxRatePerDay", ab.MaxRatePerDay, (a, v) => a with { MaxRatePerDay = v }),
        };
        if (ab.Ec50 != 0) fields.Add(("ec50", ab.Ec50, (a, v) => a with { Ec50 = v }));
        fields.Add(("halfLifeDays", ab.HalfLifeDays, (a, v) => a with { HalfLifeDays = v }));
        foreach (var (field, value, with) in fields)
        {
            string name = AgentNotes.AntibodyName(agent, group, field);
            yield return Make(name, "agents", value, false, null,
                (s, v) => WithEffects(s, name, v, e => e.WithAntibody(agent, group, with(e.Antibody(agent, group)!, v)), agent));
        }
    }

    // The cohort with a changed agent table; the agent's definition is built at once, so a value the agent does not allow is
    // refused here, naming the catalogue parameter, rather than when the first patient is conditioned.
    private static CohortSpecification WithEffects(CohortSpecification s, string name, double value, Func<ConditioningAgentEffects, ConditioningAgentEffects> change, ConditioningAgent agent)
    {
        try
        {
            var effects = change(s.Simulation.Effects);
            effects.Definition(agent);
            return s with { Simulation = s.Simulation with { Effects = effects } };
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentOutOfRangeException(name, value, $"Parameter '{name}': {ex.Message.Split('\n')[0]}");
        }
    }

    private static ModelParameter Make(string name, string group, double value, bool integer, PropertyInfo? property, Func<CohortSpecification, double, CohortSpecification> apply)
    {
        if (ParameterNotes.All.TryGetValue(name, out var note))
            return new ModelParameter(name, group, note.Unit, value, note.Minimum, note.Maximum, note.Basis, note.IsAssumption, integer, note.Source, apply);
        double lo = value * 0.8, hi = value * 1.25;
        if (integer) (lo, hi) = (Math.Floor(lo), Math.Ceiling(hi));
        return new ModelParameter(name, group, property is null ? "" : UnitFromName(property.Name), value, Math.Min(lo, hi), Math.Max(lo, hi), RangeBasis.Quarter, false, integer,
            "No catalogue note yet" + (property is null ? "." : $": see the documentation of {property.DeclaringType!.Name}.{property.Name}."), apply);
    }

    // Numeric init-only properties of a record, and those of nested records, in declaration order.
    private static IEnumerable<PropertyInfo[]> Leaves(Type type, PropertyInfo[] prefix)
    {
        foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).OrderBy(p => p.MetadataToken))
        {
            if (p.GetMethod is null || p.SetMethod is not { IsPublic: true } || p.GetIndexParameters().Length > 0) continue;
            PropertyInfo[] path = [.. prefix, p];
            if (p.PropertyType == typeof(double) || p.PropertyType == typeof(int)) yield return path;
            else if (IsRecord(p.PropertyType))
                foreach (var leaf in Leaves(p.PropertyType, path)) yield return leaf;
        }
    }

    internal static object Clone(object record) => record.GetType().GetMethod("<Clone>$")!.Invoke(record, null)!;

    internal static bool IsRecord(Type t) => t.IsClass && t.GetMethod("<Clone>$") is not null;

    private static string NameOf(PropertyInfo[] path) => string.Join('.', path.Select(p => Camel(p.Name)));

    internal static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    private static double Get(object root, PropertyInfo[] path)
    {
        object o = root;
        foreach (var p in path) o = p.GetValue(o)!;
        return Convert.ToDouble(o, System.Globalization.CultureInfo.InvariantCulture);
    }

    // A copy of the record with the property at the end of the path set: the records along the path are cloned (as `with`
    // does) so shared defaults are never changed. The record's own init accessor checks the value.
    private static object Set(object record, PropertyInfo[] path, double value, string name, int depth = 0)
    {
        var property = path[depth];
        object copy = Clone(record);
        object newValue = depth == path.Length - 1
            ? (property.PropertyType == typeof(int) ? checked((int)value) : (object)value)
            : Set(property.GetValue(record)!, path, value, name, depth + 1);
        try
        {
            property.SetValue(copy, newValue);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is ArgumentException inner)
        {
            string why = inner.Message.Split('\n')[0];
            throw new ArgumentOutOfRangeException(name, value, $"Parameter '{name}': {why}");
        }
        return copy;
    }

    private static string UnitFromName(string property) => property switch
    {
        _ when property.EndsWith("PerDay", StringComparison.Ordinal) => "1/day",
        _ when property.EndsWith("Days", StringComparison.Ordinal) => "days",
        _ when property.EndsWith("Hours", StringComparison.Ordinal) => "h",
        _ when property.EndsWith("Years", StringComparison.Ordinal) => "years",
        _ when property.EndsWith("E9PerLiter", StringComparison.Ordinal) => "10⁹/L",
        _ when property.EndsWith("PerMicroliter", StringComparison.Ordinal) => "cells/µL",
        _ when property.EndsWith("GPerDl", StringComparison.Ordinal) => "g/dL",
        _ when property.EndsWith("Cells", StringComparison.Ordinal) || property.EndsWith("Count", StringComparison.Ordinal) => "cells",
        _ => "",
    };
}
