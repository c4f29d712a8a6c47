using System.Globalization;
using Reconstitution.Analysis;
using Reconstitution.Cohorts;
using Reconstitution.Outcomes;
using Reconstitution.Output.Charts;
using Reconstitution.Physiology;

namespace Reconstitution.Output;

/// <summary>
/// The standard figures of the <c>reconstitution</c> command, built with <see cref="Chart"/>: one patient's blood
/// counts, cohort bands, cumulative incidence curves, dose–response curves. Stateless and thread-safe.
/// </summary>
/// <remarks>
/// <para>
/// Normal ranges are adult references (docs/model.md §8): ANC 2.0–7.5 ×10⁹/L, Hb 12–17.5 g/dL, platelets
/// 150–450 ×10⁹/L, lymphocytes 1.0–4.0 ×10⁹/L, CD4 500–1500 cells/µL. Engraftment thresholds are ASTCT's:
/// ANC 0.5 ×10⁹/L, platelets 20 ×10⁹/L.
/// </para>
/// <para>
/// Axes follow the data: y ranges span the values drawn (and the normal range and threshold) with a readable minimum
/// (two decades on a log axis, 10 % for an incidence); a count chart longer than 3 × <see cref="EarlyDays"/> days
/// gives days up to <see cref="EarlyDays"/> half the width (a split time axis), where nadir and recovery happen.
/// Series are chosen by what the patients could have: no GVHD curves unless a patient received donor cells, no relapse
/// curve without an autoimmune disease; patients never below an engraftment threshold are left out of engraftment
/// curves (not applicable) and counted in a subtitle.
/// </para>
/// </remarks>
public static class CohortCharts
{
    /// <summary>The early days a long count chart stretches to half its width: 60.</summary>
    public const int EarlyDays = 60;

    /// <summary>A standard panel: the measure, its title and unit, scale, and <c>Floor</c>, the lowest value its y axis
    /// goes down to (lower values are drawn on the bottom edge).</summary>
    private sealed record Panel(Measure Measure, string Title, string Unit, bool Log, double Floor,
        (string Label, double Lo, double Hi)? Normal, (string Label, double Y)? Threshold);

    private static readonly Panel[] CountPanels =
    [
        new(Measure.Anc, "Neutrophils (ANC)", "×10⁹/L", true, 0.01, ("Normal 2.0–7.5 ×10⁹/L", 2.0, 7.5), ("Engraftment 0.5 ×10⁹/L", 0.5)),
        new(Measure.Platelets, "Platelets", "×10⁹/L", true, 1, ("Normal 150–450 ×10⁹/L", 150, 450), ("Engraftment 20 ×10⁹/L", 20)),
        new(Measure.Hb, "Haemoglobin", "g/dL", false, 0, ("Normal 12–17.5 g/dL", 12, 17.5), ("Transfusion trigger 7 g/dL", 7)),
        new(Measure.Lymphocytes, "Lymphocytes", "×10⁹/L", true, 0.01, ("Normal 1.0–4.0 ×10⁹/L", 1.0, 4.0), null),
    ];

