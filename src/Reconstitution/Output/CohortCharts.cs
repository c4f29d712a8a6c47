using System.Globalization;
using Reconstitution.Analysis;
using Reconstitution.Cohorts;
using Reconstitution.Output.Charts;
using Reconstitution.Physiology;

namespace Reconstitution.Output;

/// <summary>
/// The standard figures of the <c>reconstitution</c> command, built with <see cref="Chart"/>: one patient's blood
/// counts, cohort bands, cumulative incidence curves, dose–response curves. Stateless and thread-safe.
/// </summary>
/// <remarks>
/// Normal ranges are adult references (docs/model.md §8): ANC 2.0–7.5 ×10⁹/L, Hb 12–17.5 g/dL, platelets
/// 150–450 ×10⁹/L, lymphocytes 1.0–4.0 ×10⁹/L, CD4 500–1500 cells/µL. Engraftment thresholds are ASTCT's:
/// ANC 0.5 ×10⁹/L, platelets 20 ×10⁹/L.
/// </remarks>
public static class CohortCharts
{
    private sealed record Panel(Measure Measure, string Title, string Unit, bool Log, double Min, double Max,
        (string Label, double Lo, double Hi)? Normal, (string Label, double Y)? Threshold);

    private static readonly Panel[] CountPanels =
    [
        new(Measure.Anc, "Neutrophils (ANC)", "×10⁹/L", true, 0.01, 30, ("Normal 2.0–7.5", 2.0, 7.5), ("Engraftment 0.5", 0.5)),
        new(Measure.Platelets, "Platelets", "×10⁹/L", true, 1, 1000, ("Normal 150–450", 150, 450), ("Engraftment 20", 20)),
        new(Measure.Hb, "Haemoglobin", "g/dL", false, 4, 18, ("Normal 12–17.5", 12, 17.5), ("Transfusion trigger 7", 7)),
        new(Measure.Lymphocytes, "Lymphocytes", "×10⁹/L", true, 0.01, 10, ("Normal 1.0–4.0", 1.0, 4.0), null),
    ];

    private static readonly Panel[] LymphocytePanels =
    [
        new(Measure.Cd4, "CD4 T cells", "cells/µL", true, 1, 5000, ("Normal 500–1500", 500, 1500), ("CD4 200", 200)),
        new(Measure.Cd8, "CD8 T cells", "cells/µL", true, 1, 5000, ("Normal 200–800", 200, 800), null),
        new(Measure.B, "B cells", "cells/µL", true, 1, 5000, ("Normal 100–500", 100, 500), null),
        new(Measure.Nk, "NK cells", "cells/µL", true, 1, 5000, ("Normal 100–500", 100, 500), null),
    ];

    /// <summary>One patient's blood counts (ANC, platelets, haemoglobin, lymphocytes) by day, with normal ranges and engraftment thresholds.</summary>
    /// <param name="trajectory">The patient's daily readouts.</param>
    /// <param name="title">The figure title, e.g. "Blood counts after auto-cy-atg — patient 0".</param>
    /// <returns>A 2 × 2 figure.</returns>
    public static ChartGrid PatientCounts(ReadoutTrajectory trajectory, string title)
    {
        ArgumentNullException.ThrowIfNull(trajectory);
        var days = trajectory.Days.ToArray();
        double first = days.Length > 0 ? days[0] : 0, last = days.Length > 0 ? days[^1] : 1;
        var panels = new List<Chart>();
        foreach (var p in CountPanels)
        {
            var chart = Base(p, first, last).AddLine(p.Title, days, trajectory.Values(p.Measure).ToArray());
            panels.Add(Decorate(chart, p));
        }
        return new ChartGrid(title, 2, panels)
            .WithCaption("Daily morning counts (before transfusions). Shaded: adult normal range. Dashed: engraftment threshold (ASTCT) or transfusion trigger. Dotted: day 0, stem cell infusion.");
    }

