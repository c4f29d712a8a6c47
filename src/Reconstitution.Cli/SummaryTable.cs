using System.Globalization;
using Reconstitution.Cohorts;

namespace Reconstitution.Cli;

/// <summary>Prints a cohort summary as a plain two-column table (readable when redirected).</summary>
internal static class SummaryTable
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static IEnumerable<(string, string)> Rows(CohortSummary s)
    {
        yield return ("Protocol", s.Protocol);
        yield return ("Patients", s.Patients.ToString("N0", Inv) + (s.Patients < s.PatientsRequested ? $" of {s.PatientsRequested:N0} (cancelled)" : ""));
        yield return ("Days simulated", s.Days.ToString(Inv));
        yield return ("Seed", s.Seed.ToString(Inv));
        foreach (var (name, e) in new[] { ("Neutrophil engraftment", s.NeutrophilEngraftment), ("Platelet engraftment", s.PlateletEngraftment) })
        {
            if (e is null) { yield return (name, "no graft"); continue; }
            string median = e.MedianDay is { } m ? $"median day {m.ToString("0.#", Inv)}" : "none engrafted";
            string ci = e.Ci95 is { } c ? $" (95% CI {c.Lower.ToString("0.#", Inv)}–{c.Upper.ToString("0.#", Inv)})" : "";
            string notApplicable = e.NotApplicable > 0 ? $"; not applicable (never below the threshold) in {e.NotApplicable.ToString("N0", Inv)}" : "";
            yield return (name, $"{median}{ci}; by day 28 {Pct(CohortSummary.ValueAt(e.CumulativeIncidence, "day28"))}, day 100 {Pct(CohortSummary.ValueAt(e.CumulativeIncidence, "day100"))}{notApplicable}");
        }
        yield return ("Primary graft failure", Pct(s.GraftFailure));
        yield return ("Treatment-related death", $"day 100 {Pct(CohortSummary.ValueAt(s.TreatmentRelatedMortality, "day100"))}, year 1 {Pct(CohortSummary.ValueAt(s.TreatmentRelatedMortality, "year1"))}");
        yield return ("Overall survival", Years(s.OverallSurvival));
        yield return ("Relapse", s.Relapse.Count == 0 ? "no disease" : Years(s.Relapse));
        yield return ("Event-free survival", Years(s.EventFreeSurvival));
        yield return ("Acute GVHD II–IV", $"day 100 {Pct(CohortSummary.ValueAt(s.AcuteGvhd, "day100"))}");
        yield return ("Chronic GVHD", $"year 1 {Pct(CohortSummary.ValueAt(s.ChronicGvhd, "year1"))}, year 2 {Pct(CohortSummary.ValueAt(s.ChronicGvhd, "year2"))}");
        yield return ("Autoreactive clone eradicated", Pct(s.AutoreactiveEradication));
        yield return ("Transfusions (median)", $"{s.Transfusions.RedCellUnitsMedian.ToString("0.#", Inv)} red-cell units, {s.Transfusions.PlateletUnitsMedian.ToString("0.#", Inv)} platelet doses");
        foreach (var p in s.LymphocyteRecovery)
            yield return ($"Day {p.Day} median cells/µL", $"CD4 {Num(p.Cd4)}, CD8 {Num(p.Cd8)}, B {Num(p.B)}, NK {Num(p.Nk)} ({p.Patients:N0} patients)");
    }

    public static void Print(TextWriter w, IEnumerable<(string, string)> rows)
    {
        var list = rows.ToList();
        int width = list.Max(r => r.Item1.Length);
        foreach (var (k, v) in list) w.WriteLine($"  {k.PadRight(width)}  {v}");
    }

    public static string Pct(double? v) => v is { } x ? (100 * x).ToString("0.0", Inv) + "%" : "n/a";

    public static string Num(double? v) => v is { } x ? x.ToString(x >= 100 ? "0" : "0.#", Inv) : "n/a";

    private static string Years(IReadOnlyList<TimepointEstimate> points) =>
        string.Join(", ", points.Select(p => $"year {p.Day / 365} {Pct(p.Value)}"));
}
