using System.Text;
using Reconstitution.Cohorts;

namespace Reconstitution.Output;

/// <summary>
/// Writes <c>sweep.csv</c>: one row per grid point with the parameter values and the main outcomes of its cohort
/// (columns in docs/outputs.md). Thread-safe.
/// </summary>
/// <remarks>Writes the result of <see cref="ParameterSweep"/>; for a single cohort's files use <see cref="PatientsCsvWriter"/> and <see cref="BandsCsv"/>.</remarks>
public static class SweepCsv
{
    /// <summary>The outcome columns after the parameter columns.</summary>
    public static IReadOnlyList<string> OutcomeColumns { get; } =
    [
        "patients", "neutrophilMedianDay", "neutrophilCi95Low", "neutrophilCi95High", "neutrophilByDay28",
        "plateletMedianDay", "plateletCi95Low", "plateletCi95High", "plateletByDay28", "graftFailure",
        "treatmentRelatedMortalityDay100", "treatmentRelatedMortalityYear1", "relapseYear1", "eventFreeSurvivalYear1",
        "overallSurvivalYear1", "redCellUnitsMedian", "plateletUnitsMedian", "cd4Day180", "cd4Day365", "neutrophilNotApplicable",
    ];

    /// <summary>The file's text.</summary>
    /// <param name="axes">The sweep axes (their names head the first columns).</param>
    /// <param name="points">The points.</param>
    /// <returns>The CSV text.</returns>
    public static string Format(IReadOnlyList<SweepAxis> axes, IReadOnlyList<SweepPoint> points)
    {
        ArgumentNullException.ThrowIfNull(axes);
        ArgumentNullException.ThrowIfNull(points);
        var sb = new StringBuilder();
        sb.AppendJoin(',', axes.Select(a => a.Parameter.Name).Concat(OutcomeColumns)).Append('\n');
        foreach (var p in points)
        {
            var s = p.Summary;
            var cells = new List<string>();
            cells.AddRange(p.Values.Select(v => CsvFormat.Exact(v)));
            cells.Add(CsvFormat.Int(s.Patients));
            foreach (var e in new[] { s.NeutrophilEngraftment, s.PlateletEngraftment })
            {
                cells.Add(CsvFormat.Exact(e?.MedianDay));
                cells.Add(CsvFormat.Exact(e?.Ci95?.Lower));
                cells.Add(CsvFormat.Exact(e?.Ci95?.Upper));
                cells.Add(Round(e is null ? null : CohortSummary.ValueAt(e.CumulativeIncidence, "day28")));
            }
            cells.Add(Round(s.GraftFailure));
            cells.Add(Round(CohortSummary.ValueAt(s.TreatmentRelatedMortality, "day100")));
            cells.Add(Round(CohortSummary.ValueAt(s.TreatmentRelatedMortality, "year1")));
            cells.Add(Round(CohortSummary.ValueAt(s.Relapse, "year1")));
            cells.Add(Round(CohortSummary.ValueAt(s.EventFreeSurvival, "year1")));
            cells.Add(Round(CohortSummary.ValueAt(s.OverallSurvival, "year1")));
            cells.Add(CsvFormat.Exact(s.Transfusions.RedCellUnitsMedian));
            cells.Add(CsvFormat.Exact(s.Transfusions.PlateletUnitsMedian));
            cells.Add(Round(s.LymphocyteRecovery.FirstOrDefault(l => l.Day == 180)?.Cd4));
            cells.Add(Round(s.LymphocyteRecovery.FirstOrDefault(l => l.Day == 365)?.Cd4));
            cells.Add(s.NeutrophilEngraftment is { } n ? CsvFormat.Int(n.NotApplicable) : "");
            sb.AppendJoin(',', cells).Append('\n');
        }
        return sb.ToString();
    }

    private static string Round(double? v) => CsvFormat.Exact(v is { } x ? Math.Round(x, 6) : null);
}
