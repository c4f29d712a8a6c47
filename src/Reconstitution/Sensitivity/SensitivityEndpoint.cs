using Reconstitution.Cohorts;

namespace Reconstitution.Sensitivity;

/// <summary>
/// A cohort endpoint a sensitivity analysis explains: a number read from each design point's <see cref="CohortSummary"/>
/// (definitions in docs/outputs.md). Immutable and thread-safe; the supported ones are in <see cref="All"/>.
/// </summary>
/// <remarks>Pick the endpoints of a <see cref="SensitivityStudy"/> from <see cref="All"/> (CLI <c>--endpoint</c>); they read the same <see cref="CohortSummary"/> a cohort run writes, so a finding can be checked with an ordinary cohort.</remarks>
public sealed class SensitivityEndpoint
{
    private readonly Func<CohortSummary, double?> _read;

    private SensitivityEndpoint(string name, string label, string unit, Func<CohortSummary, double?> read)
    {
        Name = name;
        Label = label;
        Unit = unit;
        _read = read;
    }

    /// <summary>The name used on the command line and in files, e.g. <c>neutrophilEngraftmentDay</c>.</summary>
    public string Name { get; }

    /// <summary>A label for tables and charts.</summary>
    public string Label { get; }

    /// <summary>The unit: <c>day</c>, <c>fraction</c>, <c>cells/µL</c> or <c>per patient</c>.</summary>
    public string Unit { get; }

    /// <summary>The endpoint's value in a cohort summary, or NaN where it is undefined (e.g. relapse without disease, a day not simulated).</summary>
    /// <param name="summary">The summary of one design point's cohort.</param>
    /// <returns>The value.</returns>
    public double Read(CohortSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return _read(summary) ?? double.NaN;
    }

    /// <summary>
    /// Every endpoint: <c>neutrophilEngraftmentDay</c>, <c>plateletEngraftmentDay</c> (medians among engrafted patients),
    /// <c>graftFailure</c>, <c>trmDay100</c>, <c>trmYear1</c>, <c>relapseYear1</c>, <c>overallSurvivalYear1</c>,
    /// <c>acuteGvhdDay100</c>, <c>chronicGvhdYear1</c>, <c>eradication</c>, <c>infectionsMean</c>, <c>cd4Day365</c>,
    /// <c>cd8Day365</c>, <c>bDay365</c>, <c>nkDay365</c>, <c>cd4Day180</c>.
    /// </summary>
    public static IReadOnlyList<SensitivityEndpoint> All { get; } =
    [
        new("neutrophilEngraftmentDay", "Median neutrophil engraftment day", "day", s => s.NeutrophilEngraftment?.MedianDay),
        new("plateletEngraftmentDay", "Median platelet engraftment day", "day", s => s.PlateletEngraftment?.MedianDay),
        new("graftFailure", "Primary graft failure", "fraction", s => s.GraftFailure),
        new("trmDay100", "Treatment-related mortality by day 100", "fraction", s => CohortSummary.ValueAt(s.TreatmentRelatedMortality, "day100")),
        new("trmYear1", "Treatment-related mortality by year 1", "fraction", s => CohortSummary.ValueAt(s.TreatmentRelatedMortality, "year1")),
        new("relapseYear1", "Relapse by year 1", "fraction", s => CohortSummary.ValueAt(s.Relapse, "year1")),
        new("overallSurvivalYear1", "Overall survival at year 1", "fraction", s => CohortSummary.ValueAt(s.OverallSurvival, "year1")),
        new("acuteGvhdDay100", "Acute GVHD II–IV by day 100", "fraction", s => CohortSummary.ValueAt(s.AcuteGvhd, "day100")),
        new("chronicGvhdYear1", "Chronic GVHD by year 1", "fraction", s => CohortSummary.ValueAt(s.ChronicGvhd, "year1")),
        new("eradication", "Autoreactive clone eradicated", "fraction", s => s.AutoreactiveEradication),
        new("infectionsMean", "Infections per patient", "per patient", s => s.InfectionsMean),
        new("cd4Day365", "Median CD4 at day 365", "cells/µL", s => Lymphocytes(s, 365)?.Cd4),
        new("cd8Day365", "Median CD8 at day 365", "cells/µL", s => Lymphocytes(s, 365)?.Cd8),
        new("bDay365", "Median B cells at day 365", "cells/µL", s => Lymphocytes(s, 365)?.B),
        new("nkDay365", "Median NK cells at day 365", "cells/µL", s => Lymphocytes(s, 365)?.Nk),
        new("cd4Day180", "Median CD4 at day 180", "cells/µL", s => Lymphocytes(s, 180)?.Cd4),
    ];

    /// <summary>The endpoints the CLI reports when none are named: neutrophil engraftment day, graft failure, TRM and relapse at year 1, CD4 at day 365.</summary>
    public static IReadOnlyList<SensitivityEndpoint> Default { get; } =
        [.. new[] { "neutrophilEngraftmentDay", "graftFailure", "trmYear1", "relapseYear1", "cd4Day365" }.Select(n => Find(n)!)];

    /// <summary>The endpoint of a name (case-insensitive), or <c>null</c>.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The endpoint.</returns>
    public static SensitivityEndpoint? Find(string name) => All.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <inheritdoc/>
    public override string ToString() => Name;

    private static LymphocyteRecoveryPoint? Lymphocytes(CohortSummary s, int day) => s.LymphocyteRecovery.FirstOrDefault(p => p.Day == day);
}
