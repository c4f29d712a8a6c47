using System.Globalization;
using System.Net;
using Reconstitution.Cohorts;
using Reconstitution.Outcomes;
using Reconstitution.Output;
using Reconstitution.Output.Charts;

namespace Reconstitution.Notebooks;

/// <summary>
/// HTML renderings of the result types: small tables of the headline numbers and the charts as inline SVG
/// (<see cref="Chart.ToSvg"/> writes no XML declaration, so the markup embeds directly in HTML).
/// </summary>
internal static class NotebookHtml
{
    private const string TableStyle = "border-collapse:collapse;font-family:sans-serif;font-size:13px";
    private const string CellStyle = "padding:2px 10px;border-bottom:1px solid #ddd;text-align:left";

    /// <summary>Writes the HTML for a known result type; false for any other object.</summary>
    public static bool TryWrite(object? instance, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        switch (instance)
        {
            case Chart chart: WriteSvg(chart.ToSvg(), writer); return true;
            case ChartGrid grid: WriteSvg(grid.ToSvg(), writer); return true;
            case PatientOutcome outcome: WriteOutcome(outcome, writer); return true;
            case PatientCourse course: WriteCourse(course, writer); return true;
            case CohortSummary summary: WriteSummary(summary, writer); return true;
            case SweepPoint point: WriteSweepPoint(point, writer); return true;
            default: return false;
        }
    }

    /// <summary>The HTML for <paramref name="instance"/>, or null when the type is not one of the result types.</summary>
    public static string? ToHtml(object? instance)
    {
        using var w = new StringWriter(CultureInfo.InvariantCulture);
        return TryWrite(instance, w) ? w.ToString() : null;
    }

    private static void WriteSvg(string svg, TextWriter w) => w.Write($"<div class=\"reconstitution-chart\">{svg}</div>");

    private static void WriteCourse(PatientCourse course, TextWriter w)
    {
        var c = course.Patient.Covariates;
        w.Write("<div class=\"reconstitution-course\">");
        w.Write($"<h4 style=\"font-family:sans-serif\">{E(course.Outcome.Protocol)}: {F(c.AgeYears, "0")} years, {E(c.Sex.ToString())}, {F(c.WeightKg, "0")} kg, {E(DiseaseNames.Of(c.Disease))}</h4>");
        WriteOutcome(course.Outcome, w);
        if (course.Trajectory.Count >= 2)
            WriteSvg(CohortCharts.PatientCounts(course.Trajectory, $"Blood counts, {course.Outcome.Protocol}").ToSvg(), w);
        w.Write("</div>");
    }

    private static void WriteOutcome(PatientOutcome o, TextWriter w)
    {
        BeginTable(w, "Outcome", "measure", "value");
        Row(w, "Protocol", E(o.Protocol));
        Row(w, "Days simulated", F(o.LastDay, "0"));
        Row(w, "CD34+ infused (×10⁶/kg)", o.Grafted ? F(o.Cd34PerKgInfused / 1e6, "0.00") : "no graft");
        // Day 0 means never below the threshold: there is no engraftment to time (PatientOutcome.NeverNeutropenic).
        Row(w, "Neutrophil engraftment (day)", o.NeverNeutropenic ? "not applicable (never neutropenic)" : Day(o.NeutrophilEngraftmentDay));
        Row(w, "Platelet engraftment (day)", o.NeverThrombocytopenic ? "not applicable (never thrombocytopenic)" : Day(o.PlateletEngraftmentDay));
        Row(w, "Primary graft failure", o.PrimaryGraftFailure ? "yes" : "no");
        Row(w, "ANC nadir (×10⁹/L)", F(o.AncNadirE9PerLiter, "0.000"));
        Row(w, "Days ANC &lt; 0.5 ×10⁹/L", o.DaysAncBelow0_5.ToString(CultureInfo.InvariantCulture));
        Row(w, "Red-cell units / platelet doses", $"{o.RedCellUnits} / {o.PlateletTransfusions}");
        Row(w, "Infections", o.Infections.ToString(CultureInfo.InvariantCulture));
        Row(w, "Acute / chronic GVHD (day)", $"{Day(o.AcuteGvhdDay)} / {Day(o.ChronicGvhdDay)}");
        if (o.HasDisease)
        {
            Row(w, "Autoreactive cells before → nadir", $"{F(o.AutoreactiveBeforeCells, "N0")} → {F(o.AutoreactiveNadirCells, "N0")}");
            Row(w, "Autoreactive clone eradicated (day)", Day(o.AutoreactiveEradicationDay));
            Row(w, "Relapse (day)", Day(o.RelapseDay));
        }
        Row(w, "Death (day)", o.DeathDay is int d ? $"{d} ({E(o.DeathCause ?? "unknown")})" : "—");
        w.Write("</table>");
    }