    private static readonly Panel[] LymphocytePanels =
    [
        new(Measure.Cd4, "CD4 T cells", "cells/µL", true, 1, ("Normal 500–1500 cells/µL", 500, 1500), ("CD4 200 cells/µL", 200)),
        new(Measure.Cd8, "CD8 T cells", "cells/µL", true, 1, ("Normal 200–800 cells/µL", 200, 800), null),
        new(Measure.B, "B cells", "cells/µL", true, 1, ("Normal 100–500 cells/µL", 100, 500), null),
        new(Measure.Nk, "NK cells", "cells/µL", true, 1, ("Normal 100–500 cells/µL", 100, 500), null),
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
            var values = trajectory.Values(p.Measure).ToArray();
            var chart = Base(p, first, last, [values]).AddLine(p.Title, days, values);
            panels.Add(Decorate(chart, p));
        }
        return new ChartGrid(title, 2, panels)
            .WithCaption("Daily morning counts (before transfusions). Shaded: adult normal range. Dashed: engraftment threshold (ASTCT) or transfusion trigger. Dotted: day 0, stem cell infusion." + SplitNote(first, last));
    }

    /// <summary>Cohort bands (median and 5–95 % range by day) of blood counts and, in a second figure, lymphocyte subsets.</summary>
    /// <param name="bands">The cohort's bands.</param>
    /// <param name="title">The figure title.</param>
    /// <param name="lymphocytes">Whether to draw the lymphocyte subsets (CD4, CD8, B, NK) instead of the blood counts.</param>
    /// <returns>A 2 × 2 figure.</returns>
    public static ChartGrid CohortBands(TrajectoryBands bands, string title, bool lymphocytes = false)
    {
        ArgumentNullException.ThrowIfNull(bands);
        var panels = new List<Chart>();
        foreach (var p in lymphocytes ? LymphocytePanels : CountPanels)
        {
            var (x, lo, mid, hi) = Band(bands, p.Measure, bands.FirstDay, bands.LastDay);
            var chart = Base(p, bands.FirstDay, bands.LastDay, [lo, hi]).AddBand("Median, 5–95% of patients", x, lo, mid, hi);
            panels.Add(Decorate(chart, p));
        }
        return new ChartGrid(title, 2, panels)
            .WithCaption("Band: 5th to 95th percentile of the patients alive that day; line: their median. Shaded stripe: adult normal range. Dashed: threshold. Dotted: day 0, stem cell infusion." + SplitNote(bands.FirstDay, bands.LastDay));
    }

    /// <summary>
    /// Cumulative incidence curves (Aalen–Johansen): neutrophil and platelet engraftment with death competing, in the
    /// first 60 days; treatment-related death, relapse (when patients have an autoimmune disease) and GVHD (when a
    /// patient received donor cells) over the whole horizon.
    /// </summary>
    /// <param name="records">The patients.</param>
    /// <param name="days">Days simulated.</param>
    /// <param name="title">The figure title.</param>
    /// <returns>A figure of two panels.</returns>
    public static ChartGrid Incidence(IReadOnlyList<PatientRecord> records, int days, string title)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0) throw new ArgumentException("Parameter 'records' is empty; at least one patient is needed.", nameof(records));
        // Loops and two lists rather than LINQ and tuples over the library's structs: generic code outside the library's
        // precompiled image, JIT-compiled in every run (benchmarks/results/cohort.md, session 14).
        var outcomes = new PatientOutcome[records.Count];
        for (int i = 0; i < outcomes.Length; i++) outcomes[i] = records[i].Outcome;
        static SurvivalObservation[] Observe(PatientOutcome[] of, Func<PatientOutcome, SurvivalObservation> endpoint)
        {
            var obs = new SurvivalObservation[of.Length];
            for (int i = 0; i < of.Length; i++) obs[i] = endpoint(of[i]);
            return obs;
        }
        double early = Math.Min(days, EarlyDays);
        var engraft = new Chart("Engraftment", ChartAxis.DaysAfterInfusion(0, early), ChartAxis.CumulativeIncidencePercent())
            .WithLegend(LegendPosition.Bottom);
        if (outcomes.Any(o => o.Grafted))
        {
            void AddEngraftment(string label, bool platelets)
            {
                int count = 0;
                foreach (var o in outcomes) if (CohortEndpoints.EngraftmentApplies(o, platelets)) count++;
                var applicable = new SurvivalObservation[count];
                count = 0;
                foreach (var o in outcomes)
                    if (CohortEndpoints.EngraftmentApplies(o, platelets)) applicable[count++] = CohortEndpoints.Engraftment(o, platelets);
                if (applicable.Length > 0) engraft = engraft.AddCumulativeIncidence(label, CumulativeIncidenceCurve.Estimate(applicable), early);
            }
            AddEngraftment("Neutrophils (ANC ≥ 0.5 ×10⁹/L)", false);
            AddEngraftment("Platelets (≥ 20 ×10⁹/L, untransfused)", true);
            if (NotApplicableNote(outcomes) is { } note) engraft = engraft.WithSubtitle(note);
        }
        else engraft = engraft.WithSubtitle("No graft in this protocol");

        var names = new List<string> { "Treatment-related death" };
        var curves = new List<CumulativeIncidenceCurve> { CumulativeIncidenceCurve.Estimate(Observe(outcomes, CohortEndpoints.TreatmentRelatedDeath)) };
        var diseased = outcomes.Where(o => o.HasDisease).ToArray();
        if (diseased.Length > 0)
        {
            names.Add("Relapse");
            curves.Add(CumulativeIncidenceCurve.Estimate(Observe(diseased, CohortEndpoints.Relapse)));
        }
        bool gvhd = outcomes.Any(CohortEndpoints.ReceivedDonorCells);
        if (gvhd)
        {
            names.Add("Acute GVHD II–IV");
            curves.Add(CumulativeIncidenceCurve.Estimate(Observe(outcomes, o => CohortEndpoints.Gvhd(o, false))));
            names.Add("Chronic GVHD");
            curves.Add(CumulativeIncidenceCurve.Estimate(Observe(outcomes, o => CohortEndpoints.Gvhd(o, true))));
        }
        // As Enumerable.Max over doubles: the first value, then any larger one; a NaN is passed over unless every value is one.
        double highest = 100 * curves[0].IncidenceAt(days);
        for (int i = 1; i < curves.Count; i++)
        {
            double v = 100 * curves[i].IncidenceAt(days);
            if (v > highest || double.IsNaN(highest)) highest = v;
        }
        var late = new Chart(diseased.Length > 0 ? (gvhd ? "Relapse, mortality and GVHD" : "Relapse and mortality") : (gvhd ? "Mortality and GVHD" : "Treatment-related mortality"),
                ChartAxis.DaysAfterInfusion(0, days), ChartAxis.CumulativeIncidencePercent(highest))
            .WithLegend(LegendPosition.Bottom);
        for (int i = 0; i < curves.Count; i++) late = late.AddCumulativeIncidence(names[i], curves[i], days);
        string competing = diseased.Length > 0
            ? "A patient who dies first can no longer engraft or relapse" + (gvhd ? " or develop GVHD" : "") + ", and one who relapses no longer counts towards treatment-related death"
            : "A patient who dies first can no longer engraft" + (gvhd ? " or develop GVHD" : "");
        return new ChartGrid(title, 2, [engraft, late])
            .WithCaption(string.Create(CultureInfo.InvariantCulture,
                $"Each curve: the share of the {records.Count:N0} simulated patients who had the event by that day. {competing}; the curves count such competing events rather than treating those patients as lost to follow-up (Aalen–Johansen estimate). The right panel's scale ends at {late.YAxis.Maximum:0} %."));
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
        double early = Math.Min(days, EarlyDays);
        var cif = new Chart("Neutrophil engraftment", ChartAxis.DaysAfterInfusion(0, early), ChartAxis.CumulativeIncidencePercent())
            .WithLegend(LegendPosition.Bottom);
        foreach (var (name, records) in new[] { (firstName, first), (secondName, second) })
        {
            var applicable = records.Select(r => r.Outcome).Where(o => CohortEndpoints.EngraftmentApplies(o, false)).Select(o => CohortEndpoints.Engraftment(o, false)).ToArray();
            if (applicable.Length > 0) cif = cif.AddCumulativeIncidence(name, CumulativeIncidenceCurve.Estimate(applicable), early);
        }
        if (NotApplicableNote([.. first.Concat(second).Select(r => r.Outcome)], neutrophilsOnly: true) is { } note) cif = cif.WithSubtitle(note);
        var panels = new List<Chart> { cif };
        int from = Math.Max(firstBands.FirstDay, secondBands.FirstDay);
        foreach (var p in new[] { CountPanels[0], CountPanels[1], LymphocytePanels[0] })
        {
            var a = Band(firstBands, p.Measure, from, days);
            var b = Band(secondBands, p.Measure, from, days);
            var chart = Base(p, from, days, [a.Lower, a.Upper, b.Lower, b.Upper])
                .AddBand(firstName + ": median, 5–95%", a.X, a.Lower, a.Median, a.Upper)
                .AddBand(secondName + ": median, 5–95%", b.X, b.Lower, b.Median, b.Upper);
            panels.Add(Decorate(chart, p));
        }
        return new ChartGrid(title, 2, panels)
            .WithCaption("Same virtual patients (seed and covariates) under both protocols. Engraftment: share of patients engrafted by each day, death competing (Aalen–Johansen). Bands: 5th–95th percentile of the patients alive that day, line: median." + SplitNote(from, days));
    }

    /// <summary>Days and the 5 %, 50 % and 95 % quantiles of one measure from <paramref name="from"/> to <paramref name="to"/>.</summary>
    private static (double[] X, double[] Lower, double[] Median, double[] Upper) Band(TrajectoryBands bands, Measure measure, int from, int to)
    {
        int n = to - from + 1;
        var x = new double[n];
        var lo = new double[n];
        var mid = new double[n];
        var hi = new double[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = from + i;
            lo[i] = bands.Quantile(measure, from + i, 0.05);
            mid[i] = bands.Quantile(measure, from + i, 0.5);
            hi[i] = bands.Quantile(measure, from + i, 0.95);
        }
        return (x, lo, mid, hi);
    }

    /// <summary>"n of N grafted patients never neutropenic: not applicable, left out", or null when every patient applies.</summary>
    private static string? NotApplicableNote(PatientOutcome[] outcomes, bool neutrophilsOnly = false)
    {
        int grafted = outcomes.Count(o => o.Grafted);
        int anc = CohortEndpoints.EngraftmentNotApplicable(outcomes, false);
        int plt = neutrophilsOnly ? 0 : CohortEndpoints.EngraftmentNotApplicable(outcomes, true);
        if (anc == 0 && plt == 0) return null;
        var parts = new List<string>();
        if (anc > 0) parts.Add(string.Create(CultureInfo.InvariantCulture, $"{anc:N0} of {grafted:N0} never had ANC < 0.5"));
        if (plt > 0) parts.Add(string.Create(CultureInfo.InvariantCulture, $"{plt:N0} of {grafted:N0} never had platelets < 20"));
        return string.Join("; ", parts) + ": engraftment not applicable, left out";
    }

    /// <summary>The nearest of 1, 2 or 5 × 10ⁿ at or below (at or above, <paramref name="up"/>) <paramref name="value"/>.</summary>
    private static double NiceLog(double value, bool up)
    {
        double decade = Math.Pow(10, Math.Floor(Math.Log10(value)));
        ReadOnlySpan<double> steps = [1, 2, 5, 10];
        if (up)
        {
            foreach (double m in steps) if (m * decade >= value * (1 - 1e-9)) return m * decade;
            return 10 * decade;
        }
        for (int i = steps.Length - 1; i >= 0; i--) if (steps[i] * decade <= value * (1 + 1e-9)) return steps[i] * decade;
        return decade;
    }

    private static string SplitNote(double first, double last) =>
        IsSplit(first, last) ? string.Create(CultureInfo.InvariantCulture, $" Time axis: days up to {EarlyDays} take half the width (grey line), when counts fall and recover.") : "";

    private static bool IsSplit(double first, double last) => last > 3 * EarlyDays && first < EarlyDays;

    /// <summary>An empty panel: time axis (split when long), y axis fitted to <paramref name="data"/>, the normal range and threshold.</summary>
    private static Chart Base(Panel p, double first, double last, IReadOnlyList<double[]> data)
    {
        var x = ChartAxis.DaysAfterInfusion(Math.Floor(first), Math.Ceiling(last));
        if (IsSplit(first, last)) x = x.WithSplit(EarlyDays);
        var (lo, hi) = FitY(p, data);
        var y = p.Log ? ChartAxis.Log10(p.Title, p.Unit, lo, hi) : ChartAxis.Linear(p.Title, p.Unit, lo, hi);
        return new Chart(p.Title, x, y).WithLegend(LegendPosition.Bottom);
    }

    /// <summary>
    /// The y range of a panel: every value drawn, the normal range and the threshold, out to 1, 2 or 5 × 10ⁿ (log) or
    /// even numbers (linear), not below the panel's floor, and at least two decades (log) or 6 units (linear) tall.
    /// </summary>
    private static (double Min, double Max) FitY(Panel p, IReadOnlyList<double[]> data)
    {
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        void Include(double v)
        {
            if (!double.IsFinite(v) || (p.Log && v <= 0)) return;
            lo = Math.Min(lo, v);
            hi = Math.Max(hi, v);
        }
        foreach (var series in data) foreach (double v in series) Include(v);
        if (p.Normal is { } n) { Include(n.Lo); Include(n.Hi); }
        if (p.Threshold is { } t) Include(t.Y);
        if (p.Log)
        {
            double bottom = Math.Max(p.Floor, NiceLog(lo, up: false));
            double top = NiceLog(hi, up: true);
            if (top / bottom < 100) bottom = Math.Max(p.Floor, top / 100);
            if (top / bottom < 100) top = bottom * 100;
            return (bottom, top);
        }
        double min = Math.Max(p.Floor, 2 * Math.Floor(lo / 2)), max = 2 * Math.Ceiling(hi / 2);
        if (max - min < 6) min = Math.Max(p.Floor, max - 6);
        if (max - min < 6) max = min + 6;
        return (min, max);
    }

    private static Chart Decorate(Chart chart, Panel p)
    {
        if (p.Normal is { } n) chart = chart.AddReferenceBand(n.Label, n.Lo, n.Hi);
        if (p.Threshold is { } t) chart = chart.AddReferenceLine(t.Label, t.Y);
        return chart.AddMarker("Day 0: infusion", 0);
    }
}
