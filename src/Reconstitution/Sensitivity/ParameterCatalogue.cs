using System.Reflection;
using Reconstitution.Cohorts;
using Reconstitution.Outcomes;
using Reconstitution.Physiology;

namespace Reconstitution.Sensitivity;

/// <summary>
/// Every parameter a sensitivity analysis can vary, with unit, default, source and plausible range: the numeric properties
/// of <see cref="PhysiologyParameters"/> (and its groups) and <see cref="ClinicalRiskParameters"/>, found by reflection, and
/// the protocol and covariate parameters of <see cref="SweepParameter"/>. Thread-safe.
/// </summary>
/// <remarks>
/// <para>
/// Names are the records' property paths in camelCase (<c>granulopoiesis.mitoticPoolDays</c>; clinical risks under
/// <c>risks.</c>). A value is applied by copying the records along the path (what a C# <c>with</c> expression does),
/// so each record's own range check runs and names the property when a value is not allowed.
/// </para>
/// <para>
/// This file and <c>ParameterNotes.cs</c> are the only places where the sensitivity layer knows the shape of the patient
/// model's parameter records: a new record property appears here by itself (with a −20 %/+25 % range until it gets a note).
/// </para>
/// </remarks>
public static class ParameterCatalogue
{
    private const string RiskPrefix = "risks.";

    private static readonly Lazy<IReadOnlyList<ModelParameter>> Parameters = new(Build);

    /// <summary>Every parameter, physiology first, then clinical risks, then protocol fields and covariates.</summary>
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
        foreach (var path in Leaves(typeof(PhysiologyParameters), []))
        {
            string name = NameOf(path, "");
            list.Add(Make(name, "physiology", path, Get(PhysiologyParameters.Default, path),
                (s, v) => s with { Simulation = s.Simulation with { Parameters = (PhysiologyParameters)Set(s.Simulation.Parameters ?? PhysiologyParameters.Default, path, v, name) } }));
        }
        foreach (var path in Leaves(typeof(ClinicalRiskParameters), []))
        {
            string name = NameOf(path, RiskPrefix);
            list.Add(Make(name, "risks", path, Get(ClinicalRiskParameters.Default, path),
                (s, v) => s with { Simulation = s.Simulation with { Risks = (ClinicalRiskParameters)Set(s.Simulation.Risks, path, v, name) } }));
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

    private static ModelParameter Make(string name, string group, PropertyInfo[] path, double value, Func<CohortSpecification, double, CohortSpecification> apply)
    {
        bool integer = path[^1].PropertyType == typeof(int);
        if (ParameterNotes.All.TryGetValue(name, out var note))
            return new ModelParameter(name, group, note.Unit, value, note.Minimum, note.Maximum, note.Basis, note.IsAssumption, integer, note.Source, apply);
        double lo = value * 0.8, hi = value * 1.25;
        if (integer) (lo, hi) = (Math.Floor(lo), Math.Ceiling(hi));
        return new ModelParameter(name, group, UnitFromName(path[^1].Name), value, Math.Min(lo, hi), Math.Max(lo, hi), RangeBasis.Quarter, false, integer,
            "No catalogue note yet: see the documentation of " + path[^1].DeclaringType!.Name + "." + path[^1].Name + ".", apply);
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

    private static bool IsRecord(Type t) => t.IsClass && t.GetMethod("<Clone>$") is not null;

    private static string NameOf(PropertyInfo[] path, string prefix) =>
        prefix + string.Join('.', path.Select(p => char.ToLowerInvariant(p.Name[0]) + p.Name[1..]));

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
        object copy = record.GetType().GetMethod("<Clone>$")!.Invoke(record, null)!;
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