    /// <summary>Cohort bands (median and 5–95 % range by day) of blood counts and, in a second figure, lymphocyte subsets.</summary>
    /// <param name="bands">The cohort's bands.</param>
    /// <param name="title">The figure title.</param>
    /// <param name="lymphocytes">Whether to draw the lymphocyte subsets (CD4, CD8, B, NK) instead of the blood counts.</param>
    /// <returns>A 2 × 2 figure.</returns>
    public static ChartGrid CohortBands(TrajectoryBands bands, string title, bool lymphocytes = false)
    {
        ArgumentNullException.ThrowIfNull(bands);
        int n = bands.LastDay - bands.FirstDay + 1;
        var x = new double[n];
        for (int i = 0; i < n; i++) x[i] = bands.FirstDay + i;
        var panels = new List<Chart>();
        foreach (var p in lymphocytes ? LymphocytePanels : CountPanels)
        {
            var lo = new double[n];
            var mid = new double[n];
            var hi = new double[n];
            for (int i = 0; i < n; i++)
            {
                int day = bands.FirstDay + i;
                lo[i] = bands.Quantile(p.Measure, day, 0.05);
                mid[i] = bands.Quantile(p.Measure, day, 0.5);
                hi[i] = bands.Quantile(p.Measure, day, 0.95);
            }
            var chart = Base(p, bands.FirstDay, bands.LastDay).AddBand("Median, 5–95% of patients", x, lo, mid, hi);
            panels.Add(Decorate(chart, p));
        }
        return new ChartGrid(title, 2, panels)
            .WithCaption("Band: 5th to 95th percentile of patients alive that day; line: median. Shaded stripe: adult normal range. Dashed: threshold. Dotted: day 0, stem cell infusion.");
    }