    private static void WriteSummary(CohortSummary s, TextWriter w)
    {
        BeginTable(w, $"{E(s.Protocol)}: {s.Patients} patients, {s.Days} days, seed {s.Seed}", "endpoint", "estimate");
        Row(w, "Age median (years) / female / weight median (kg)", $"{F(s.AgeMedianYears, "0")} / {F(100 * s.FemaleFraction, "0")}% / {F(s.WeightMedianKg, "0")}");
        Row(w, "Neutrophil engraftment, median day [95% CI]", Engraftment(s.NeutrophilEngraftment));
        Row(w, "Platelet engraftment, median day [95% CI]", Engraftment(s.PlateletEngraftment));
        Row(w, "Primary graft failure", Percent(s.GraftFailure));
        Timepoints(w, "Treatment-related mortality", s.TreatmentRelatedMortality);
        Timepoints(w, "Overall survival", s.OverallSurvival);
        Timepoints(w, "Relapse", s.Relapse);
        Timepoints(w, "Acute GVHD", s.AcuteGvhd);
        Timepoints(w, "Chronic GVHD", s.ChronicGvhd);
        Row(w, "Autoreactive clone eradicated", Percent(s.AutoreactiveEradication));
        Row(w, "Red-cell units / platelet doses, median", $"{F(s.Transfusions.RedCellUnitsMedian, "0.#")} / {F(s.Transfusions.PlateletUnitsMedian, "0.#")}");
        Row(w, "Infections per patient, mean", F(s.InfectionsMean, "0.00"));
        w.Write("</table>");
        if (s.LymphocyteRecovery.Count == 0) return;
        BeginTable(w, "Lymphocyte recovery, median cells/µL", "day", "patients", "CD4", "CD8", "B", "NK");
        foreach (var p in s.LymphocyteRecovery)
            Row(w, p.Day.ToString(CultureInfo.InvariantCulture), p.Patients.ToString(CultureInfo.InvariantCulture), Cells(p.Cd4), Cells(p.Cd8), Cells(p.B), Cells(p.Nk));
        w.Write("</table>");
    }

    private static void WriteSweepPoint(SweepPoint p, TextWriter w)
    {
        var s = p.Summary;
        string values = string.Join(", ", p.Values.Select(v => v.ToString("G4", CultureInfo.InvariantCulture)));
        BeginTable(w, $"Sweep point ({E(values)}): {E(s.Protocol)}, {s.Patients} patients", "neutrophil engraftment", "platelet engraftment", "graft failure", "TRM (last)", "relapse (last)");
        Row(w, Engraftment(s.NeutrophilEngraftment), Engraftment(s.PlateletEngraftment), Percent(s.GraftFailure), Last(s.TreatmentRelatedMortality), Last(s.Relapse));
        w.Write("</table>");
    }

    private static void Timepoints(TextWriter w, string name, IReadOnlyList<TimepointEstimate> points)
    {
        if (points.Count == 0) return;
        Row(w, E(name), string.Join(", ", points.Select(p => $"{E(p.Label)}: {Percent(p.Value)}")));
    }

    private static void BeginTable(TextWriter w, string caption, params string[] headers)
    {
        w.Write($"<table style=\"{TableStyle}\"><caption style=\"text-align:left;font-weight:bold\">{caption}</caption><thead><tr>");
        foreach (string h in headers) w.Write($"<th style=\"{CellStyle}\">{E(h)}</th>");
        w.Write("</tr></thead>");
    }

    private static void Row(TextWriter w, params string[] cells)
    {
        w.Write("<tr>");
        foreach (string c in cells) w.Write($"<td style=\"{CellStyle}\">{c}</td>");
        w.Write("</tr>");
    }

    private static string Engraftment(EngraftmentSummary? e) => e?.MedianDay is double m
        ? F(m, "0") + (e.Ci95 is { } ci ? $" [{F(ci.Lower, "0")}–{F(ci.Upper, "0")}]" : "") + $" ({e.Engrafted}/{e.Patients})"
        : e is null ? "—" : $"not reached ({e.Engrafted}/{e.Patients})";

    private static string Last(IReadOnlyList<TimepointEstimate> points)
    {
        for (int i = points.Count - 1; i >= 0; i--)
            if (points[i].Value is double v) return $"{F(100 * v, "0.0")}% ({E(points[i].Label)})";
        return "—";
    }

    private static string Day(int? day) => day is int d ? d.ToString(CultureInfo.InvariantCulture) : "—";
    private static string Percent(double? v) => v is double x ? F(100 * x, "0.0") + "%" : "—";
    private static string Cells(double? v) => v is double x ? F(x, "0") : "—";
    private static string F(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);
    private static string E(string text) => WebUtility.HtmlEncode(text);
}
