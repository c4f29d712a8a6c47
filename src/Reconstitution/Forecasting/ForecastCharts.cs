using System.Globalization;
using Reconstitution.Output.Charts;
using Reconstitution.Physiology;

namespace Reconstitution.Forecasting;

/// <summary>
/// The figure of a <see cref="Forecast"/>: a fan chart per readout (the forecast's 5–95 % and 25–75 % bands and median
/// by day) with the patient's observations drawn on it, and the probability of neutrophil and platelet engraftment by
/// day. Stateless and thread-safe.
/// </summary>
/// <remarks>Use it for the bedside figure of one patient's forecast (<c>forecast.svg</c>); the cohort charts of the Output namespace draw populations, not a single patient against their observations.</remarks>
public static class ForecastCharts
{
    private sealed record Panel(Measure Measure, string Title, string Unit, bool Log, double Min, double Max, (string Label, double Y)? Threshold);

    private static readonly Panel[] Panels =
    [
        new(Measure.Anc, "Neutrophils (ANC)", "×10⁹/L", true, 0.01, 30, ("Engraftment 0.5", 0.5)),
        new(Measure.Platelets, "Platelets", "×10⁹/L", true, 1, 1000, ("Engraftment 20", 20)),
        new(Measure.Hb, "Haemoglobin", "g/dL", false, 4, 18, ("Transfusion trigger 7", 7)),
        new(Measure.Lymphocytes, "Lymphocytes", "×10⁹/L", true, 0.01, 10, null),
        new(Measure.Wbc, "White cells", "×10⁹/L", true, 0.01, 50, null),
        new(Measure.Cd4, "CD4 T cells", "cells/µL", true, 1, 5000, ("CD4 200", 200)),
        new(Measure.Cd8, "CD8 T cells", "cells/µL", true, 1, 5000, null),
        new(Measure.B, "B cells", "cells/µL", true, 1, 5000, null),
        new(Measure.Nk, "NK cells", "cells/µL", true, 1, 5000, null),
        new(Measure.DonorChimerism, "Donor chimerism", "%", false, 0, 100, null),
        new(Measure.Autoreactive, "Autoreactive cells", "cells", true, 1, 1e12, null),
        new(Measure.DiseaseActivity, "Disease activity", "index", false, 0, 1, null),
        new(Measure.Autoantibody, "Autoantibody", "× pre-treatment", false, 0, 2, null),
    ];

    /// <summary>The forecast figure: one fan chart per readout in <see cref="Forecast.Fans"/>, then the engraftment probabilities.</summary>
    /// <param name="forecast">The forecast.</param>
    /// <param name="title">The figure title.</param>
    /// <returns>A figure of two columns.</returns>
    public static ChartGrid Figure(Forecast forecast, string title)
    {
        ArgumentNullException.ThrowIfNull(forecast);
        var charts = new List<Chart>();
        foreach (var fan in forecast.Fans) charts.Add(FanChart(forecast, fan));
        charts.Add(Engraftment(forecast));
        string caption = string.Create(CultureInfo.InvariantCulture,
            $"Bands: 5–95 % and 25–75 % of the forecast (weighted virtual patients conditioned on the observations); line: median. Points: observed values (orange: a bound, e.g. below detection). Dotted: day 0 and the last observed day (day {forecast.LastObservedDay}). {forecast.Options.Particles} particles, effective sample size {forecast.EffectiveSampleSize:0}.");
        if (!forecast.Consistency.IsConsistent) caption = "WARNING: the observations are inconsistent with the model; this is not a forecast. " + string.Join(" ", forecast.Consistency.Problems) + " " + caption;
        return new ChartGrid(title, 2, charts).WithCaption(caption);
    }

    private static Chart FanChart(Forecast forecast, ReadoutFan fan)
    {
        var p = Array.Find(Panels, x => x.Measure == fan.Measure)!;
        var y = p.Log ? ChartAxis.Log10(p.Title, p.Unit, p.Min, p.Max) : ChartAxis.Linear(p.Title, p.Unit, p.Min, p.Max);
        double Clip(double v) => double.IsNaN(v) ? v : Math.Min(p.Max, Math.Max(p.Min, v));
        double[] C(IReadOnlyList<double> v) => [.. v.Select(Clip)];
        double[] x = [.. fan.Days.Select(d => (double)d)];
        var chart = new Chart(p.Title, ChartAxis.DaysAfterInfusion(fan.Days[0], fan.Days[^1]), y)
            .WithLegend(LegendPosition.Bottom)
            .AddBand("Forecast: median, 5–95%", x, C(fan.P05), C(fan.P50), C(fan.P95), "#56B4E9")
            .AddBand("25–75%", x, C(fan.P25), C(fan.P50), C(fan.P75), "#0072B2");
        var exact = forecast.Observations.Where(o => o.Measure == fan.Measure && o.Censoring == ObservationCensoring.None).ToArray();
        var bounds = forecast.Observations.Where(o => o.Measure == fan.Measure && o.Censoring != ObservationCensoring.None).ToArray();
        if (exact.Length > 0)
            chart = chart.AddPoints("Observed", [.. exact.Select(o => (double)o.Day)], [.. exact.Select(o => Clip(o.Value))], color: "#000000");
        if (bounds.Length > 0)
            chart = chart.AddPoints("Observed bound (< or >)", [.. bounds.Select(o => (double)o.Day)], [.. bounds.Select(o => Clip(o.Value))], color: "#D55E00");
        if (p.Threshold is { } t) chart = chart.AddReferenceLine(t.Label, t.Y);
        return chart.AddMarker("Day 0: infusion", 0).AddMarker($"Last observed: day {forecast.LastObservedDay}", forecast.LastObservedDay);
    }

    private static Chart Engraftment(Forecast forecast)
    {
        int h = forecast.Options.HorizonDays;
        double[] x = [.. Enumerable.Range(0, h + 1).Select(d => (double)d)];
        double[] P(DayDistribution d) => [.. Enumerable.Range(0, h + 1).Select(day => 100 * d.ProbabilityBy(day))];
        var chart = new Chart("Engraftment", ChartAxis.DaysAfterInfusion(0, h), ChartAxis.Linear("Probability engrafted by day", "%", 0, 100))
            .WithLegend(LegendPosition.Bottom)
            .AddStepLine("Neutrophils (ANC ≥ 0.5, 3 days)", x, P(forecast.NeutrophilEngraftment))
            .AddStepLine("Platelets (≥ 20, untransfused)", x, P(forecast.PlateletEngraftment));
        string failure = forecast.GraftFailureProbability is { } g ? string.Create(CultureInfo.InvariantCulture, $"; graft failure {100 * g:0.#} %") : "";
        return chart.AddMarker($"Last observed: day {forecast.LastObservedDay}", forecast.LastObservedDay)
            .WithSubtitle(string.Create(CultureInfo.InvariantCulture,
                $"Neutrophils: median {Day(forecast.NeutrophilEngraftment.Median)}, 90 % {Interval(forecast.NeutrophilEngraftment)}{failure}"));
    }

    private static string Day(int? d) => d is int v ? "day " + v.ToString(CultureInfo.InvariantCulture) : "not reached";

    private static string Interval(DayDistribution d)
    {
        var (lo, hi) = d.Interval(0.9);
        string L(int? v) => v is int x ? x.ToString(CultureInfo.InvariantCulture) : "—";
        return $"{L(lo)}–{(hi is int u ? u.ToString(CultureInfo.InvariantCulture) : "later")}";
    }
}