    /// <summary>
    /// Cumulative incidence curves (Aalen–Johansen): neutrophil and platelet engraftment with death competing, in the
    /// first 100 days; relapse and treatment-related mortality, and GVHD, over the whole horizon.
    /// </summary>
    /// <param name="records">The patients.</param>
    /// <param name="days">Days simulated.</param>
    /// <param name="title">The figure title.</param>
    /// <returns>A figure of two panels.</returns>
    public static ChartGrid Incidence(IReadOnlyList<PatientRecord> records, int days, string title)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0) throw new ArgumentException("Parameter 'records' is empty; at least one patient is needed.", nameof(records));
        var outcomes = records.Select(r => r.Outcome).ToArray();
        var grafted = outcomes.Where(o => o.Grafted).ToArray();
        double early = Math.Min(days, 100);
        var engraft = new Chart("Engraftment", ChartAxis.DaysAfterInfusion(0, early), ChartAxis.Linear("Cumulative incidence", "%", 0, 100))
            .WithLegend(LegendPosition.Bottom);
        if (grafted.Length > 0)
        {
            engraft = engraft
                .AddCumulativeIncidence("Neutrophils (ANC ≥ 0.5)", CumulativeIncidenceCurve.Estimate(grafted.Select(o => CohortEndpoints.Engraftment(o, false)).ToArray()), early)
                .AddCumulativeIncidence("Platelets (≥ 20, untransfused)", CumulativeIncidenceCurve.Estimate(grafted.Select(o => CohortEndpoints.Engraftment(o, true)).ToArray()), early);
        }
        else engraft = engraft.WithSubtitle("No graft in this protocol");
        var late = new Chart("Relapse, mortality and GVHD", ChartAxis.DaysAfterInfusion(0, days), ChartAxis.Linear("Cumulative incidence", "%", 0, 100))
            .WithLegend(LegendPosition.Bottom)
            .AddCumulativeIncidence("Treatment-related death", CumulativeIncidenceCurve.Estimate(outcomes.Select(CohortEndpoints.TreatmentRelatedDeath).ToArray()), days);
        var diseased = outcomes.Where(o => o.HasDisease).ToArray();
        if (diseased.Length > 0)
            late = late.AddCumulativeIncidence("Relapse", CumulativeIncidenceCurve.Estimate(diseased.Select(CohortEndpoints.Relapse).ToArray()), days);
        late = late
            .AddCumulativeIncidence("Acute GVHD II–IV", CumulativeIncidenceCurve.Estimate(outcomes.Select(o => CohortEndpoints.Gvhd(o, false)).ToArray()), days)
            .AddCumulativeIncidence("Chronic GVHD", CumulativeIncidenceCurve.Estimate(outcomes.Select(o => CohortEndpoints.Gvhd(o, true)).ToArray()), days);
        return new ChartGrid(title, 2, [engraft, late])
            .WithCaption(string.Create(CultureInfo.InvariantCulture,
                $"Aalen–Johansen estimates, {records.Count:N0} simulated patients. Competing events: death (engraftment, relapse, GVHD) and relapse (treatment-related death)."));
    }

    /// <summary>
    /// Dose–response curves: median neutrophil and platelet engraftment day (95 % bootstrap CI) and the incidence of
    /// graft failure, treatment-related death and relapse, against a swept parameter.
    /// </summary>
    /// <param name="parameter">The x-axis label, e.g. "CD34+ cell dose".</param>
    /// <param name="unit">The x-axis unit, e.g. "×10⁶/kg".</param>
    /// <param name="x">The parameter values (in <paramref name="unit"/>).</param>
    /// <param name="summaries">One summary per value.</param>
    /// <param name="logX">Whether the x axis is logarithmic.</param>
    /// <param name="title">The figure title.</param>
    /// <returns>A figure of two panels.</returns>
    public static ChartGrid DoseResponse(string parameter, string unit, IReadOnlyList<double> x, IReadOnlyList<CohortSummary> summaries, bool logX, string title)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(summaries);
        if (x.Count != summaries.Count || x.Count == 0) throw new ArgumentException($"Parameter 'x' has {x.Count} values and 'summaries' {summaries.Count}; allowed: the same number, at least one.", nameof(x));
        var xAxis = logX ? ChartAxis.Log10(parameter, unit) : ChartAxis.Linear(parameter, unit);
        static double V(double? v) => v ?? double.NaN;
        double[] Med(Func<CohortSummary, EngraftmentSummary?> f) => [.. summaries.Select(s => V(f(s)?.MedianDay))];
        double[] Lo(Func<CohortSummary, EngraftmentSummary?> f) => [.. summaries.Select(s => f(s)?.Ci95 is { } c ? c.Lower : double.NaN)];
        double[] Hi(Func<CohortSummary, EngraftmentSummary?> f) => [.. summaries.Select(s => f(s)?.Ci95 is { } c ? c.Upper : double.NaN)];
        var days = new Chart("Time to engraftment", xAxis, ChartAxis.Linear("Median engraftment day", "days after infusion", 0))
            .WithLegend(LegendPosition.Bottom)
            .AddPoints("Neutrophils: median (95% CI)", x, Med(s => s.NeutrophilEngraftment), Lo(s => s.NeutrophilEngraftment), Hi(s => s.NeutrophilEngraftment), connect: true)
            .AddPoints("Platelets: median (95% CI)", x, Med(s => s.PlateletEngraftment), Lo(s => s.PlateletEngraftment), Hi(s => s.PlateletEngraftment), connect: true);
        double[] Pct(Func<CohortSummary, double?> f) => [.. summaries.Select(s => f(s) is { } v ? 100 * v : double.NaN)];
        // A fixed 0–10 % axis when every rate is small, so "no failures" reads as a line at 0 on a sensible scale.
        double top = summaries.Max(s => Math.Max(s.GraftFailure ?? 0, Math.Max(CohortSummary.ValueAt(s.TreatmentRelatedMortality, "day100") ?? 0, CohortSummary.ValueAt(s.Relapse, "year1") ?? 0)));
        var risks = new Chart("Failure, mortality and relapse", xAxis, top < 0.1 ? ChartAxis.Linear("Patients", "%", 0, 10) : ChartAxis.Linear("Patients", "%", 0))
            .WithLegend(LegendPosition.Bottom)
            .AddPoints("Primary graft failure", x, Pct(s => s.GraftFailure), null, null, connect: true)
            .AddPoints("Treatment-related death by day 100", x, Pct(s => CohortSummary.ValueAt(s.TreatmentRelatedMortality, "day100")), null, null, connect: true);
        if (summaries.Any(s => CohortSummary.ValueAt(s.Relapse, "year1") is not null))
            risks = risks.AddPoints("Relapse by year 1", x, Pct(s => CohortSummary.ValueAt(s.Relapse, "year1")), null, null, connect: true);
        return new ChartGrid(title, 2, [days, risks])
            .WithCaption(string.Create(CultureInfo.InvariantCulture,
                $"Each point: a virtual cohort of {summaries[0].Patients:N0} patients with the same seed (common random numbers). Engraftment days are among patients who engrafted; bars are bootstrap 95% CIs."));
    }

    /// <summary>
    /// Two protocols side by side: cumulative incidence of neutrophil engraftment, and the median and 5–95 % bands of
    /// ANC, platelets and CD4 T cells.
    /// </summary>
    /// <param name="firstName">The first protocol's name.</param>
    /// <param name="first">Its records.</param>
    /// <param name="firstBands">Its bands.</param>
    /// <param name="secondName">The second protocol's name.</param>
    /// <param name="second">Its records.</param>
    /// <param name="secondBands">Its bands.</param>
    /// <param name="title">The figure title.</param>
    /// <returns>A 2 × 2 figure.</returns>
    public static ChartGrid Comparison(string firstName, IReadOnlyList<PatientRecord> first, TrajectoryBands firstBands,
        string secondName, IReadOnlyList<PatientRecord> second, TrajectoryBands secondBands, string title)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        ArgumentNullException.ThrowIfNull(firstBands);
        ArgumentNullException.ThrowIfNull(secondBands);
        int days = Math.Min(firstBands.LastDay, secondBands.LastDay);
        double early = Math.Min(days, 100);
        var cif = new Chart("Neutrophil engraftment", ChartAxis.DaysAfterInfusion(0, early), ChartAxis.Linear("Cumulative incidence", "%", 0, 100))
            .WithLegend(LegendPosition.Bottom);
        foreach (var (name, records) in new[] { (firstName, first), (secondName, second) })
        {
            var grafted = records.Select(r => r.Outcome).Where(o => o.Grafted).Select(o => CohortEndpoints.Engraftment(o, false)).ToArray();
            if (grafted.Length > 0) cif = cif.AddCumulativeIncidence(name, CumulativeIncidenceCurve.Estimate(grafted), early);
        }
        var panels = new List<Chart> { cif };
        foreach (var p in new[] { CountPanels[0], CountPanels[1], LymphocytePanels[0] })
        {
            int from = Math.Max(firstBands.FirstDay, secondBands.FirstDay);
            var chart = Base(p, from, days);
            foreach (var (name, bands) in new[] { (firstName, firstBands), (secondName, secondBands) })
            {
                int n = days - from + 1;
                var x = new double[n];
                var lo = new double[n];
                var mid = new double[n];
                var hi = new double[n];
                for (int i = 0; i < n; i++)
                {
                    x[i] = from + i;
                    lo[i] = bands.Quantile(p.Measure, from + i, 0.05);
                    mid[i] = bands.Quantile(p.Measure, from + i, 0.5);
                    hi[i] = bands.Quantile(p.Measure, from + i, 0.95);
                }
                chart = chart.AddBand(name + ": median, 5–95%", x, lo, mid, hi);
            }
            panels.Add(Decorate(chart, p));
        }
        return new ChartGrid(title, 2, panels)
            .WithCaption("Same virtual patients (seed and covariates) under both protocols. Engraftment: Aalen–Johansen with death competing. Bands: 5th–95th percentile of patients alive that day, line: median.");
    }

    private static Chart Base(Panel p, double first, double last)
    {
        var y = p.Log ? ChartAxis.Log10(p.Title, p.Unit, p.Min, p.Max) : ChartAxis.Linear(p.Title, p.Unit, p.Min, p.Max);
        return new Chart(p.Title, ChartAxis.DaysAfterInfusion(Math.Floor(first), Math.Ceiling(last)), y).WithLegend(LegendPosition.Bottom);
    }

    private static Chart Decorate(Chart chart, Panel p)
    {
        if (p.Normal is { } n) chart = chart.AddReferenceBand(n.Label, n.Lo, n.Hi);
        if (p.Threshold is { } t) chart = chart.AddReferenceLine(t.Label, t.Y);
        return chart.AddMarker("Day 0: infusion", 0);
    }
}
